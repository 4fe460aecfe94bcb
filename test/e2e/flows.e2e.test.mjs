// Real Chromium and DevTools on the demo's flow mistakes (flow-suite.mjs).
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist } from './helpers.mjs';
import { flowSuite } from './flow-suite.mjs';

flowSuite('', async (url) => {
  const ui = await openChromiumPanel({ extDir: dist('chrome'), url });
  return {
    page: ui.page,
    read: (fn) => ui.panel.evaluate(`(${fn})(document, window)`),
    close: () => ui.close(),
  };
});
