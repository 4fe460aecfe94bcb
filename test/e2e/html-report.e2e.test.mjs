// The HTML report (`bearerscope scan --format html`) opened from disk in Chromium with the network cut off:
// it renders with no console error and no request of its own, runs nothing from the hostile corpus, and reads
// in light, dark and print. Screenshots go to .tmp/screenshots/; with UPDATE_DOCS=1 also to docs/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { findBrowser } from '../../scripts/browsers.mjs';
import { writeHostileHar } from '../fixtures/hostile-corpus.mjs';
import { painted, root, screenshot } from './helpers.mjs';

const executablePath = findBrowser('chromium');
const dir = fs.mkdtempSync(path.join(root, '.tmp', 'html-report-'));
let browser;

function report(name, args) {
  const out = path.join(dir, name);
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'scan', ...args, '--format', 'html', '--output', out, '--fail-on', 'never'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return out;
}

/** Opens a file with every request but the page itself refused, and gathers console messages and requests. */
async function open(file, { dark = false } = {}) {
  const page = await browser.newPage();
  const seen = { console: [], requests: [], errors: [] };
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === pathToFileURL(file).href) return void req.continue();
    seen.requests.push(req.url());
    void req.abort();
  });
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await page.setViewport({ width: 1100, height: 900 });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, seen };
}

const shoot = (page, name) => screenshot(page, name, { docs: name });

before(async () => {
  if (!executablePath) return;
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});
after(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test(
  'the report of a SharePoint and an Entra ID session opens offline, with its timeline, in light and dark',
  { skip: !executablePath && 'no Chromium' },
  async () => {
    const file = report('session.html', [
      'test/fixtures/sharepoint-addin.har',
      'test/fixtures/refresh-session.har',
      '--now',
      '2023-11-14T22:55:00Z',
    ]);
    for (const dark of [false, true]) {
      const { page, seen } = await open(file, { dark });
      const state = await page.evaluate(() => ({
        bars: document.querySelectorAll('svg.timeline .bar').length,
        denied: document.querySelectorAll('svg.timeline .tick.denied').length,
        links: document.querySelectorAll('svg.timeline .link').length,
        reuse: document.querySelectorAll('svg.timeline .reuse').length,
        skew: document.querySelectorAll('svg.timeline .skew').length,
        bg: getComputedStyle(document.body).backgroundColor,
        sheets: document.styleSheets.length,
        svgWidth: document.querySelector('svg.timeline')?.getBoundingClientRect().width,
      }));
      assert.deepEqual(seen, { console: [], requests: [], errors: [] });
      // The CSP admits the style sheet (by hash): the page is styled, and dark follows prefers-color-scheme.
      assert.equal(state.sheets, 1);
      assert.equal(state.bg, dark ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      assert.equal(state.bars, 9); // 7 tokens of the add-in capture, and the two refresh tokens of the Entra session
      assert.equal(state.denied, 2);
      assert.equal(state.reuse, 1);
      assert.ok(state.links >= 4, `links: ${state.links}`);
      assert.ok(state.skew >= 1, 'the clock skew band is drawn');
      await page.evaluate(() => document.querySelector('h2:nth-of-type(3)')?.scrollIntoView());
      await shoot(page, dark ? 'html-report-dark.png' : 'html-report-light.png');
      if (!dark) {
        // Clicking a bar goes to its token's section.
        await page.click('svg.timeline a[href^="#t-"]');
        assert.match(await page.evaluate(() => location.hash), /^#t-[0-9a-f]{16}$/);
        // Printed: the timeline fits the page width.
        await page.emulateMediaType('print');
        const printed = await page.evaluate(
          () => document.querySelector('svg.timeline').getBoundingClientRect().width <= document.body.clientWidth + 1,
        );
        assert.ok(printed);
        const pdf = await page.pdf({ format: 'A4' });
        assert.ok(pdf.length > 10_000);
      }
      await page.close();
    }
  },
);

test(
  'the hostile corpus runs nothing: no script, no load, no request, no console error',
  { skip: !executablePath && 'no Chromium' },
  async () => {
    const file = report('hostile.html', [writeHostileHar(dir), '--reveal']);
    const { page, seen } = await open(file);
    // Give any injected handler (onerror, onload, a meta refresh) its chance to run: images have loaded or failed by
    // the load event, and what they set off has run by the frames after it.
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.evaluate(painted);
    const state = await page.evaluate(() => ({
      pwned: window.__pwned ?? null,
      scripts: document.scripts.length,
      iframes: document.querySelectorAll('iframe, img, object, embed').length,
      text: document.body.textContent.includes('<script>window.__pwned="script"</script>'),
    }));
    assert.deepEqual(state, { pwned: null, scripts: 0, iframes: 0, text: true });
    assert.deepEqual(seen, { console: [], requests: [], errors: [] });
    await page.close();
  },
);
