// Reads of the page's storage alone, into a real Analyzer: snapshots shaped as storage-reader.ts returns them.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { createStorageStore } from '../../../src/panel/store/storage.js';
import * as T from '../../fixtures/tokens.js';
import { fakeClock, fakeSource } from '../fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const tick = () => new Promise((r) => setTimeout(r, 0));
const snapshot = (
  local: Array<{ key: string; value: string }>,
  session: Array<{ key: string; value: string }> = [],
) => ({ url: 'https://app.contoso.com/', local, session, cookie: '', notes: [], time: new Date(START).toISOString() });

function storage(pages: unknown[]) {
  const clock = fakeClock(START);
  let reads = 0;
  const source = Object.assign(fakeSource(), {
    readStorage: async () => {
      const page = pages[Math.min(reads, pages.length - 1)];
      reads++;
      if (page instanceof Error) throw page;
      return page;
    },
  });
  const analyzer = new Analyzer();
  let changes = 0;
  const store = createStorageStore(source, { analyzer, clock, changed: () => void changes++ });
  return { clock, source, analyzer, store, reads: () => reads, changes: () => changes };
}
const kinds = (a: Analyzer) =>
  a
    .report(START)
    .tokens.map((t) => t.kind)
    .sort();

describe('storage store', () => {
  it('reads the page as the panel opens: its tokens join the analysis, counted once each', async () => {
    const { analyzer, store, changes } = storage([
      snapshot(
        [
          { key: 'access_token', value: T.ENTRA_V1_DELEGATED },
          { key: 'copy', value: T.ENTRA_V1_DELEGATED },
        ],
        [{ key: 'id_token', value: T.ENTRA_V2_ID }],
      ),
    ]);
    expect(store.canReadStorage).toBe(true);
    expect(store.storage.value.busy).toBe(true);
    await tick();
    expect(store.storage.value).toEqual({ busy: false, time: new Date(START).toISOString(), tokens: 2 });
    expect(kinds(analyzer)).toEqual(['delegated', 'id']);
    expect(changes()).toBe(1);
  });

  it('reads again 0.8, 3 and 8 s after a navigation, each read replacing the last', async () => {
    const { clock, source, analyzer, reads } = storage([
      snapshot([]),
      snapshot([{ key: 'token', value: T.ENTRA_V2_APP_ONLY }]),
      snapshot([]),
    ]);
    await tick();
    source.navigate('https://app.contoso.com/home');
    clock.advance(799);
    expect(reads()).toBe(1);
    clock.advance(1);
    await tick();
    expect(reads()).toBe(2);
    expect(kinds(analyzer)).toEqual(['app-only']);
    clock.advance(2200);
    await tick();
    expect(reads()).toBe(3);
    clock.advance(5000);
    await tick();
    expect(reads()).toBe(4);
    expect(kinds(analyzer)).toEqual([]);
  });

  it('does not start a read while one is under way', async () => {
    const { store, reads } = storage([snapshot([])]);
    await store.rescanStorage(); // the opening read has not finished
    expect(reads()).toBe(1);
    await tick();
    await store.rescanStorage();
    expect(reads()).toBe(2);
  });

  it('turns a failed read into a note in the report, and stays usable', async () => {
    const { analyzer, store } = storage([
      new Error('the page is gone'),
      snapshot([{ key: 'token', value: T.ENTRA_V2_APP_ONLY }]),
    ]);
    await tick();
    expect(store.storage.value).toEqual({ busy: false, time: null, tokens: 0 });
    expect(analyzer.report(START).notes).toContain("The page's storage could not be analysed: the page is gone");
    await store.rescanStorage();
    expect(store.storage.value.tokens).toBe(1);
  });

  it('has nothing to read outside DevTools', async () => {
    const analyzer = new Analyzer();
    const store = createStorageStore(fakeSource(), { analyzer, clock: fakeClock(START), changed: () => {} });
    await store.rescanStorage();
    expect(store.canReadStorage).toBe(false);
    expect(store.storage.value).toEqual({ busy: false, time: null, tokens: 0 });
  });
});
