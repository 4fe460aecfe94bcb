// A page hostile to storage readers (100,000 localStorage keys, Storage.prototype.getItem replaced to throw for one
// key and return 50 MB for another, Storage.prototype.key replaced to throw for every index, a document.cookie getter
// that throws) leaves the panel working, in Chromium: the storage's own properties are read past the wrappers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { readPlaces, readStorageView } from './storage-dom.mjs';

let demo;
let ui;
let session;

const inPanel = (fn) => ui.panel.evaluate(`(${fn})(document, window)`);
const view = () => inPanel(readStorageView);

before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
  ui = await openChromiumPanel({ extDir: dist('chrome'), url: `${demo.origin}/` });
  // Loaded once DevTools listens: the token request is captured, and the panel reads storage after the navigation.
  await ui.page.goto(`${demo.origin}/hostile-storage.html`);
  await ui.page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 60000 });
  lap('hostile page ready');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('the read is bounded, says what it could not read, and still finds the token in sessionStorage', async () => {
  const started = Date.now();
  const before = (await view()).storageTime;
  await ui.panel.click('button[data-storage-time]');
  const v = await waitFor(
    view,
    (x) => x.storageTime !== before && x.notes.some((n) => /only the first 10000/.test(n)),
    { what: 'notes from the hostile read', timeout: 30000 },
  );
  lap(`hostile read answered in ${Date.now() - started} ms`);
  assert.ok(
    v.notes.some((n) => /^localStorage holds 1000\d\d keys: only the first 10000 were read\.$/.test(n)),
    JSON.stringify(v.notes),
  );
  // Both wrappers are passed by: the values are the stored ones, not the wrapper's error or 50 MB.
  for (const area of ['localStorage', 'sessionStorage'])
    assert.ok(
      v.notes.includes(
        `${area}: the page replaced Storage.prototype.key and getItem: read from the storage's own properties instead.`,
      ),
      JSON.stringify(v.notes),
    );
  assert.ok(!v.notes.some((n) => /getItem refused|holds 52428800 characters/.test(n)), JSON.stringify(v.notes));
  assert.ok(v.notes.includes('document.cookie could not be read: cookie getter refused'), JSON.stringify(v.notes));
  const d = await waitFor(
    async () => {
      await ui.panel.click(`.row[data-id="${tokenId(session.userAddIn)}"]`).catch(() => {});
      return inPanel(readPlaces);
    },
    (x) => x?.id === tokenId(session.userAddIn) && x.places.some((p) => p.where === 'session-storage'),
    { what: 'the sessionStorage token joined to its request' },
  );
  assert.ok(d.places.some((p) => p.where === 'authorization-header'));
  assert.equal(d.findings.find((f) => f.code === 'storage-exposure').severity, 'info');
});

test('the panel stays usable: filtering and a second rescan work', async () => {
  await ui.panel.type('input.filter', 'user+add-in');
  const v = await waitFor(view, (x) => x.rows.length === 1, { what: 'filtered list' });
  assert.equal(v.rows[0].id, tokenId(session.userAddIn));
  const before = v.storageTime;
  await ui.panel.click('button[data-storage-time]');
  await waitFor(view, (x) => x.storageTime !== before, { what: 'second rescan', timeout: 30000 });
});
