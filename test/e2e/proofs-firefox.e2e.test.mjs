// Real Firefox ESR and its toolbox on the demo's proof flows (proof-suite.mjs): the same tests as in Chromium.
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist } from './helpers.mjs';
import { proofSuite } from './proof-suite.mjs';

proofSuite('Firefox: ', async (url) => {
  const ui = await openFirefoxPanel({ extDir: dist('firefox'), url });
  return {
    page: ui.page,
    read: (fn) => ui.evalInPanel(fn),
    // Frame scripts see the panel's own objects through Xray wrappers; a DOM click works through them.
    click: (id) =>
      ui.evalInPanel(new Function('doc', `doc.querySelector('.row[data-id="${id}"]')?.click(); return true;`)),
    close: () => ui.close(),
  };
});
