// Letting Bearerscope see the inspected site's requests (header-feed.ts) in a browser a test drives. The panel's
// button calls chrome.permissions.request, and Chrome answers it with a prompt no test can accept (a native dialog,
// even headless; no switch or DevTools protocol command accepts it). What a test can do is what a user can do on
// chrome://extensions: Details → Site access → "On specific sites" with the site (the extensions page's
// own developerPrivate call). That leaves the site granted, so that the panel's request is answered without a
// prompt, as it is for a user who once accepted it. Measured on Chromium 150 and 156.
import { waitFor } from './helpers.mjs';

/**
 * Grants `origin`'s host (any port: chrome://extensions takes sites without one) to the extension as
 * chrome://extensions does; resolves once Chrome says it is granted.
 */
export async function grantLikeExtensionsPage(browser, extId, origin) {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      async (id, site) => {
        const api = /** @type {any} */ (globalThis).chrome.developerPrivate;
        await api.updateSiteAccess(site, [{ id, siteAccess: 'ON_SPECIFIC_SITES' }]);
      },
      extId,
      `${new URL(origin).protocol}//${new URL(origin).hostname}/`,
    );
    return await waitFor(
      async () =>
        (
          await page.evaluate(
            (id) => /** @type {any} */ (globalThis).chrome.developerPrivate.getExtensionInfo(id),
            extId,
          )
        ).permissions,
      (p) => p.runtimeHostPermissions.hosts.some((h) => h.granted),
      { timeout: 30000, what: 'the site granted on chrome://extensions' },
    );
  } finally {
    await page.close();
  }
}

/** Runs in the page: bearer calls [from, to) whose bodies are read, 2,000 distinct tokens among them, ten at a time. */
export const sendMany = async (from, to, base) => {
  for (let i = from; i < to; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, to - i) }, (_, k) =>
        fetch(`/api/normal?n=${i + k}`, { headers: { Authorization: `Bearer ${base}${(i + k) % 2000}` } }).then((r) =>
          r.text(),
        ),
      ),
    );
  }
};

/** Runs in the page: a call answered 401 whose body the page never reads, by `method`; returns when it ended. */
export async function sendUnread(method, id, token) {
  await fetch(`/api/refused?k=${encodeURIComponent(id)}`, { method, headers: { Authorization: `Bearer ${token}` } });
  return Date.now();
}

/** Runs in the panel: how many requests it lists, and how many DevTools' log holds. */
export async function listedAndLogged(doc, win) {
  const har = await new Promise((resolve) => win.chrome.devtools.network.getHAR(resolve));
  const text = doc.querySelector('.count')?.textContent.replace(/,/g, '') ?? '';
  return { listed: Number(/(\d+) requests?/.exec(text)?.[1] ?? 0), logged: har.entries.length };
}
