// Firefox drops the requests that start while an extension reads DevTools' log (README, "Firefox drops requests
// during a read"). Bearerscope's DevTools page listens from the moment the toolbox opens and reads the log only for
// what came before it, on an idle page, so no burst of the page's depends on a read. Each test sends requests with a
// token of its own around the moment the Bearerscope tab is chosen, and counts what the panel lists. They are meant
// to hold on a busy machine (E2E_CPU_HOG=1 in scripts/e2e.mjs): they wait for conditions, never for fixed times.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap } from './helpers.mjs';
import { burstOver, listed, panelCounts, sendEvery, stopBurst } from './burst.mjs';
import { readPanel } from './panel-dom.mjs';
import { startLiveSite } from './live-site.mjs';

let site;
before(async () => (site = await startLiveSite()));
after(async () => site?.close());

/**
 * Opens the toolbox on `firstTool`, runs `beforePanel`, chooses Bearerscope, runs `afterPanel` (which returns how many
 * requests the page sent); says what was listed.
 * @param {{ firstTool?: string, beforePanel?: (page: any) => Promise<void>, afterPanel: (ui: any) => Promise<number>, what: string }} options
 */
async function run({ firstTool = 'webconsole', beforePanel, afterPanel, what }) {
  const ui = await openFirefoxPanel({ extDir: dist('firefox'), url: `${site.origin}/`, firstTool, beforePanel });
  try {
    const sent = await afterPanel(ui);
    const tokens = await listed(() => ui.evalInPanel(panelCounts), sent);
    const { notice } = await ui.evalInPanel(readPanel);
    lap(
      `${what}: the page sent ${sent} requests; the panel lists ${tokens} of their tokens; notice: ${notice ?? 'none'}`,
    );
    return { sent, tokens, notice };
  } finally {
    await ui.close();
  }
}

test('Firefox: the tab chosen during a burst of 150 requests 10 ms apart lists every one, with no notice', async () => {
  const { sent, tokens, notice } = await run({
    what: 'chosen during a burst',
    beforePanel: async (page) => void (await page.evaluate(sendEvery, 10, 150)),
    afterPanel: (ui) => burstOver(ui.page, 150),
  });
  assert.equal(sent, 150);
  assert.equal(tokens, sent);
  assert.equal(notice, null);
});

test('Firefox: 150 requests 10 ms apart while the Bearerscope tab is shown are all listed', async () => {
  const { sent, tokens, notice } = await run({
    what: 'sent while the tab is shown',
    afterPanel: async (ui) => {
      await ui.page.evaluate(sendEvery, 10, 150);
      return burstOver(ui.page, 150);
    },
  });
  assert.equal(tokens, sent);
  assert.equal(notice, null);
});

test('Firefox: 150 requests sent with the toolbox on the Network panel, before Bearerscope is chosen, are all listed', async () => {
  const { sent, tokens, notice } = await run({
    what: 'sent before the tab was chosen, on the Network panel',
    firstTool: 'netmonitor',
    beforePanel: async (page) => {
      await page.evaluate(sendEvery, 10, 150);
      await burstOver(page, 150);
    },
    afterPanel: (ui) => ui.page.evaluate(() => /** @type {any} */ (window).sent),
  });
  assert.equal(sent, 150);
  assert.equal(tokens, sent);
  assert.equal(notice, null);
});

test('Firefox: a page that never stops sending loses nothing as the tab is chosen, and needs no notice', async () => {
  const { sent, tokens, notice } = await run({
    what: 'a page polling every 10 ms without end',
    beforePanel: async (page) => void (await page.evaluate(sendEvery, 10, Infinity)),
    afterPanel: async (ui) => {
      const sent = await ui.page.evaluate(stopBurst);
      await burstOver(ui.page, sent);
      return sent;
    },
  });
  assert.ok(sent > 0);
  assert.equal(tokens, sent);
  assert.equal(notice, null);
});
