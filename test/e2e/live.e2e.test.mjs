// Live capture in real Chromium DevTools with nothing for the backfill to find: every request is sent after the
// panel is ready, one of each kind of answer (normal, private max-age=0, no-store, a 401 the page never reads, a
// token endpoint's no-store answer with access, ID and refresh tokens). Run on every Chromium of the e2e run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist, lap } from './helpers.mjs';
import { describeRound, liveRound } from './live-capture.mjs';
import { readArrivals, readPanel, watchArrivals } from './panel-dom.mjs';
import { sendKind, startLiveSite } from './live-site.mjs';
import { apiShape, chromiumFlavour, SHAPES } from './api-shape.mjs';

let site;
let ui;
before(async () => {
  site = await startLiveSite();
  ui = await openChromiumPanel({ extDir: dist('chrome'), url: `${site.origin}/` });
  await ui.panel.evaluate(`(${watchArrivals})(document, window)`);
  lap(`panel ready on ${await ui.browser.version()}`);
});
after(async () => {
  await ui?.close();
  await site?.close();
});

test('every kind of answer sent after the panel is ready is listed, with all its tokens', async () => {
  assert.deepEqual((await ui.panel.evaluate(`(${readPanel})(document, window)`)).rows, [], 'nothing to backfill');
  const lines = await liveRound({
    site,
    send: (...args) => ui.page.evaluate(sendKind, ...args),
    arrivals: () => ui.panel.evaluate(`(${readArrivals})(document)`),
  });
  lap(`live capture on ${await ui.browser.version()}:\n  ${describeRound(lines)}`);
  assert.equal(lines.length, 5);
});

test('the DevTools page has the API shape the unit tests’ fake gives this Chromium', async () => {
  const major = Number((await ui.browser.version()).match(/\/(\d+)\./)?.[1]);
  assert.deepEqual(await ui.panel.evaluate(`(${apiShape})(window)`), SHAPES[chromiumFlavour(major)]);
});
