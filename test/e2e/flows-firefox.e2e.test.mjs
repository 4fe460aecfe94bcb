// Real Firefox ESR and its toolbox on the demo's flow mistakes (flow-suite.mjs): the same tests as in Chromium.
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist } from './helpers.mjs';
import { flowSuite } from './flow-suite.mjs';

flowSuite('Firefox: ', async (url) => {
  const ui = await openFirefoxPanel({ extDir: dist('firefox'), url });
  return { page: ui.page, read: (fn) => ui.evalInPanel(fn), close: () => ui.close() };
});
