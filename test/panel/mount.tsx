// The real panel (App and store) rendered under happy-dom over a fake source and clock, the first requests flushed.
import { act, render } from '@testing-library/preact';
import { App } from '../../src/panel/components/App.js';
import { StoreContext } from '../../src/panel/context.js';
import { memorySettings } from '../../src/panel/settings.js';
import { createStore } from '../../src/panel/store/index.js';
import { fakeClock, fakeSource } from './fakes.js';

export async function mountPanel(backfill: unknown[], startMs: number) {
  const clock = fakeClock(startMs);
  const source = fakeSource(backfill);
  const store = createStore(source, clock, memorySettings());
  const view = render(
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>,
  );
  // The backfill resolves, then the flush runs on the clock.
  await act(async () => {
    await Promise.resolve();
    await Promise.resolve();
    clock.advance(200);
  });
  return { clock, source, store, view };
}
