import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analyzer.js';
import { createStore } from '../../src/panel/store.js';
import * as T from '../fixtures/tokens.js';
import har from '../fixtures/sharepoint-addin.har?raw';
import { bearerEntry, fakeClock, fakeSource } from './fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const settle = async (clock: ReturnType<typeof fakeClock>) => {
  await Promise.resolve();
  await Promise.resolve();
  clock.advance(200);
};

describe('panel store', () => {
  it('backfills what DevTools held before the panel opened, then adds live requests', async () => {
    const clock = fakeClock(START);
    const source = fakeSource(entries);
    const store = createStore(source, clock);
    await settle(clock);
    expect(store.ready.value).toBe(true);
    expect(store.report.value.entries).toBe(10);
    expect(store.tokens.value).toHaveLength(7);
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:29:00Z', 'https://orders.contoso.example/api'));
    expect(store.tokens.value).toHaveLength(7); // folded in on the next flush, not per request
    clock.advance(200);
    expect(store.tokens.value).toHaveLength(8);
    expect(store.tokens.value[0]!.id).toBe(tokenId(T.ENTRA_V2_APP_ONLY)); // newest first
  });

  it('moves a token up the newest-first list when it is sent again, even if its first request had an unreadable time', async () => {
    const clock = fakeClock(START);
    const source = fakeSource([bearerEntry(T.ENTRA_V1_DELEGATED, 'not a date'), bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:20:00Z', 'https://orders.contoso.example/api')]);
    const store = createStore(source, clock);
    await settle(clock);
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:25:00Z'));
    clock.advance(200);
    expect(store.tokens.value.map((t) => [t.id, t.lastSeen])).toEqual([
      [tokenId(T.ENTRA_V1_DELEGATED), '2023-11-14T22:25:00Z'],
      [tokenId(T.ENTRA_V2_APP_ONLY), '2023-11-14T22:20:00Z'],
    ]);
  });

  it('ignores requests while paused, and clears on navigation unless "Preserve log" is on', async () => {
    const clock = fakeClock(START);
    const source = fakeSource();
    const store = createStore(source, clock);
    await settle(clock);
    store.paused.value = true;
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'));
    clock.advance(200);
    expect(store.tokens.value).toHaveLength(0);
    store.paused.value = false;
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'));
    clock.advance(200);
    expect(store.tokens.value).toHaveLength(1);
    store.preserveLog.value = true;
    source.navigate('https://app.example/next');
    expect(store.tokens.value).toHaveLength(1);
    store.preserveLog.value = false;
    source.navigate('https://app.example/again');
    expect(store.tokens.value).toHaveLength(0);
  });

  it('filters on kind, host, finding code and claim text', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource(entries), clock);
    await settle(clock);
    const kinds = () => store.tokens.value.map((t) => t.kind).sort();
    store.filter.value = 'cookie-leak';
    expect(kinds()).toEqual(['context', 'user+add-in']);
    store.filter.value = 'graph.microsoft.com';
    expect(kinds()).toEqual(['delegated']);
    store.filter.value = 'Alex Doe';
    expect(kinds()).toEqual(['delegated', 'id']);
    store.filter.value = 'add-in-only';
    expect(kinds()).toEqual(['add-in-only']);
  });

  it('re-judges statuses as time passes, without new requests', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource([bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z')]), clock);
    await settle(clock);
    expect(store.tokens.value[0]).toMatchObject({ status: 'valid', findings: [] });
    clock.advance(60 * 60 * 1000); // past exp (23:28:19Z)
    expect(store.now.value).toBe(START + 60 * 60 * 1000); // the last one-second tick
    expect(store.tokens.value[0]).toMatchObject({ status: 'expired', findings: [{ code: 'expired' }] });
  });

  it('imports a HAR into the session, and keeps what it had when an import is broken', async () => {
    const clock = fakeClock(START);
    const source = fakeSource([bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z')]);
    const store = createStore(source, clock);
    await settle(clock);
    const importing = store.importHar('capture.har', new TextEncoder().encode(har).buffer);
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await importing;
    expect(store.notice.value).toEqual({ kind: 'info', text: 'Imported 10 requests from capture.har.' });
    expect(store.report.value.entries).toBe(11);
    const broken = store.importHar('broken.har', new TextEncoder().encode('{"log": {"entries": [{"request": {}}, {"request": ').buffer);
    clock.advance(1);
    await broken;
    expect(store.notice.value).toEqual({ kind: 'error', text: 'Could not import broken.har: the HAR file is truncated: it ends inside entry #2 (1 complete entry read). The 1 request before the fault was added.' });
    expect(store.tokens.value).toHaveLength(7);
    const notHar = store.importHar('notes.txt', new TextEncoder().encode('hello').buffer);
    clock.advance(1);
    await notHar;
    expect(store.notice.value?.text).toBe('Could not import notes.txt: not a HAR file: it does not start with a JSON object. Nothing was added.');
    expect(store.tokens.value).toHaveLength(7);
  });

  it('exports the CLI’s report, redacted unless raw tokens are asked for', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource(entries), clock);
    await settle(clock);
    const redacted = store.exportReport();
    expect(JSON.parse(redacted)).toMatchObject({ tool: 'bearerscope', reportVersion: 1, entries: 10 });
    expect(redacted).not.toContain(T.ACS_CONTEXT);
    expect(redacted).not.toContain(T.OPAQUE_REFRESH);
    expect(redacted).toMatch(/"refreshtoken": "\[redacted: \d+ characters\]"/);
    store.includeRaw.value = true;
    expect(store.exportReport()).toContain(T.ACS_CONTEXT);
  });

  it('follows the DevTools theme as it changes', async () => {
    const clock = fakeClock(START);
    const source = fakeSource([], 'dark');
    const store = createStore(source, clock);
    expect(store.theme.value).toBe('dark');
    source.setTheme('light');
    expect(store.theme.value).toBe('light');
  });

  it('catches a capture made with a slow clock: as "this machine\'s clock" live, as "the capturing machine\'s" once a HAR is imported', async () => {
    const slow = (JSON.parse(fs.readFileSync('test/fixtures/real/derived/firefox-clock-2h-slow-4-entries.har', 'utf8')) as { log: { entries: unknown[] } }).log.entries;
    const clock = fakeClock(START);
    const source = fakeSource();
    const store = createStore(source, clock);
    await settle(clock);
    for (const e of slow) source.send(e);
    clock.advance(200);
    const live = store.report.value.findings.find((f) => f.code === 'clock-skew')!;
    expect(live.message).toMatch(/^This machine's clock looks 1 h 59 min behind the servers'/);
    expect(JSON.parse(store.exportReport()).findings[0].message).toMatch(/^This machine's clock/);
    const importing = store.importHar('other.har', new TextEncoder().encode(JSON.stringify({ log: { entries: [] } })).buffer);
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await importing;
    expect(store.report.value.findings.find((f) => f.code === 'clock-skew')!.message).toMatch(/^The capturing machine's clock/);
  });
});
