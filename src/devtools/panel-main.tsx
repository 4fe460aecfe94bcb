/**
 * The panel page's entry, on the shell side: it picks the traffic source (in DevTools, the capture Bearerscope's
 * DevTools page has run since DevTools opened; none elsewhere), makes the store and renders the UI, which never sees
 * where its traffic comes from.
 */
import { render } from 'preact';
import { App } from '../panel/components/App.js';
import { StoreContext } from '../panel/context.js';
import { noSource, type NoticeAction, type TokenSource } from '../panel/source.js';
import { createStore } from '../panel/store/index.js';
import { WATCH_HEADERS, requestHeaderAccess } from './header-feed.js';
import { handedSource } from './panel-source.js';
import { readInspectedStorage } from './storage-reader.js';
import { devtoolsTheme } from './theme.js';

function pickSource(): TokenSource {
  const g = globalThis as { chrome?: { devtools?: unknown }; browser?: { devtools?: unknown } };
  const inDevTools = Boolean(g.browser?.devtools ?? g.chrome?.devtools);
  return inDevTools ? { ...handedSource(window), ...devtoolsTheme, readStorage: readInspectedStorage, act } : noSource;
}

/** In this window, from the click: Chrome asks the user only on a click in the page that asks. */
function act(action: NoticeAction) {
  if (action.id === WATCH_HEADERS && action.arg) void requestHeaderAccess(action.arg).catch(() => false);
}

const store = createStore(pickSource());
render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);
