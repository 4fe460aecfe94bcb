// Real Chromium and DevTools on the demo's proof flows (proof-suite.mjs).
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { dist } from './helpers.mjs';
import { proofSuite } from './proof-suite.mjs';

proofSuite('', async (url) => {
  const ui = await openChromiumPanel({ extDir: dist('chrome'), url });
  return {
    page: ui.page,
    read: (fn) => ui.panel.evaluate(`(${fn})(document, window)`),
    click: (id) => ui.panel.click(`.row[data-id="${id}"]`).catch(() => {}), // not rendered yet: the next round tries again
    close: () => ui.close(),
  };
});
