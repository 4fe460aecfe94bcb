import { describe, expect, it } from 'vitest';
import { tokenId } from '../../../src/core/analysis/analyzer.js';
import { createStore } from '../../../src/panel/store/index.js';
import * as T from '../../fixtures/tokens.js';
import { bearerEntry, fakeClock, fakeSource } from '../fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A source whose page storage the test sets; reads return what storage-reader.ts returns (plain data, time stamped). */
function storageSource() {
  const source = fakeSource();
  let page: unknown = { url: 'https://app.contoso.com/', local: [], session: [], cookie: '', notes: [] };
  let reads = 0;
  return Object.assign(source, {
    readStorage: async () => {
      reads++;
      return typeof page === 'object' && page !== null ? { ...page, time: new Date(START).toISOString() } : page;
    },
    setPage: (p: unknown) => (page = p),
    reads: () => reads,
  });
}

describe("panel store: the page's storage", () => {
  it('reads storage when the panel opens; a token also sent joins its row', async () => {
    const source = storageSource();
    source.setPage({
      url: 'https://app.contoso.com/',
      local: [{ key: 'access_token', value: T.ENTRA_V1_DELEGATED }],
      session: [],
      cookie: '',
      notes: [],
    });
    const clock = fakeClock(START);
    const store = createStore(source, clock);
    await tick();
    expect(source.reads()).toBe(1);
    expect(store.canReadStorage).toBe(true);
    expect(store.storage.value).toMatchObject({ busy: false, tokens: 1 });
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:29:00Z'));
    clock.advance(200);
    expect(store.tokens.value).toHaveLength(1);
    const t = store.tokens.value[0]!;
    expect(t.id).toBe(tokenId(T.ENTRA_V1_DELEGATED));
    expect(t.sightings.map((s) => s.where).sort()).toEqual(['authorization-header', 'local-storage']);
    expect(t.findings.find((f) => f.code === 'storage-exposure')?.severity).toBe('warning');
  });

  it('after a navigation the log is cleared and storage read again; Rescan storage replaces the last read', async () => {
    const source = storageSource();
    const clock = fakeClock(START);
    const store = createStore(source, clock);
    await tick();
    expect(store.tokens.value).toHaveLength(0);
    source.setPage({
      url: 'https://app.contoso.com/home',
      local: [],
      session: [{ key: 'id_token', value: T.ENTRA_V2_ID }],
      cookie: '',
      notes: [],
    });
    source.navigate('https://app.contoso.com/home');
    clock.advance(800);
    await tick();
    expect(store.tokens.value.map((t) => [t.kind, t.findings.map((f) => `${f.severity} ${f.code}`)])).toEqual([
      ['id', ['info storage-exposure']],
    ]);
    source.setPage({ url: 'https://app.contoso.com/home', local: [], session: [], cookie: '', notes: [] });
    await store.rescanStorage();
    expect(store.tokens.value).toHaveLength(0);
  });

  it("a read that returns garbage or a hostile page's note leaves the panel working and says so", async () => {
    const source = storageSource();
    source.setPage('not a snapshot');
    const clock = fakeClock(START);
    const store = createStore(source, clock);
    await tick();
    expect(store.storage.value.busy).toBe(false);
    source.setPage({
      url: 'https://evil.example/',
      local: 'x',
      session: [null, { key: 1 }],
      cookie: 5,
      notes: ['localStorage: key #0 could not be read: boom'],
    });
    await store.rescanStorage();
    expect(store.report.value.notes).toContain('localStorage: key #0 could not be read: boom');
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:29:00Z'));
    clock.advance(200);
    expect(store.tokens.value).toHaveLength(1);
  });
});
