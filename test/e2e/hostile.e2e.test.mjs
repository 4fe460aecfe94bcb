// The hostile corpus in the real DevTools panel (Chromium): everything shows as inert text, nothing runs, the
// panel keeps answering, and a broken import says what is wrong and keeps what was captured.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { HOSTILE_TOKENS, writeHostileHar, writeManyHar } from '../fixtures/hostile-corpus.mjs';
import { dist, lap, root, selectRow, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readPanel } from './panel-dom.mjs';

let demo;
let ui;
const dir = path.join(root, '.tmp', 'hostile');
const inPanel = (fn) => ui.panel.evaluate(`(${fn})(document, window)`);
const counts = async () => (await ui.panel.$eval('.count', (e) => e.textContent)).match(/\d+/g).map(Number);

async function importFile(file) {
  const input = await ui.panel.$('input[type=file]');
  await input.uploadFile(file);
}
async function select(id) {
  const t0 = Date.now();
  const d = await selectRow(ui.panel, id, readDetail);
  lap(`details of ${id} shown in ${Date.now() - t0} ms`);
  return d;
}

before(async () => {
  fs.mkdirSync(dir, { recursive: true });
  demo = await startDemo();
  ui = await openChromiumPanel({ extDir: dist('chrome'), url: `${demo.origin}/?auto=0` });
});
after(async () => {
  await ui?.close();
  await demo?.close();
  fs.rmSync(dir, { recursive: true, force: true }); // the generated HAR files, 100,000 entries among them
});

/** Runs in the panel: every main-thread task over 50 ms from now on, in window.__longTasks. */
function watchLongTasks(doc, win) {
  win.__longTasks = [];
  new win.PerformanceObserver((list) => win.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
    type: 'longtask',
  });
}

test('a page sending a 240 KB adversarial header leaves the live panel answering clicks', async () => {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const plain = (sub) =>
    `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://issuer.example', aud: 'api://orders', sub, exp: 4102444800 })}.c2ln`;
  const send = (token, hostile) =>
    ui.page.evaluate(
      async (token, hostile) => {
        const statuses = [];
        if (hostile) {
          const value = `eyJ-${'ey-'.repeat(80_000)}`; // the JWT-in-text pattern's worst case, 240 KB
          for (const headers of [{ 'X-Trace': value }, { Authorization: `Bearer ${value}` }]) {
            const r = await fetch('/api/ping?hostile=1', { headers });
            await r.text();
            statuses.push(r.status);
          }
        }
        const r = await fetch('/api/echo', { headers: { Authorization: `Bearer ${token}` } });
        await r.text();
        return [...statuses, r.status];
      },
      token,
      hostile,
    );
  // A first token and its details, so that what the panel does once (its first list, its first details) is done.
  await send(plain('before'), false);
  await select(tokenId(plain('before')));
  await inPanel(watchLongTasks);
  assert.deepEqual(await send(plain('after'), true), [200, 200, 200]);
  // The ordinary token came after the hostile requests: once it is listed, they have been analysed.
  await select(tokenId(plain('after')));
  const longTasks = await ui.panel.evaluate(() => window.__longTasks);
  const worst = Math.max(0, ...longTasks);
  lap(`live panel, 240 KB adversarial headers: ${longTasks.length} long tasks, the longest ${worst.toFixed(0)} ms`);
  // Generous, for a loaded machine: before the linear-time fixes one such header held the panel for some 30 s. The
  // 100 ms target is measured by `npm run bench` (bench/hostile.mjs).
  assert.ok(worst < 2000, `the panel's longest task was ${worst.toFixed(0)} ms`);
});

test('hostile tokens, claims and header names import and render as inert text', async () => {
  await importFile(writeHostileHar(dir));
  const s = await waitFor(
    () => inPanel(readPanel),
    (x) => /Imported 1 requests|Imported 5 requests/.test(x.notice ?? ''),
    { what: 'import' },
  );
  for (const raw of Object.values(HOSTILE_TOKENS))
    assert.ok(
      s.rows.some((r) => r.id === tokenId(raw)),
      'every hostile token is listed',
    );
  assert.ok(s.banners.includes('oauth-error'));

  const html = await select(tokenId(HOSTILE_TOKENS.html));
  assert.ok(html.claimNames.includes('<img src=x onerror="window.__pwned=\'img\'">'));
  assert.ok(html.claimValues.includes('<script>window.__pwned="script"</script>'));
  assert.equal(html.elementsInClaims, 0);
  const invisible = await select(tokenId(HOSTILE_TOKENS.invisible));
  assert.ok(invisible.claimValues.includes('invoice⟨U+202E⟩fdp.exe'));
  assert.ok(invisible.claimNames.includes('na⟨U+200D⟩me'));
  const deep = await select(tokenId(HOSTILE_TOKENS.deep));
  assert.ok(deep.claimValues.some((v) => v.includes('[nested more than 32 levels deep: not shown]')));
  const huge = await select(tokenId(HOSTILE_TOKENS.huge));
  assert.ok(
    huge.claimValues.some((v) => v.endsWith('… (1000000 characters)')),
    'the 1 MB claim is shown cut, with its length',
  );
  await select(tokenId(HOSTILE_TOKENS.proto));

  // The panel draws two kinds of SVG of its own (the copy icon, the timeline); any other SVG, any frame, image or
  // inline script, and any element with an event-handler attribute came from the data.
  const ran = await ui.panel.evaluate(() => ({
    pwned: window.__pwned ?? null,
    polluted: {}.polluted ?? null,
    frames: document.querySelectorAll('iframe, img, script:not([src]), svg:not(.icon):not(.timeline-svg)').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name)))
      .length,
  }));
  assert.deepEqual(ran, { pwned: null, polluted: null, frames: 0, handlers: 0 });
});

test('the imported session exports as SARIF and HTML, named for the file and the moment, redacted', async () => {
  const downloads = path.join(dir, 'downloads');
  fs.mkdirSync(downloads, { recursive: true });
  const cdp = await ui.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const saved = {};
  for (const format of ['sarif', 'html']) {
    await ui.panel.select('select.export-format', format);
    await ui.panel.$eval('.export button', (b) => b.click());
    const name = await waitFor(
      () => fs.readdirSync(downloads).find((f) => f.endsWith(`.${format}`)),
      (f) => f !== undefined,
      { what: `the ${format} export`, timeout: 30_000 },
    );
    assert.match(name, new RegExp(`^bearerscope-hostile-\\d{8}-\\d{6}\\.${format}$`));
    saved[format] = await waitFor(
      () => fs.readFileSync(path.join(downloads, name), 'utf8'),
      (text) => text.trimEnd().endsWith(format === 'sarif' ? '}' : '</html>'),
      { what: `the whole ${format} file` },
    );
  }
  const sarif = JSON.parse(saved.sarif);
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs[0].results.length > 0, 'the findings are in the SARIF');
  assert.match(saved.html, /Raw tokens and credential claims are redacted/);
  for (const raw of Object.values(HOSTILE_TOKENS))
    for (const text of Object.values(saved)) assert.ok(!text.includes(raw), 'no raw token is exported by default');
});

test('a broken HAR import says what is wrong and keeps what was captured', async () => {
  const before = await counts();
  const broken = path.join(dir, 'broken.har');
  fs.writeFileSync(
    broken,
    fs.readFileSync(path.join(root, 'test/fixtures/sharepoint-addin.har'), 'utf8').slice(0, 30_000),
  );
  await importFile(broken);
  const s = await waitFor(
    () => inPanel(readPanel),
    (x) => /Could not import broken\.har/.test(x.notice ?? ''),
    { what: 'error notice' },
  );
  assert.match(s.notice, /the HAR file is truncated: it ends inside entry #\d+/);
  const [tokens, requests] = await counts();
  assert.ok(tokens >= before[0], 'no token was lost');
  assert.ok(requests >= before[1]);
  const notHar = path.join(dir, 'notes.txt');
  fs.writeFileSync(notHar, 'just some notes');
  await importFile(notHar);
  await waitFor(
    () => inPanel(readPanel),
    (x) => /Could not import notes\.txt: not a HAR file/.test(x.notice ?? ''),
    { what: 'not-a-HAR notice' },
  );
  assert.deepEqual((await counts())[0], tokens);
});

test('a HAR of 100,000 entries imports and the panel keeps answering', async () => {
  const t0 = Date.now();
  await importFile(writeManyHar(dir));
  await waitFor(
    () => inPanel(readPanel),
    (x) => /Imported 100000 requests/.test(x.notice ?? ''),
    { what: '100,000 imported', timeout: 120_000 },
  );
  lap(`100,000 entries imported in ${Date.now() - t0} ms`);
  assert.equal((await counts())[1], 100_000); // an import is a session of its own: its requests, no others
  const rows = (await inPanel(readPanel)).rows;
  await select(rows[0].id);
});
