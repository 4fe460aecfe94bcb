// The panel follows the DevTools theme (light and dark) and stays readable docked to the side at 320 px.
// Screenshots go to .tmp/screenshots/; with UPDATE_DOCS=1 also to docs/ for the README.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { launchChromium, openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist, root, screenshot, selectRow, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readPanel } from './panel-dom.mjs';

let demo;
let session;
before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
});
after(() => demo?.close());

const shoot = (target, name, clip) =>
  screenshot(target, name, { docs: name, ...(clip ? { clip, captureBeyondViewport: false } : {}) });

async function themed(uiTheme, name, extraArgs = []) {
  const ui = await openChromiumPanel({
    extDir: dist('chrome'),
    url: `${demo.origin}/?auto=0`,
    args: ['--window-size=1280,1300', ...extraArgs],
    devtoolsPreferences: { uiTheme, currentDockState: 'bottom' },
    beforePanel: (page) => page.evaluate(() => window.runAll()),
  });
  try {
    const state = await waitFor(
      () => ui.panel.evaluate(`(${readPanel})(document, window)`),
      (s) => s.rows.length >= 5,
      { what: 'tokens listed' },
    );
    await selectRow(ui.panel, tokenId(session.expired), readDetail);
    await ui.panel.waitForSelector('.detail[data-id] .finding');
    const colours = await ui.panel.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      fg: getComputedStyle(document.body).color,
    }));
    // DevTools docked at the bottom: the page above it is blank, keep only DevTools in the picture.
    const [width, height] = await ui.devtools.evaluate(() => [innerWidth, innerHeight]);
    const top = await ui.devtools.evaluate(() =>
      Math.round(document.querySelector('iframe')?.getBoundingClientRect().top ?? 0),
    );
    await shoot(ui.devtools, name, { x: 0, y: Math.max(0, top - 40), width, height: height - Math.max(0, top - 40) });
    return { theme: state.theme, colours };
  } finally {
    await ui.close();
  }
}

test('light DevTools theme: the panel is light', async () => {
  const { theme, colours } = await themed('default', 'panel-light.png');
  assert.equal(theme, 'light');
  assert.equal(colours.bg, 'rgb(255, 255, 255)');
});

test('dark DevTools theme: the panel is dark', async () => {
  // Headless DevTools takes its dark theme from the system colour scheme, which --force-dark-mode sets.
  const { theme, colours } = await themed('dark', 'panel-dark.png', ['--force-dark-mode']);
  assert.equal(theme, 'dark');
  assert.equal(colours.bg, 'rgb(32, 33, 36)');
  assert.equal(colours.fg, 'rgb(232, 234, 237)');
});

/** Opens panel.html outside DevTools at a given size with the SharePoint HAR imported and its user+add-in token selected. */
async function standalone(width, height, run) {
  const browser = await launchChromium();
  try {
    const extId = await browser.installExtension(dist('chrome'));
    const page = await browser.newPage();
    await page.setViewport({ width, height });
    // Outside DevTools the panel runs with no live source: the same UI, fed by an imported HAR.
    await page.goto(`chrome-extension://${extId}/panel.html`);
    const input = await page.waitForSelector('input[type=file]');
    await input.uploadFile(path.join(root, 'test/fixtures/sharepoint-addin.har'));
    await page.waitForSelector('.row[data-kind="user+add-in"]');
    await page.click('.row[data-kind="user+add-in"]');
    await page.waitForSelector('.detail[data-id]');
    return await run(page);
  } finally {
    await browser.close();
  }
}

/** Pairs of visible boxes that overlap: toolbar controls, column headers, the cells of each row, list and details. */
function collisions() {
  const boxes = (sel) =>
    [...document.querySelectorAll(sel)]
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
  const overlap = (a, b) =>
    a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1;
  const name = (b) =>
    `${b.el.tagName.toLowerCase()}.${[...b.el.classList].join('.')}${b.el.textContent ? ` "${b.el.textContent.slice(0, 20)}"` : ''}`;
  const out = [];
  const check = (list) =>
    list.forEach((a, i) => list.slice(i + 1).forEach((b) => overlap(a, b) && out.push(`${name(a)} × ${name(b)}`)));
  check(boxes('.toolbar > *:not(.offscreen)'));
  check(boxes('.thead > .th'));
  for (const row of document.querySelectorAll('.row'))
    check([...row.children].map((el) => ({ el, r: el.getBoundingClientRect() })));
  check(boxes('.list-wrap, .detail'));
  // Text inside a cell never spills into its neighbour: it is cut with an ellipsis.
  for (const cell of document.querySelectorAll('.row .cell')) {
    if (getComputedStyle(cell).overflow !== 'hidden') out.push(`cell without clipping: ${cell.className}`);
  }
  return out;
}

test('docked to the side at 320 px the panel stacks and nothing overflows sideways or collides', async () => {
  await standalone(320, 760, async (page) => {
    const layout = await page.evaluate(() => {
      const list = document.querySelector('.list').getBoundingClientRect();
      const detail = document.querySelector('.detail').getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        stacked: detail.top >= list.bottom - 1,
        listWidth: Math.round(list.width),
        listScrollWidth: document.querySelector('.list').scrollWidth,
        columns: [...document.querySelectorAll('.th')].map((h) => h.getAttribute('data-column')),
      };
    });
    assert.ok(layout.scrollWidth <= 320, `page is ${layout.scrollWidth}px wide`);
    assert.ok(layout.stacked, 'details sit under the list');
    assert.equal(layout.listWidth, 320);
    assert.ok(layout.listScrollWidth <= 320, `the table is ${layout.listScrollWidth}px wide`);
    assert.deepEqual(layout.columns, ['kind', 'subject', 'findings']);
    assert.deepEqual(await page.evaluate(collisions), []);
    await shoot(page, 'panel-320px.png');
  });
});

test('at 900 px the table keeps its columns apart and the toolbar wraps instead of colliding', async () => {
  await standalone(900, 700, async (page) => {
    const columns = await page.evaluate(() =>
      [...document.querySelectorAll('.th')].map((h) => h.getAttribute('data-column')),
    );
    assert.ok(columns.length >= 4, `columns shown: ${columns}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 900));
    assert.deepEqual(await page.evaluate(collisions), []);
    await shoot(page, 'panel-900px.png');
  });
});

test('at 1400 px an import reads as its own session, judged at its capture time (screenshot)', async () => {
  await standalone(1400, 900, async (page) => {
    const bar = await page.$eval('.session-bar', (b) => b.textContent);
    assert.match(bar, /judged at its capture time, .*2023/);
    await shoot(page, 'panel-import.png');
  });
});
