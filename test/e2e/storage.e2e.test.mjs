// Real Chromium, real DevTools: tokens the demo SPA keeps in web storage and cookies, and a secret key it sends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { readPlaces, readStorageView } from './storage-dom.mjs';

let demo;
let ui;
let page;

const inPanel = (fn) => ui.panel.evaluate(`(${fn})(document, window)`);
const view = () => inPanel(readStorageView);
async function select(id) {
  return waitFor(
    async () => {
      await ui.panel.click(`.row[data-id="${id}"]`).catch(() => {});
      return inPanel(readPlaces);
    },
    (d) => d?.id === id,
    { what: `detail of ${id}` },
  );
}
const storageOf = (p) =>
  p.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
const severityOf = (d, code) => d.findings.find((f) => f.code === code)?.severity;

before(async () => {
  demo = await startDemo();
  ui = await openChromiumPanel({
    extDir: dist('chrome'),
    url: `${demo.origin}/spa.html?auto=0`,
  });
  page = ui.page;
  // Signed in once DevTools listens, so the request that uses the cached token is captured too.
  await page.evaluate(() => window.runSpa());
  await page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 20000 });
  await ui.panel.click('button[data-storage-time]');
  lap('SPA signed in, panel shown, storage rescanned');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('MSAL.js cache in localStorage: tokens labelled, severities by kind, and the access token joins its request row', async () => {
  const s = await storageOf(page);
  const entity = (type) => JSON.parse(Object.entries(s.local).find(([k]) => k.includes(`-${type}-`))[1]);
  const access = entity('accesstoken').secret;
  const refresh = entity('refreshtoken').secret;
  await waitFor(view, (v) => [access, refresh].every((raw) => v.rows.some((r) => r.id === tokenId(raw))), {
    what: 'storage tokens listed',
  });

  const a = await select(tokenId(access));
  assert.equal(severityOf(a, 'storage-exposure'), 'warning');
  assert.match(
    a.findings.find((f) => f.code === 'storage-exposure').text,
    /localStorage under key ".*-accesstoken-.*" \(secret\) by MSAL\.js.*cache\.cacheLocation/,
  );
  await waitFor(
    () => select(tokenId(access)),
    (d) =>
      d.places.some((p) => p.where === 'authorization-header') && d.places.some((p) => p.where === 'local-storage'),
    { what: 'request and storage in one row' },
  );

  const r = await select(tokenId(refresh));
  assert.equal(r.findings[0].code, 'storage-exposure');
  assert.equal(r.findings[0].severity, 'error');
  assert.ok(
    r.places.some((p) => p.where === 'local-storage' && /\(MSAL\.js\)/.test(p.text)),
    JSON.stringify(r.places),
  );
});

test('MSAL.js v4 encrypted entry: decrypted with the script-readable cookie, and said so', async () => {
  const page2 = page;
  const v4 = await page2.evaluate(async () => {
    // The page's own view: decrypt as MSAL does, to learn which token the panel should show.
    const b = (s) =>
      Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) =>
        c.charCodeAt(0),
      );
    const cookie = JSON.parse(
      decodeURIComponent(
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('msal.cache.encryption='))
          .split('=')[1],
      ),
    );
    const [key, value] = Object.entries(localStorage).find(([k]) => k.startsWith('msal.2|'));
    const e = JSON.parse(value);
    const base = await crypto.subtle.importKey('raw', b(cookie.key), 'HKDF', false, ['deriveKey']);
    const clientId = key.split('|')[4];
    const k = await crypto.subtle.deriveKey(
      { name: 'HKDF', salt: b(e.nonce), hash: 'SHA-256', info: new TextEncoder().encode(clientId) },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    return JSON.parse(
      new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, k, b(e.data))),
    ).secret;
  });
  const d = await select(tokenId(v4));
  assert.equal(severityOf(d, 'storage-exposure'), 'error');
  assert.match(
    d.findings.find((f) => f.code === 'storage-exposure').text,
    /It is encrypted, but readable by any script on this origin/,
  );
  assert.ok(
    d.places.some((p) => /\(MSAL\.js, encrypted\)/.test(p.text)),
    JSON.stringify(d.places),
  );
});

test('Auth0 entry in sessionStorage is info; an access token in a script-readable cookie is an error', async () => {
  const s = await storageOf(page);
  const auth0 = JSON.parse(Object.entries(s.session).find(([k]) => k.startsWith('@@auth0spajs@@'))[1]).body;
  const id = await select(tokenId(auth0.id_token));
  assert.deepEqual(
    id.findings.filter((f) => f.code === 'storage-exposure').map((f) => f.severity),
    ['info'],
  );
  assert.ok(id.places.some((p) => p.where === 'session-storage' && /Auth0 SPA SDK/.test(p.text)));
  const at = await select(tokenId(auth0.access_token));
  assert.equal(severityOf(at, 'storage-exposure'), 'error');
  assert.deepEqual(
    at.places
      .map((p) => p.where)
      .filter((w) => w !== 'response-body')
      .sort(),
    ['script-cookie', 'session-storage'],
  );
});

test('Rescan storage reads again: a token the page removed from storage loses its storage finding', async () => {
  const s = await storageOf(page);
  const refreshKey = Object.keys(s.local).find((k) => k.includes('-refreshtoken-'));
  const refresh = JSON.parse(s.local[refreshKey]).secret;
  const row = (x) => x.rows.find((r) => r.id === tokenId(refresh));
  // Checked before the click: a fast rescan can be done before the view is read again (seen on Chromium 150).
  assert.match(row(await view()).findings, /Kept where any script/);
  await page.evaluate((k) => localStorage.removeItem(k), refreshKey);
  const before = (await view()).storageTime;
  await ui.panel.click('button[data-storage-time]');
  // The row stays (the token response that brought it is still in the capture); its storage finding goes.
  const v = await waitFor(
    view,
    (x) => x.storageTime !== before && !/Kept where any script/.test(row(x)?.findings ?? 'x'),
    { what: 'rescan without the removed token' },
  );
  assert.equal(row(v).findings, 'No findings');
});

test("after a navigation the new page's storage is read without a click", async () => {
  await page.goto(`${demo.origin}/spa.html`);
  await page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 20000 });
  const s = await storageOf(page);
  const refresh = JSON.parse(Object.entries(s.local).find(([k]) => k.includes('-refreshtoken-'))[1]).secret;
  await waitFor(
    view,
    (x) =>
      /error: Kept where any script on the page can read it/.test(
        x.rows.find((r) => r.id === tokenId(refresh))?.findings,
      ),
    { what: 'the new refresh token with its storage finding', timeout: 30000 },
  );
});

test('a page that sends a secret key: secret-in-browser error and a Google key as info, redacted', async () => {
  await page.goto(`${demo.origin}/secret.html`);
  await page.waitForFunction(() => document.body.dataset.done === '1');
  const v = await waitFor(view, (x) => x.banners.filter((b) => b.code === 'secret-in-browser').length >= 2, {
    what: 'secret banners',
  });
  const stripe = v.banners.find((b) => /Stripe live secret key/.test(b.text));
  assert.equal(stripe.severity, 'error');
  assert.match(stripe.text, /sk_live_yR… \(32 characters\)/);
  assert.doesNotMatch(stripe.text, /yRh6nRuyLeXE7At07YbTCyAE/);
  assert.equal(v.banners.find((b) => /Google API key/.test(b.text)).severity, 'info');
});
