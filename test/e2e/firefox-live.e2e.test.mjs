// Live capture in real Firefox with nothing for the backfill to find: the same kinds of answer as live.e2e.test.mjs,
// sent after the panel is ready. The toolbox opens on its Settings tab, then Bearerscope: neither the Network panel
// nor the console (which also watches the network) is ever opened. MDN says onRequestFinished needs the Network panel
// opened once; on Firefox ESR 153 it fires without (this test reports 'event' for every kind, and no notice).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap } from './helpers.mjs';
import { describeRound, liveRound } from './live-capture.mjs';
import { readArrivals, readPanel, watchArrivals } from './panel-dom.mjs';
import { sendKind, startLiveSite } from './live-site.mjs';
import { apiShape, SHAPES } from './api-shape.mjs';

let site;
let ui;
before(async () => {
  site = await startLiveSite();
  ui = await openFirefoxPanel({ extDir: dist('firefox'), url: `${site.origin}/`, firstTool: 'options' });
  await ui.evalInPanel(watchArrivals);
  lap(`panel ready on Firefox ${await ui.browser.version()}`);
});
after(async () => {
  await ui?.close();
  await site?.close();
});

test('Firefox: every kind of answer sent after the panel is ready is listed, with all its tokens', async () => {
  assert.deepEqual((await ui.evalInPanel(readPanel)).rows, [], 'nothing to backfill');
  const lines = await liveRound({
    site,
    send: (...args) => ui.page.evaluate(sendKind, ...args),
    arrivals: () => ui.evalInPanel(readArrivals),
    timeout: 30000,
  });
  lap(`live capture on Firefox ${await ui.browser.version()}:\n  ${describeRound(lines)}`);
  assert.equal(lines.length, 5);
  assert.equal((await ui.evalInPanel(readPanel)).notice, null, 'no problem to report');
});

test('Firefox: the DevTools page has the API shape the unit tests’ fake gives Firefox', async () => {
  // After the live round: apiShape reads the log once, which in Firefox must not overlap the page's requests.
  assert.deepEqual(
    await ui.evalInPanel(new Function('doc', 'win', `return (${apiShape})(win.wrappedJSObject)`)),
    SHAPES.firefox,
  );
});
