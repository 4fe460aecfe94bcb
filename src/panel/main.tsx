/** The panel page's entry: pick the traffic source, make the store, render. */
import { render } from 'preact';
import { createLiveSource } from '../devtools/live-source.js';
import { readInspectedStorage } from '../devtools/storage-reader.js';
import { App } from './components/App.js';
import { StoreContext } from './context.js';
import { noSource, type TokenSource } from './source.js';
import { createStore } from './store.js';

function pickSource(): TokenSource {
  const g = globalThis as { chrome?: { devtools?: unknown }; browser?: { devtools?: unknown } };
  const inDevTools = Boolean(g.browser?.devtools ?? g.chrome?.devtools);
  return inDevTools ? { ...createLiveSource(), readStorage: readInspectedStorage } : noSource;
}

const store = createStore(pickSource());
render(
  <StoreContext.Provider value={store}>
    <App />
  </StoreContext.Provider>,
  document.getElementById('app')!,
);
