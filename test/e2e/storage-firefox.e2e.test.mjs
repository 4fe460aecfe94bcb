// Real Firefox ESR, real toolbox: the SPA's storage tokens with their labels and severities, a secret key sent from the
// page, and a page hostile to storage readers that leaves the panel working.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { readPlaces, readStorageView } from './storage-dom.mjs';

let demo;
let ui;
let page;

const view = () => ui.evalInPanel(readStorageView);
const click = (selector) =>
  ui.evalInPanel(new Function('doc', `doc.querySelector(${JSON.stringify(selector)}).click(); return true;`));
async function select(id) {
  return waitFor(
    async () => {
      await click(`.row[data-id="${id}"]`).catch(() => {});
      return ui.evalInPanel(readPlaces);
    },
    (d) => d?.id === id,
    { what: `detail of ${id}`, timeout: 30000 },
  );
}
async function rescan() {
  const before = (await view()).storageTime;
  await click('button[data-storage-time]');
  return waitFor(view, (x) => x.storageTime !== before, { what: 'storage rescanned', timeout: 30000 });
}
const storageOf = () => page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage } }));
const severityOf = (d, code) => d.findings.find((f) => f.code === code)?.severity;

before(async () => {
  demo = await startDemo();
  ui = await openFirefoxPanel({ extDir: dist('firefox'), url: `${demo.origin}/spa.html?auto=0` });
  page = ui.page;
  await page.evaluate(() => window.runSpa());
  await page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 30000 });
  await rescan();
  lap('Firefox: SPA signed in, storage rescanned');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('Firefox: MSAL.js, MSAL.js v4 encrypted and Auth0 tokens from storage, with their severities', async () => {
  const s = await storageOf();
  const entity = (type) => JSON.parse(Object.entries(s.local).find(([k]) => k.includes(`-${type}-`))[1]);
  const access = await select(tokenId(entity('accesstoken').secret));
  assert.equal(severityOf(access, 'storage-exposure'), 'warning');
  assert.ok(access.places.some((p) => p.where === 'local-storage' && /\(MSAL\.js\)/.test(p.text)));
  const refresh = await select(tokenId(entity('refreshtoken').secret));
  assert.equal(severityOf(refresh, 'storage-exposure'), 'error');
  const auth0 = JSON.parse(Object.entries(s.session).find(([k]) => k.startsWith('@@auth0spajs@@'))[1]).body;
  const id = await select(tokenId(auth0.id_token));
  assert.equal(severityOf(id, 'storage-exposure'), 'info');
  const cookie = await select(tokenId(auth0.access_token));
  assert.equal(severityOf(cookie, 'storage-exposure'), 'error');
  assert.ok(cookie.places.some((p) => p.where === 'script-cookie'));
  const v = await view();
  assert.ok(
    v.rows.some(
      (r) =>
        r.kind === 'refresh' &&
        /error: Kept where any script/.test(r.findings) &&
        r.id !== tokenId(entity('refreshtoken').secret),
    ),
    'the v4 encrypted refresh token is listed too',
  );
});

test('Firefox: a page that sends a secret key gets a secret-in-browser error', async () => {
  await page.goto(`${demo.origin}/secret.html`);
  await page.waitForFunction(() => document.body.dataset.done === '1');
  const v = await waitFor(view, (x) => x.banners.some((b) => /Stripe live secret key/.test(b.text)), {
    what: 'secret banner',
    timeout: 30000,
  });
  assert.equal(v.banners.find((b) => /Stripe live secret key/.test(b.text)).severity, 'error');
});

test('Firefox: a hostile page leaves the panel working and says what could not be read', async () => {
  await page.goto(`${demo.origin}/hostile-storage.html`);
  await page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 60000 });
  const v = await rescan();
  const notes = (
    await waitFor(view, (x) => x.notes.some((n) => /only the first 10000/.test(n)), {
      what: 'hostile notes',
      timeout: 30000,
    })
  ).notes;
  // Storage.prototype.key and getItem are wrapped: the storage's own properties are read past them.
  assert.ok(
    notes.includes(
      "sessionStorage: the page replaced Storage.prototype.key and getItem: read from the storage's own properties instead.",
    ),
    JSON.stringify(notes),
  );
  assert.ok(!notes.some((n) => /getItem refused|holds 52428800 characters/.test(n)), JSON.stringify(notes));
  assert.ok(
    v.rows.some((r) => r.kind === 'user+add-in' && /info: Kept where any script/.test(r.findings)),
    JSON.stringify(v.rows),
  );
  await rescan();
});
