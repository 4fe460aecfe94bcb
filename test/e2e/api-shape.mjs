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
  // The storage reader's way into the page: what the promise form and chrome's callback form answer, for an
  // expression that returns and for one that throws.
  const inspected = ns.devtools.inspectedWindow;
  // An exception's text carries a browser-specific stack: its first line is enough.
  const tidy = (v) =>
    v && typeof v === 'object' && 'isException' in v
      ? { isException: v.isException, value: String(v.value).split('\n')[0] }
      : v;
  const promiseForm = async (expression) => {
    try {
      const r = inspected.eval(expression);
      if (typeof r?.then !== 'function') return String(r);
      return await r.then(
        (v) => `resolves ${JSON.stringify(Array.isArray(v) ? v.map(tidy) : v)}`,
        (err) => `rejects ${JSON.stringify(tidy(err))}`,
      );
    } catch (err) {
      return `throws ${err?.name}`;
    }
  };
  const callbackForm = (expression) =>
    new Promise((resolve) => {
      setTimeout(() => resolve('no answer'), 5000);
      try {
        g.chrome.devtools.inspectedWindow.eval(expression, {}, (...args) =>
          resolve(`${args.length} argument(s): ${JSON.stringify(args.map(tidy))}`),
        );
      } catch (err) {
        resolve(`throws ${err?.name}`);
      }
    });
  const evalWithoutCallback = [await promiseForm('[1 + 1]'), await promiseForm('throw new TypeError("no")')];
  const evalCallback = [await callbackForm('[1 + 1]'), await callbackForm('throw new TypeError("no")')];
  return {
    browser: typeof g.browser,
    browserIsChrome: g.browser === g.chrome,
    urlScheme: String(ns.runtime.getURL('')).split(':')[0],
    getBrowserInfo: typeof ns.runtime.getBrowserInfo,
    network: ['getHAR', 'onRequestFinished', 'onNavigated'].map((k) => `${k}: ${typeof network[k]}`),
    // The panel's theme: live-source.ts reads themeName and listens to onThemeChanged where there is one.
    panels: [
      `themeName: ${typeof ns.devtools.panels.themeName}`,
      `onThemeChanged: ${typeof ns.devtools.panels.onThemeChanged}`,
    ],
    getHarWithoutCallback,
    // devtools.ts registers the panel with chrome.devtools.panels.create's callback and, on the ExtensionPanel's
    // onShown, sets its capture on the window that event hands it: this window, if the event gives the panel's.
    handoff: typeof g.bearerscopeCapture?.attach,
    evalWithoutCallback,
    evalCallback,
  };
}

const network = ['getHAR: function', 'onRequestFinished: object', 'onNavigated: object'];
const thrown = '{"isException":true,"value":"TypeError: no"}';
const chromeCallback = ['1 argument(s): [[2]]', `2 argument(s): [null,${thrown}]`];

/** As read in Chromium 150.0.7871.100 and 156.0.8078.79 (Debian) and Firefox ESR 153.7.0. */
export const SHAPES = {
  chrome150: {
    browser: 'undefined',
    browserIsChrome: false,
    urlScheme: 'chrome-extension',
    getBrowserInfo: 'undefined',
    network,
    getHarWithoutCallback: 'undefined',
    handoff: 'function',
    panels: ['themeName: string', 'onThemeChanged: undefined'],
    evalWithoutCallback: ['null', 'null'],
    evalCallback: chromeCallback,
  },
  chrome156: {
    browser: 'object',
    browserIsChrome: false,
    urlScheme: 'chrome-extension',
    getBrowserInfo: 'undefined',
    network,
    getHarWithoutCallback: 'promise',
    handoff: 'function',
    panels: ['themeName: string', 'onThemeChanged: undefined'],
    // The result alone, not the [result, exceptionInfo] pair: storage-reader.ts uses chrome's callback form.
    evalWithoutCallback: ['resolves [2]', `rejects ${thrown}`],
    evalCallback: chromeCallback,
  },
  firefox: {
    browser: 'object',
    browserIsChrome: true,
    urlScheme: 'moz-extension',
    getBrowserInfo: 'undefined',
    network,
    getHarWithoutCallback: 'promise',
    handoff: 'function',
    panels: ['themeName: string', 'onThemeChanged: object'],
    evalWithoutCallback: ['resolves [[2],null]', `resolves [null,${thrown}]`],
    evalCallback: ['2 argument(s): [[2],null]', `2 argument(s): [null,${thrown}]`],
  },
};

/** Which recorded shape a Chromium of this major version must have (`browser` in DevTools pages since 152). */
export const chromiumFlavour = (major) => (major < 152 ? 'chrome150' : 'chrome156');
