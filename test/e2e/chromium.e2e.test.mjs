// Real Chromium, real DevTools, the built extension: the Bearerscope panel on the demo site.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist, lap, painted, root, screenshot, selectRow, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readPanel } from './panel-dom.mjs';

let demo;
let session;
let ui;
const extensionRequests = [];

/** Runs one of panel-dom.mjs's functions in the panel's document. */
const inPanel = (fn) => ui.panel.evaluate(`(${fn})(document, window)`);
const panelState = () => inPanel(readPanel);
const rowsWith = (pred, what, options = {}) => waitFor(panelState, (s) => pred(s.rows), { what, ...options });
const select = (id) => selectRow(ui.panel, id, readDetail);

before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
  ui = await openChromiumPanel({
    extDir: dist('chrome'),
    url: `${demo.origin}/?auto=0`,
    // Traffic before the panel is first shown: the panel must find it through getHAR().
    beforePanel: async (page) => {
      await page.evaluate(() => window.runAll());
      lap('flows ran before the panel was shown');
    },
  });
  lap(`panel shown (extension ${ui.extId})`);
  // Any request from DevTools frames (the panel among them) to the network; the panel must make none.
  ui.devtools.on('request', (r) => {
    if (!/^(chrome-extension|devtools|data|blob):/.test(r.url())) extensionRequests.push(r.url());
  });
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('backfill: tokens sent before the panel was shown are listed with the right kinds', async () => {
  // ID and refresh tokens travel only in the token endpoint's response body, which getHAR() entries still give.
  const s = await rowsWith(
    (rows) =>
      ['context', 'user+add-in', 'add-in-only', 'delegated', 'id', 'refresh'].every((k) =>
        rows.some((r) => r.kind === k),
      ),
    'backfilled kinds',
  );
  const byId = Object.fromEntries(s.rows.map((r) => [r.id, r]));
  assert.equal(byId[tokenId(session.context)]?.kind, 'context');
  assert.equal(byId[tokenId(session.userAddIn)]?.kind, 'user+add-in');
  assert.equal(byId[tokenId(session.addInOnly)]?.kind, 'add-in-only');
  assert.equal(byId[tokenId(session.expired)]?.kind, 'user+add-in');
});

test('live capture: the token response’s ID and refresh tokens, and what is wrong is flagged', async () => {
  await ui.page.evaluate(() => window.runAll());
  // The expired token's 401 is an answer the page never reads: Chromium lists it from DevTools' log, which a busy
  // machine's slow reads space out (live-source.ts, REREAD_STALL_SHARE), so the wait is for it too, and longer.
  const s = await rowsWith(
    (rows) =>
      rows.some((r) => r.kind === 'id') &&
      rows.some((r) => r.kind === 'refresh') &&
      rows.some((r) => r.id === tokenId(session.expired) && /refused \(401\/403\)/.test(r.findings)),
    'ID and refresh tokens, and the 401',
    { timeout: 60_000 },
  );
  const expired = s.rows.find((r) => r.id === tokenId(session.expired));
  assert.match(expired.text, /expired 1 h ago/);
  assert.match(expired.findings, /error: Already expired when it was sent/);
  assert.match(expired.findings, /error: A request carrying it was refused \(401\/403\)/);
  assert.match(s.rows.find((r) => r.id === tokenId(session.userAddIn)).findings, /error: Stored in a cookie/);
  assert.ok(
    s.rows.some((r) => r.kind === 'delegated' && /error: Sent in a URL/.test(r.findings)),
    'URL leak flagged on the Entra access token',
  );
});

test('detail: readable nbf/exp in local time and UTC, principals, and the context token’s CacheKey', async () => {
  const d = await select(tokenId(session.userAddIn));
  assert.match(d.times.exp.utc, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  assert.ok(d.times.exp.local.length > 8, `local time shown: ${d.times.exp.local}`);
  assert.match(d.times.exp.rel, /^in 11 h 5\d min$/);
  assert.match(d.times.nbf.rel, /^\d+ min ago$/);
  assert.ok(d.lifetimeBar);
  // The start page's Set-Cookie has no HttpOnly, so the panel's storage read finds it in document.cookie as well.
  assert.deepEqual(d.findings.sort(), ['cookie-leak', 'storage-exposure']);
  assert.ok(
    d.principals.some(
      (p) =>
        p.includes('00000003-0000-0ff1-ce00-000000000000 (SharePoint)') &&
        p.includes('040f2415-e6e3-4480-96ce-26ef73275f73'),
    ),
  );
  const c = await select(tokenId(session.context));
  assert.ok(c.cacheKey && c.cacheKey.length > 20, 'CacheKey surfaced');
});

test('a token whose claims hold HTML and script renders as text and runs nothing', async () => {
  await ui.page.evaluate(() => window.sendHostile());
  const id = tokenId(session.hostile);
  await rowsWith((rows) => rows.some((r) => r.id === id), 'hostile token');
  const d = await select(id);
  assert.ok(d.claimValues.includes('<script>window.__pwned = "script"</script>'));
  assert.ok(d.claimValues.includes('<img src=x onerror="window.__pwned = \'img\'">'));
  assert.ok(d.claimNames.includes('<b onmouseover=alert(1)>claim</b>'));
  assert.ok(d.claimValues.includes('invoice⟨U+202E⟩fdp.exe'), 'RTL override shown visibly');
  assert.equal(d.elementsInClaims, 0);
  await ui.panel.evaluate(painted);
  assert.equal(await ui.panel.evaluate(() => window.__pwned ?? null), null);
});

test('importing a HAR file shows its tokens', async () => {
  const input = await ui.panel.$('input[type=file]');
  await input.uploadFile(path.join(root, 'test/fixtures/sharepoint-addin.har'));
  const s = await waitFor(panelState, (x) => /Imported 10 requests/.test(x.notice ?? ''), { what: 'import notice' });
  assert.ok(s.banners.includes('client-secret-in-browser'));
  assert.ok(s.banners.includes('idp-error'));
  const fixture = fs.readFileSync(path.join(root, 'test/fixtures/tokens.ts'), 'utf8');
  const addInOnly = /export const ACS_ADDIN_ONLY =\s*'([^']+)'/.exec(fixture)[1];
  assert.equal(s.rows.find((r) => r.id === tokenId(addInOnly))?.kind, 'add-in-only');
});

test('the light theme renders (screenshot)', async () => {
  const s = await panelState();
  assert.equal(s.theme, 'light');
  await ui.panel.select('select.sessions', 'live'); // the import above is a session of its own
  await select(tokenId(session.userAddIn));
  await screenshot(ui.devtools, 'chromium-devtools-light.png');
});

test('privacy: the extension sends no request of its own and stores nothing', async () => {
  assert.deepEqual(extensionRequests, []);
  const stored = await ui.panel.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    cookies: document.cookie,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, databases: 0, cookies: '' });
  // Every request the demo site received came from the demo page itself.
  assert.ok(demo.requests.every((r) => r.url.startsWith('/')));
});
