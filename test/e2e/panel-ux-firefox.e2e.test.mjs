// Real Firefox ESR, real toolbox: the token table's sorting, the filter syntax, the findings pinned on screen with
// the detail pane's scroll reset, and an import as its own session.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { assertExpiredChips, dist, root, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readDetailView, readTable } from './panel-dom.mjs';

let demo;
let session;
let ui;
const table = () => ui.evalInPanel(readTable);
const tableWith = (ok, what) => waitFor(table, ok, { what, timeout: 30000 });
/** Runs `body` (source text, with `doc` and `win`) in the panel: frame scripts see its DOM through Xray wrappers. */
const run = (body) => ui.evalInPanel(new Function('doc', 'win', `${body}; return true;`));
const click = (selector) => run(`doc.querySelector(${JSON.stringify(selector)}).click()`);
const typeFilter = (text) =>
  run(
    `const box = doc.querySelector('input.filter'); box.value = ${JSON.stringify(text)}; box.dispatchEvent(new win.Event('input', { bubbles: true }))`,
  );
async function select(id) {
  await click(`.row[data-id="${id}"]`);
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
    beforePanel: (page) => page.evaluate(() => window.runAll()),
  });
  await tableWith((t) => t.rows.some((r) => r.id === tokenId(session.expired)), 'the demo’s tokens');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('Firefox: rows are marked by their findings, and a header click sorts both ways', async () => {
  let t = await table();
  const expired = t.rows.find((r) => r.id === tokenId(session.expired));
  assert.equal(expired.severity, 'error');
  assertExpiredChips(expired.chips);
  await click('.th[data-column="kind"] .th-button');
  t = await tableWith((x) => x.headers.find((h) => h.column === 'kind')?.sort === 'ascending', 'sorted by kind');
  const kinds = t.rows.map((r) => r.kind);
  assert.deepEqual(
    kinds,
    [...kinds].sort((a, b) => a.localeCompare(b)),
  );
  await click('.th[data-column="kind"] .th-button');
  t = await tableWith(
    (x) => x.headers.find((h) => h.column === 'kind')?.sort === 'descending',
    'sorted by kind, descending',
  );
  assert.deepEqual(
    t.rows.map((r) => r.kind),
    [...kinds].sort((a, b) => b.localeCompare(a)),
  );
});

test('Firefox: filter syntax', async () => {
  await typeFilter('kind:context');
  await tableWith((x) => x.rows.length > 0 && x.rows.every((r) => r.kind === 'context'), 'kind:context');
  await typeFilter('is:error -code:cookie-leak');
  const t = await tableWith(
    (x) => x.rows.length > 0 && x.rows.every((r) => r.severity === 'error' && !r.chips.includes('cookie')),
    'errors without cookie',
  );
  assert.ok(t.rows.some((r) => r.id === tokenId(session.expired)));
  await typeFilter('-kind:context -kind:user+add-in');
  await tableWith(
    (x) => x.rows.length > 0 && x.rows.every((r) => r.kind !== 'context' && r.kind !== 'user+add-in'),
    'exclusions',
  );
  await typeFilter('');
  await tableWith((x) => x.rows.some((r) => r.kind === 'context'), 'filter cleared');
});

test('Firefox: 401 and status:401 find the refused token, counted shown / total; a key typed is suggested', async () => {
  const expired = tokenId(session.expired);
  const shownOf = (t) => {
    const m = t.count.match(/^(\d+) \/ (\d+) tokens? · (\d+) \/ (\d+) requests?$/);
    assert.ok(m, `count while filtered: "${t.count}"`);
    return m.slice(1).map(Number);
  };
  for (const text of ['401', 'status:401']) {
    await typeFilter(text);
    const t = await tableWith((x) => x.filter === text && x.rows.some((r) => r.id === expired), text);
    const [shown, total, shownRequests, totalRequests] = shownOf(t);
    assert.equal(shown, t.rows.length);
    assert.ok(shown < total && shownRequests < totalRequests, t.count);
  }
  await typeFilter('st');
  const options = await waitFor(
    () =>
      ui.evalInPanel((doc) =>
        [...doc.querySelectorAll('#filter-suggestions [role=option]')].map((o) => o.firstChild.textContent),
      ),
    (x) => x.length > 0,
    { what: 'suggestions for "st"', timeout: 30000 },
  );
  assert.deepEqual(options, ['status:']);
  await typeFilter('');
  await tableWith((x) => x.filter === '' && /^\d+ tokens · \d+ requests$/.test(x.count), 'the count unfiltered');
});

test('Firefox: a newly selected token opens at the top with its findings pinned on screen', async () => {
  await select(tokenId(session.userAddIn));
  await run(`doc.querySelector('.detail').scrollTop = 2000`);
  const scrolled = await ui.evalInPanel(readDetailView);
  assert.ok(scrolled.scrollTop > 200, `the pane scrolled (${scrolled.scrollTop})`);
  await select(tokenId(session.expired));
  const v = await ui.evalInPanel(readDetailView);
  assert.equal(v.scrollTop, 0);
  assert.ok(v.pinnedOnScreen && v.firstFindingOnScreen);
  assert.deepEqual(v.pinned, ['✖ expired when sent', '✖ 401', '▲ expired', '▲ IdP error']);
});

test('Firefox: an imported HAR is a session of its own, judged at its capture time', async () => {
  const har = fs.readFileSync(path.join(root, 'test/fixtures/sharepoint-addin.har'), 'utf8');
  // mozSetFileArray is how privileged code fills a file input, as the file picker would.
  await run(`const input = doc.querySelector('input[type=file]');
    input.mozSetFileArray([new win.File([${JSON.stringify(har)}], 'sharepoint-addin.har', { type: 'application/json' })]);
    input.dispatchEvent(new win.Event('change', { bubbles: true }))`);
  const t = await tableWith((x) => x.session === 'sharepoint-addin.har', 'the imported session');
  assert.deepEqual(t.sessions, ['Live', 'sharepoint-addin.har']);
  assert.match(t.sessionBar, /judged at its capture time, .*2023/);
  assert.equal(t.rows.find((r) => r.kind === 'delegated').status, 'expires in 1 h 8 min');
  await run(
    `const s = doc.querySelector('select.sessions'); s.value = 'live'; s.dispatchEvent(new win.Event('change', { bubbles: true }))`,
  );
  await tableWith((x) => x.session === 'Live' && x.rows.some((r) => r.id === tokenId(session.expired)), 'back to live');
});
