// Chromium reports a response the page never reads (a 401 it ignores) only in DevTools' log, whose every read costs
// ~0.1 ms per logged request. Once the user lets Bearerscope see the inspected site's requests (the late notice's
// button), such a response is listed from its headers as it completes (src/devtools/header-feed.ts), and the read
// of the log that finds it later does not list it again. Run on every Chromium of the e2e run (CHROME_PATH); how
// fast it comes is measured by `npm run bench` (bench/latency.mjs), not asserted here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { grantLikeExtensionsPage, listedAndLogged, sendMany, sendUnread } from './header-access.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { bearerToken, startLiveSite } from './live-site.mjs';
import { readArrivals, readPanel, watchArrivals } from './panel-dom.mjs';

/** Enough for the late notice (reads of the log take a noticeable time), few enough for a test. */
const EARLIER = 2000;

let site;
before(async () => (site = await startLiveSite()));
after(async () => site?.close());

test(`after the user grants the site from the late notice, never-read 401s after ${EARLIER} requests are listed from their headers, once each`, async () => {
  const ui = await openChromiumPanel({ extDir: dist('chrome'), url: `${site.origin}/` });
  try {
    const granted = () =>
      ui.panel.evaluate(
        (o) => /** @type {any} */ (globalThis).chrome.permissions.contains({ origins: [`${o}/*`] }),
        site.origin,
      );
    await ui.panel.evaluate(`(${watchArrivals})(document, window)`);
    const base = bearerToken();
    // In slices: each call into the page must end within the harness's protocol timeout on a loaded machine.
    for (let from = 0; from < EARLIER; from += 250) await ui.page.evaluate(sendMany, from, from + 250, base);
    const offer = await waitFor(
      () => ui.panel.evaluate(`(${readPanel})(document)`),
      () => true,
      { what: 'the panel' },
    ).then(() =>
      waitFor(() => ui.panel.$eval('[data-action="watch-headers"]', (b) => b.textContent).catch(() => null), Boolean, {
        timeout: 60000,
        what: "the late notice's offer",
      }),
    );
    assert.equal(await granted(), false, 'nothing is granted before the click');
    assert.match(offer, new RegExp(site.origin.replace(/[.:/]/g, '\\$&')));

    await grantLikeExtensionsPage(ui.browser, ui.extId, site.origin);
    await ui.panel.click('[data-action="watch-headers"]');
    const told = await waitFor(
      () => ui.panel.evaluate(`(${readPanel})(document)`),
      (p) => /now lists the requests/.test(p.notice ?? ''),
      { timeout: 30000, what: 'the notice that the site is watched' },
    );
    lap(`${await ui.browser.version()}: ${told.notice}`);
    assert.equal(await granted(), true);

    for (let r = 0; r < 3; r++) {
      const token = bearerToken();
      const id = tokenId(token);
      const ended = await ui.page.evaluate(sendUnread, 'GET', `fast-${r}`, token);
      const { seen } = await waitFor(
        () => ui.panel.evaluate(`(${readArrivals})(document)`),
        (a) => a.seen[id],
        { timeout: 60000, what: `unread 401 #${r}` },
      );
      lap(`unread 401 #${r} listed ${seen[id] - ended} ms after it ended`);
    }
    // A POST is never listed from its headers (its body could hold a token): a read of the log finds it, and that
    // read holds the 401s above too, which must not be listed again. On a loaded machine a read of a log this large
    // is spaced out by up to 25 times its length (live-source.ts, REREAD_STALL_SHARE): minutes, at worst.
    const marker = bearerToken();
    await ui.page.evaluate(sendUnread, 'POST', 'marker', marker);
    await waitFor(
      () => ui.panel.evaluate(`(${readArrivals})(document)`),
      (a) => a.seen[tokenId(marker)],
      { timeout: 300_000, what: 'the POST found in the log' },
    );
    // Every request of DevTools' log listed, none twice: the panel's request count is the log's length.
    const counts = await waitFor(
      () => ui.panel.evaluate(`(${listedAndLogged})(document, window)`),
      (c) => c.listed >= c.logged,
      { timeout: 60000, what: 'every request of the log listed' },
    );
    assert.equal(counts.listed, counts.logged);
  } finally {
    await ui.close();
  }
});
