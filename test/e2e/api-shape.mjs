// What a DevTools extension page really gets from each browser, in the few respects Bearerscope's code depends on:
// recorded from the real browsers by the live e2e files (live.e2e on every Chromium, firefox-live.e2e on Firefox),
// and required of test/devtools/fake-devtools.ts by test/devtools/fake-shape.test.ts, so that the fake the unit tests
// run on cannot drift from the browsers again (it once gave Firefox's DevTools pages a runtime.getBrowserInfo they
// lack, and the panel's Firefox detection was dead in Firefox for it).

/**
 * The shape of the extension API on a DevTools page's global `g`. Self-contained (it is sent into the browser as
 * source). Calls getHAR() once: in Firefox that read loses requests sent meanwhile, so run it on a quiet page.
 * @param {any} g
 */
export async function apiShape(g) {
  const ns = g.browser ?? g.chrome;
  const network = ns.devtools.network;
  let getHarWithoutCallback;
  try {
    const r = network.getHAR();
    getHarWithoutCallback = typeof r?.then === 'function' ? 'promise' : String(r);
    if (getHarWithoutCallback === 'promise') await r;
  } catch (err) {
    getHarWithoutCallback = `throws ${err?.name}`;
  }
  return {
    browser: typeof g.browser,
    browserIsChrome: g.browser === g.chrome,
    urlScheme: String(ns.runtime.getURL('')).split(':')[0],
    getBrowserInfo: typeof ns.runtime.getBrowserInfo,
    network: ['getHAR', 'onRequestFinished', 'onNavigated'].map((k) => `${k}: ${typeof network[k]}`),
    getHarWithoutCallback,
  };
}

/** As recorded in Chromium 150.0.7871.100 and 156.0.8078.79 (Debian) and Firefox ESR 153.7.0. */
export const SHAPES = {
  chrome150: { browser: 'undefined', browserIsChrome: false, urlScheme: 'chrome-extension', getBrowserInfo: 'undefined', network: ['getHAR: function', 'onRequestFinished: object', 'onNavigated: object'], getHarWithoutCallback: 'undefined' },
  chrome156: { browser: 'object', browserIsChrome: false, urlScheme: 'chrome-extension', getBrowserInfo: 'undefined', network: ['getHAR: function', 'onRequestFinished: object', 'onNavigated: object'], getHarWithoutCallback: 'promise' },
  firefox: { browser: 'object', browserIsChrome: true, urlScheme: 'moz-extension', getBrowserInfo: 'undefined', network: ['getHAR: function', 'onRequestFinished: object', 'onNavigated: object'], getHarWithoutCallback: 'promise' },
};

/** Which recorded shape a Chromium of this major version must have (`browser` in DevTools pages since 152). */
export const chromiumFlavour = (major) => (major < 152 ? 'chrome150' : 'chrome156');
