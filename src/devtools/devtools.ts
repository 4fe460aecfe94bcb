/**
 * The devtools page: loaded once per DevTools window, as DevTools opens, long before the panel may be chosen. It
 * starts the live capture at once, so that nothing the page sends from then on depends on a read of DevTools' log,
 * registers the panel, and hands the capture to the panel's window the first time the panel is shown (handoff.ts).
 */
import { createHandoff } from './handoff.js';
import { createLiveSource } from './live-source.js';
import { openNetwork } from './network.js';
import { offerCapture, type HandoffWindow } from './panel-source.js';

interface PanelEvent<A extends unknown[]> {
  addListener(listener: (...args: A) => void): void;
}
interface ExtensionPanel {
  onShown: PanelEvent<[HandoffWindow]>;
  onHidden: PanelEvent<[]>;
}
interface Globals {
  chrome: {
    devtools: {
      panels: { create(title: string, icon: string, page: string, callback: (panel: ExtensionPanel) => void): void };
    };
  };
}

/** The panel tab waits at most this long for the first read of the log where reads lose requests (first-read.ts). */
const CREATE_WAIT_MS = 2000;

const network = openNetwork();
let shown = false;
const live = createLiveSource(network, () => shown);
const { handle, backfilled } = createHandoff(live);

// Where a read of the log loses requests, the tab appears once that read is done (or given up for now), so that
// what someone does in the page after choosing it never overlaps the read.
const before = network.readDropsRequests
  ? Promise.race([backfilled, new Promise((r) => setTimeout(r, CREATE_WAIT_MS))])
  : Promise.resolve();
// chrome.* with a callback: the one form every supported browser answers (test/e2e/api-shape.mjs, `panelsCreate`).
void before.then(() =>
  (globalThis as unknown as Globals).chrome.devtools.panels.create(
    'Bearerscope',
    'icons/icon-32.png',
    'panel.html',
    (panel) => {
      panel.onShown.addListener((win) => {
        shown = true;
        offerCapture(win, handle);
        live.visibilityChanged();
      });
      panel.onHidden.addListener(() => {
        shown = false;
        live.visibilityChanged();
      });
    },
  ),
);
