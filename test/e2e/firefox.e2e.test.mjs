// Real Firefox ESR, real toolbox, the built extension as a temporary add-on: the Bearerscope panel on the demo site.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap, painted, root, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readPanel } from './panel-dom.mjs';

let demo;
let session;
let ui;

const panelState = () => ui.evalInPanel(readPanel);
const rowsWith = (pred, what) => waitFor(panelState, (s) => pred(s.rows), { what, timeout: 30000 });
async function select(id) {
  // Frame scripts see the panel's own objects through Xray wrappers; a DOM click works through them.
  await ui.evalInPanel(new Function('doc', `doc.querySelector('.row[data-id="${id}"]').click(); return true;`));
  return waitFor(
    () => ui.evalInPanel(readDetail),
    (d) => d?.id === id,
    { what: `detail of ${id}` },
  );
}

before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
  ui = await openFirefoxPanel({
    extDir: dist('firefox'),
    url: `${demo.origin}/?auto=0`,
    beforePanel: async (page) => {
      await page.evaluate(() => window.runAll());
      lap('flows ran before the panel was shown');
    },
  });
  lap('Firefox panel shown');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('Firefox: backfilled and live tokens are listed with the right kinds and flags', async () => {
  await rowsWith(
    (rows) =>
      ['context', 'user+add-in', 'add-in-only', 'delegated', 'id', 'refresh'].every((k) =>
        rows.some((r) => r.kind === k),
      ),
    'backfilled kinds',
  );
  await ui.page.evaluate(() => window.runAll());
  const s = await rowsWith(
    (rows) =>
      rows.some((r) => r.kind === 'id') &&
      rows.some((r) => r.kind === 'refresh') &&
      rows.some((r) => /Sent in a URL/.test(r.findings)),
    'live tokens and flags',
  );
  const byId = Object.fromEntries(s.rows.map((r) => [r.id, r]));
  assert.equal(byId[tokenId(session.context)]?.kind, 'context');
  assert.equal(byId[tokenId(session.addInOnly)]?.kind, 'add-in-only');
  assert.match(byId[tokenId(session.userAddIn)]?.findings, /error: Stored in a cookie/);
  const expired = byId[tokenId(session.expired)];
  assert.match(expired.text, /expired 1 h ago/);
  assert.match(expired.findings, /Already expired when it was sent/);
});

test('Firefox: readable dates in the detail pane', async () => {
  const d = await select(tokenId(session.userAddIn));
  assert.match(d.times.exp.utc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  assert.match(d.times.exp.rel, /^in 11 h 5\d min$/);
  assert.ok(d.times.exp.local.length > 8);
});

test('Firefox: hostile claims render as text and run nothing', async () => {
  await ui.page.evaluate(() => window.sendHostile());
  const id = tokenId(session.hostile);
  await rowsWith((rows) => rows.some((r) => r.id === id), 'hostile token');
  const d = await select(id);
  assert.ok(d.claimValues.includes('<script>window.__pwned = "script"</script>'));
  assert.equal(d.elementsInClaims, 0);
  await ui.evalInPanel(painted);
  assert.equal(await ui.evalInPanel((doc, win) => win.wrappedJSObject.__pwned ?? null), null);
});

test('Firefox: importing a HAR file through the file picker shows its tokens', async () => {
  const har = fs.readFileSync(path.join(root, 'test/fixtures/sharepoint-addin.har'), 'utf8');
  // mozSetFileArray is how privileged code fills a file input, as the file picker would.
  await ui.evalInPanel(
    new Function(
      'doc',
      'win',
      `
    const input = doc.querySelector('input[type=file]');
    input.mozSetFileArray([new win.File([${JSON.stringify(har)}], 'sharepoint-addin.har', { type: 'application/json' })]);
    input.dispatchEvent(new win.Event('change', { bubbles: true }));
    return true;`,
    ),
  );
  const s = await waitFor(panelState, (x) => /Imported 10 requests/.test(x.notice ?? ''), { what: 'import notice' });
  assert.ok(s.banners.includes('client-secret-in-browser'));
});
