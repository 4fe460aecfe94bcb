// Real Chromium, real DevTools: the token table's sorting (mouse and keyboard), the filter syntax, the findings
// pinned on screen when a token is selected, the detail pane's scroll reset, and an import as its own session.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { assertExpiredChips, dist, root, screenshot, selectRow, tokenId, waitFor } from './helpers.mjs';
import { readDetail, readDetailView, readTable } from './panel-dom.mjs';

let demo;
let session;
let ui;
const table = () => ui.panel.evaluate(`(${readTable})(document, window)`);
const view = () => ui.panel.evaluate(`(${readDetailView})(document, window)`);
const tableWith = (ok, what, options = {}) => waitFor(table, ok, { what, ...options });

async function typeFilter(text) {
  await ui.panel.click('input.filter', { clickCount: 3 });
  await ui.devtools.keyboard.press('Backspace');
  if (text) await ui.devtools.keyboard.type(text);
}

before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
  ui = await openChromiumPanel({
    extDir: dist('chrome'),
    url: `${demo.origin}/?auto=0`,
    args: ['--window-size=1400,1000'],
    devtoolsPreferences: { currentDockState: 'bottom' },
    beforePanel: (page) => page.evaluate(() => window.runAll()),
  });
  await tableWith((t) => t.rows.length >= 7, 'the demo’s tokens');
});

// Each test starts from the live session, unfiltered: one that fails half-way must not fail the ones after it.
beforeEach(async () => {
  if (!ui) return;
  const t = await table();
  if (t.session !== 'Live') await ui.panel.select('select.sessions', 'live');
  if (t.filter !== '') await typeFilter('');
  await tableWith((x) => x.session === 'Live' && x.filter === '', 'the live session, unfiltered');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('every token with an error is marked in its row, without hovering', async () => {
  // The 401 is an answer the page never reads: Chromium lists it from DevTools' log, a read after the token's row; on a
  // busy machine a slow read spaces the next one out (live-source.ts, REREAD_STALL_SHARE), hence the longer wait.
  const t0 = Date.now();
  const t = await tableWith(
    (x) => x.rows.some((r) => r.id === tokenId(session.expired) && r.chips.includes('401')),
    'the expired token with its 401',
    { timeout: 60_000 },
  );
  console.log(`# the never-read 401 listed ${Date.now() - t0} ms after the demo's rows`);
  const expired = t.rows.find((r) => r.id === tokenId(session.expired));
  assert.equal(expired.severity, 'error');
  assertExpiredChips(expired.chips);
  assert.ok(t.rows.find((r) => r.id === tokenId(session.userAddIn)).chips.includes('cookie'));
  assert.ok(t.rows.some((r) => r.kind === 'delegated' && r.chips.includes('URL')));
});

test('sorting: a click on a header, then Enter on it from the keyboard, reverses the order', async () => {
  await ui.panel.click('.th[data-column="kind"] .th-button');
  let t = await tableWith((x) => x.headers.find((h) => h.column === 'kind')?.sort === 'ascending', 'sorted by kind');
  const kinds = t.rows.map((r) => r.kind);
  assert.deepEqual(
    kinds,
    [...kinds].sort((a, b) => a.localeCompare(b)),
  );
  await ui.panel.focus('.th[data-column="kind"] .th-button');
  await ui.devtools.keyboard.press('Enter');
  t = await tableWith(
    (x) => x.headers.find((h) => h.column === 'kind')?.sort === 'descending',
    'sorted by kind, descending',
  );
  assert.deepEqual(
    t.rows.map((r) => r.kind),
    [...kinds].reverse().sort((a, b) => b.localeCompare(a)),
  );
  assert.deepEqual(
    t.headers.filter((h) => h.sort !== 'none').map((h) => h.column),
    ['kind'],
  );
  // The choice is a setting, kept in the extension page's storage: the sort order and nothing else.
  const stored = await ui.panel.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])),
  );
  assert.deepEqual(Object.keys(stored), ['bearerscope.settings']);
  assert.deepEqual(JSON.parse(stored['bearerscope.settings']), {
    sort: { column: 'kind', dir: 'desc' },
    widths: {},
    split: 0.6,
    hidden: [],
  });
});

test('filter syntax: kind:, is:error, code:, host:, - to exclude, typed after "/" from the list', async () => {
  await ui.panel.focus('.list');
  const focused = () => ui.panel.evaluate(() => document.activeElement?.className);
  assert.equal(await focused(), 'list');
  await ui.devtools.keyboard.press('/');
  assert.equal(await focused(), 'filter');
  await ui.devtools.keyboard.type('kind:context');
  let t = await tableWith(
    (x) => x.filter === 'kind:context' && x.rows.length > 0 && x.rows.every((r) => r.kind === 'context'),
    'kind:context',
  );
  await typeFilter('is:error');
  t = await tableWith(
    (x) => x.filter === 'is:error' && x.rows.length > 0 && x.rows.every((r) => r.severity === 'error'),
    'is:error',
  );
  assert.ok(t.rows.some((r) => r.id === tokenId(session.expired)));
  await typeFilter('is:error -code:cookie-leak');
  t = await tableWith((x) => x.filter === 'is:error -code:cookie-leak' && x.rows.length > 0, 'errors without cookie');
  assert.ok(t.rows.every((r) => !r.chips.includes('cookie')));
  await typeFilter('-kind:context -kind:user+add-in');
  t = await tableWith((x) => x.filter === '-kind:context -kind:user+add-in', 'exclusions');
  assert.ok(t.rows.length > 0 && t.rows.every((r) => r.kind !== 'context' && r.kind !== 'user+add-in'));
  await typeFilter('host:nowhere.example');
  await tableWith((x) => x.empty === 'No token matches the filter.', 'nothing matches');
  await typeFilter('');
  await tableWith((x) => x.filter === '' && x.rows.length >= 7, 'filter cleared');
});

test('the filter finds what the row shows: 401 and status:401 list the refused token, counted shown / total', async () => {
  const expired = tokenId(session.expired);
  const all = await tableWith(
    (x) => x.filter === '' && x.rows.some((r) => r.id === expired && r.chips.includes('401')),
    'the expired token with its 401',
    { timeout: 60_000 },
  );
  const [tokens, requests] = all.count.match(/\d+/g).map(Number);
  assert.equal(all.count, `${tokens} tokens · ${requests} requests`);
  const shownOf = (t) => {
    const m = t.count.match(/^(\d+) \/ (\d+) tokens? · (\d+) \/ (\d+) requests?$/);
    assert.ok(m, `count while filtered: "${t.count}"`);
    return m.slice(1).map(Number);
  };
  // Free text: the chip's label and the HTTP status its request got.
  await typeFilter('401');
  let t = await tableWith((x) => x.filter === '401' && x.rows.some((r) => r.id === expired), '401');
  let [shown, total, shownRequests, totalRequests] = shownOf(t);
  assert.equal(shown, t.rows.length);
  assert.ok(shown < total && total >= tokens, t.count);
  assert.ok(shownRequests >= 1 && shownRequests < totalRequests && totalRequests >= requests, t.count);
  // The key typed as the suggestions offer it: `st` → `status:` (Tab accepts), then the status.
  await typeFilter('st');
  const suggested = () =>
    ui.panel.evaluate(() => ({
      expanded: document.querySelector('input.filter').getAttribute('aria-expanded'),
      options: [...document.querySelectorAll('#filter-suggestions [role=option]')].map((o) => o.firstChild.textContent),
    }));
  const s = await waitFor(suggested, (x) => x.options.length > 0, { what: 'suggestions for "st"' });
  assert.deepEqual(s, { expanded: 'true', options: ['status:'] });
  await ui.devtools.keyboard.press('Tab');
  const values = await waitFor(suggested, (x) => x.options.includes('401'), { what: 'the statuses present' });
  assert.ok(values.options.includes('4xx') && values.options.includes('200'), values.options.join(' '));
  await ui.devtools.keyboard.type('401');
  t = await tableWith((x) => x.filter === 'status:401' && x.rows.some((r) => r.id === expired), 'status:401');
  [shown, total] = shownOf(t);
  assert.equal(shown, t.rows.length);
  assert.ok(shown < total, t.count);
  assert.equal((await suggested()).expanded, 'false');
  await typeFilter('status-code:4xx -status:401');
  await tableWith(
    (x) => x.filter === 'status-code:4xx -status:401' && !x.rows.some((r) => r.id === expired),
    'not 401',
  );
  await typeFilter('');
  await tableWith((x) => x.filter === '' && /^\d+ tokens · \d+ requests$/.test(x.count), 'the count unfiltered');
});

test('a filtered-out token’s details close', async () => {
  await selectRow(ui.panel, tokenId(session.context), readDetail);
  await typeFilter('-kind:context');
  await waitFor(
    () => ui.panel.evaluate(`(${readDetail})(document, window)`),
    (d) => d === null,
    { what: 'details closed' },
  );
  await typeFilter('');
});

test('selecting a token opens its details at the top with the findings pinned on screen', async () => {
  await selectRow(ui.panel, tokenId(session.userAddIn), readDetail);
  await ui.panel.evaluate(() => void (document.querySelector('.detail').scrollTop = 2000));
  const scrolled = await view();
  assert.ok(scrolled.scrollTop > 200, `the pane scrolled (${scrolled.scrollTop})`);
  assert.ok(scrolled.pinnedOnScreen, 'the summary stays pinned while scrolling');
  await selectRow(ui.panel, tokenId(session.expired), readDetail);
  const v = await waitFor(view, (x) => x?.id === tokenId(session.expired), { what: 'expired token’s view' });
  assert.equal(v.scrollTop, 0);
  assert.ok(v.pinnedOnScreen && v.firstFindingOnScreen);
  assert.deepEqual(v.pinned, ['✖ expired when sent', '✖ 401', '▲ expired', '▲ IdP error']);
  await screenshot(ui.devtools, 'panel-ux-findings.png');
});

test('an imported HAR is a session of its own, judged at its capture time; Live is one pick away', async () => {
  const input = await ui.panel.$('input[type=file]');
  await input.uploadFile(path.join(root, 'test/fixtures/sharepoint-addin.har'));
  const t = await tableWith((x) => x.session === 'sharepoint-addin.har', 'the imported session');
  assert.deepEqual(t.sessions, ['Live', 'sharepoint-addin.har']);
  assert.match(t.sessionBar, /judged at its capture time, .*2023/);
  assert.equal(t.count, '7 tokens · 10 requests');
  const delegated = t.rows.find((r) => r.kind === 'delegated');
  assert.equal(delegated.status, 'expires in 1 h 8 min'); // at 2023-11-14T22:20:15Z, the last entry, not today
  await ui.panel.select('select.sessions', 'live');
  const live = await tableWith(
    (x) => x.session === 'Live' && x.rows.some((r) => r.id === tokenId(session.expired)),
    'back to live',
  );
  assert.equal(live.sessionBar, null);
});

test('every column is shown in a 1400 px panel; a header’s right-click chooses them, and the choice is kept', async () => {
  const columns = async () => (await table()).headers.map((h) => h.column);
  assert.deepEqual(await columns(), [
    'kind',
    'subject',
    'audience',
    'status',
    'expires',
    'requests',
    'lastSeen',
    'findings',
  ]);
  await ui.panel.click('.th[data-column="audience"] .th-button', { button: 'right' });
  await ui.panel.waitForSelector('.menu [role=menuitemcheckbox]');
  const audience = await ui.panel.waitForSelector('::-p-aria([name="Audience"][role="menuitemcheckbox"])');
  await audience.click();
  await tableWith((x) => !x.headers.some((h) => h.column === 'audience'), 'Audience hidden');
  const kept = await ui.panel.evaluate(() => JSON.parse(localStorage.getItem('bearerscope.settings') ?? '{}').hidden);
  assert.deepEqual(kept, ['audience']);
  await ui.panel.click('.thead', { button: 'right' });
  await (await ui.panel.waitForSelector('::-p-aria([name="Reset columns"][role="menuitem"])')).click();
  await tableWith((x) => x.headers.some((h) => h.column === 'audience'), 'Audience back');
});

test('at 320 px (docked to the side) the Kind badges are whole: user+add-in and add-in-only, not user+a…', async () => {
  const page = await ui.browser.newPage();
  try {
    await page.setViewport({ width: 320, height: 760 });
    await page.goto(`chrome-extension://${ui.extId}/panel.html`);
    const input = await page.waitForSelector('input[type=file]');
    await input.uploadFile(path.join(root, 'test/fixtures/sharepoint-addin.har'));
    await page.waitForSelector('.row[data-kind="user+add-in"]', { timeout: 60_000 });
    const badges = await page.evaluate(() =>
      [...document.querySelectorAll('.row .kind')].map((k) => ({
        text: k.textContent,
        whole:
          k.scrollWidth <= k.clientWidth &&
          k.getBoundingClientRect().right <= k.closest('.cell').getBoundingClientRect().right,
      })),
    );
    assert.ok(badges.some((b) => b.text === 'user+add-in') && badges.some((b) => b.text === 'add-in-only'));
    assert.deepEqual(
      badges.filter((b) => !b.whole).map((b) => b.text),
      [],
      'every Kind badge shows its whole label',
    );
    const columns = await page.evaluate(() =>
      [...document.querySelectorAll('.th')].map((h) => /** @type {HTMLElement} */ (h).dataset.column),
    );
    assert.deepEqual(columns, ['kind', 'subject', 'findings']);
  } finally {
    await page.close();
  }
});

test('/secret.html: the Stripe secret key sent as a bearer token is a row with its error, found by is:error', async () => {
  const stripe = 'sk_live_yRh6nRuyLeXE7At07YbTCyAE';
  await ui.page.goto(`${demo.origin}/secret.html`);
  await ui.page.waitForFunction(() => document.body.dataset.done === '1', { timeout: 30_000 });
  const t = await tableWith((x) => x.rows.some((r) => r.id === tokenId(stripe)), 'the Stripe key’s row', {
    timeout: 60_000,
  });
  const row = t.rows.find((r) => r.id === tokenId(stripe));
  assert.equal(row.severity, 'error');
  assert.deepEqual(row.chips, ['secret']);
  await typeFilter('is:error');
  await tableWith(
    (x) => x.filter === 'is:error' && x.rows.some((r) => r.id === tokenId(stripe)),
    'is:error lists the Stripe key',
  );
  await typeFilter('');
  const titles = await ui.panel.evaluate(() =>
    [...document.querySelectorAll('.banner[data-code="secret-in-browser"] strong')].map((s) => s.textContent),
  );
  assert.equal(new Set(titles).size, titles.length, `banner titles: ${titles}`);
});
