import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenId } from '../../../src/core/analysis/analyzer.js';
import { createStore } from '../../../src/panel/store/index.js';
import { memorySettings } from '../../../src/panel/settings.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import { bearerEntry, fakeClock, fakeSource } from '../fakes.js';

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
    const source = fakeSource([
      bearerEntry(T.ENTRA_V1_DELEGATED, 'not a date'),
      bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:20:00Z', 'https://orders.contoso.example/api'),
    ]);
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

  it('imports a HAR as a session of its own, judged at its last entry’s time, numbered as in the file', async () => {
    const clock = fakeClock(Date.parse('2026-11-23T10:00:00Z'));
    const source = fakeSource([bearerEntry(T.ENTRA_V1_DELEGATED, '2026-11-23T09:59:00Z')]);
    const store = createStore(source, clock, memorySettings());
    await settle(clock);
    const importing = store.importHar('capture.har', new TextEncoder().encode(har).buffer);
    expect(store.importing.value).toMatchObject({ name: 'capture.har', total: new TextEncoder().encode(har).length });
    for (let i = 0; i < 5; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await importing;
    expect(store.importing.value).toBeNull();
    expect(store.notices.value[0]).toMatchObject({ kind: 'info', text: 'Imported 10 requests from capture.har.' });
    expect(store.sessions.value.map((s) => s.name)).toEqual(['capture.har']);
    expect(store.sessionId.value).toBe(store.sessions.value[0]!.id);
    // Its own 10 requests, not the live one; judged at 2023-11-14T22:20:15Z (entry #9), not today.
    expect(store.report.value.entries).toBe(10);
    expect(store.at.value).toBe(Date.parse('2023-11-14T22:20:15Z'));
    expect(store.report.value.now).toBe('2023-11-14T22:20:15.000Z');
    expect(store.tokens.value.find((t) => t.kind === 'delegated')).toMatchObject({
      status: 'valid',
      statusText: 'expires in 1 h 8 min',
    });
    const banners = store.report.value.findings.map((f) => [f.code, f.entry]);
    expect(banners).toEqual([
      ['client-secret-in-browser', 5],
      ['idp-error', 2],
      ['idp-error', 8],
      ['pkce-missing', 5],
    ]);
    // Live traffic goes on in the live session; the import's numbers do not move.
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2026-11-23T10:00:01Z', 'https://orders.contoso.example/api'));
    clock.advance(200);
    expect(store.report.value.findings.map((f) => [f.code, f.entry])).toEqual(banners);
    store.showSession('live');
    expect(store.report.value.entries).toBe(2);
    expect(store.tokens.value.map((t) => t.kind).sort()).toEqual(['app-only', 'delegated']);
  });

  it('keeps nothing from a cancelled import, and what came before the fault of a broken one', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource(), clock, memorySettings());
    await settle(clock);
    const big = new TextEncoder().encode(
      `{"log":{"entries":[${Array.from({ length: 3 }, () => JSON.stringify(entries[6])).join(',')}${' '.repeat(3 << 20)}]}}`,
    );
    const importing = store.importHar('big.har', big.buffer);
    expect(store.importing.value).toMatchObject({ read: 0, total: big.length });
    store.cancelImport();
    for (let i = 0; i < 4; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await importing;
    expect(store.notices.value[0]).toMatchObject({
      kind: 'info',
      text: 'Import of big.har cancelled; nothing was added.',
    });
    expect(store.sessions.value).toEqual([]);
    const broken = store.importHar(
      'broken.har',
      new TextEncoder().encode('{"log": {"entries": [{"request": {}}, {"request": ').buffer,
    );
    clock.advance(1);
    await broken;
    expect(store.notices.value[0]).toMatchObject({
      kind: 'error',
      text: 'Could not import broken.har: the HAR file is truncated: it ends inside entry #2 (1 complete entry read). The 1 request before the fault was added.',
    });
    expect(store.sessions.value.map((s) => s.name)).toEqual(['broken.har']);
    const notHar = store.importHar('notes.txt', new TextEncoder().encode('hello').buffer);
    clock.advance(1);
    await notHar;
    expect(store.notices.value[0]?.text).toBe(
      'Could not import notes.txt: not a HAR file: it does not start with a JSON object. Nothing was added.',
    );
    expect(store.sessions.value.map((s) => s.name)).toEqual(['broken.har']);
  });

  it('keeps the rows in place while a token is selected; new ones go below, counted as "N new"', async () => {
    const clock = fakeClock(START);
    const source = fakeSource([
      bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'),
      bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:21:00Z', 'https://orders.contoso.example/api'),
    ]);
    const store = createStore(source, clock, memorySettings());
    await settle(clock);
    const ids = () => store.tokens.value.map((t) => t.id);
    expect(ids()).toEqual([tokenId(T.ENTRA_V2_APP_ONLY), tokenId(T.ENTRA_V1_DELEGATED)]);
    store.selectedId.value = tokenId(T.ENTRA_V1_DELEGATED);
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:25:00Z')); // sent again: newest now
    source.send(bearerEntry(T.ENTRA_V2_ID, '2023-11-14T22:26:00Z', 'https://login.microsoftonline.com/x'));
    clock.advance(200);
    expect(ids()).toEqual([tokenId(T.ENTRA_V2_APP_ONLY), tokenId(T.ENTRA_V1_DELEGATED), tokenId(T.ENTRA_V2_ID)]);
    expect(store.newCount.value).toBe(1);
    store.showNew();
    expect(ids()).toEqual([tokenId(T.ENTRA_V2_ID), tokenId(T.ENTRA_V1_DELEGATED), tokenId(T.ENTRA_V2_APP_ONLY)]);
    expect(store.newCount.value).toBe(0);
    expect(store.selectedId.value).toBe(tokenId(T.ENTRA_V1_DELEGATED));
  });

  it('clears the selection when the filter hides it', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource(entries), clock, memorySettings());
    await settle(clock);
    store.selectedId.value = tokenId(T.ACS_CONTEXT);
    store.filter.value = 'kind:context';
    expect(store.selectedId.value).toBe(tokenId(T.ACS_CONTEXT));
    store.filter.value = '-kind:context';
    expect(store.selectedId.value).toBeNull();
  });

  it('counts what Pause skipped and says so on resume', async () => {
    const clock = fakeClock(START);
    const source = fakeSource();
    const store = createStore(source, clock, memorySettings());
    await settle(clock);
    store.setPaused(true);
    source.send(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'));
    source.send(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:20:01Z'));
    expect(store.skipped.value).toBe(2);
    store.setPaused(false);
    expect(store.skipped.value).toBe(0);
    expect(store.notices.value[0]?.text).toBe('2 requests arrived while paused and were not analysed.');
  });

  it('sorts by any column and saves the choice as a setting, never token data', async () => {
    const clock = fakeClock(START);
    const settings = memorySettings({
      sort: { column: 'kind', dir: 'asc' },
      widths: { subject: 222, bogus: 5 },
      split: 7,
    });
    const store = createStore(fakeSource(entries), clock, settings);
    await settle(clock);
    expect(store.settings.value).toEqual({
      sort: { column: 'kind', dir: 'asc' },
      widths: { subject: 222 },
      split: 0.6,
      hidden: [],
    });
    expect(store.tokens.value.map((t) => t.kind)).toEqual(
      ['add-in-only', 'context', 'delegated', 'ID', 'opaque', 'refresh', 'user+add-in'].map((k) =>
        k === 'ID' ? 'id' : k,
      ),
    );
    store.setSort({ column: 'requests', dir: 'desc' });
    expect(store.tokens.value[0]!.kind).toBe('context');
    store.setSort({ column: 'findings', dir: 'desc' });
    expect(store.tokens.value.slice(0, 2).map((t) => t.kind)).toEqual(['user+add-in', 'context']);
    store.setWidth('audience', 240.4);
    expect(settings.saved).toEqual({
      sort: { column: 'findings', dir: 'desc' },
      widths: { subject: 222, audience: 240 },
      split: 0.6,
      hidden: [],
    });
  });

  it('remembers a pasted key per issuer and kid for the panel’s life', async () => {
    const store = createStore(fakeSource(), fakeClock(START), memorySettings());
    store.rememberKey('https://sts.windows.net/t/|kid1', 'PEM-1');
    expect(store.keyFor('https://sts.windows.net/t/|kid1')).toBe('PEM-1');
    expect(store.keyFor('https://sts.windows.net/t/|kid2')).toBe('');
  });

  it('exports the CLI’s report, redacted unless raw tokens are asked for', async () => {
    const clock = fakeClock(START);
    const store = createStore(fakeSource(entries), clock);
    await settle(clock);
    const redacted = (await store.exportReport()).text;
    expect(JSON.parse(redacted)).toMatchObject({ tool: 'bearerscope', reportVersion: 1, entries: 10 });
    expect(redacted).not.toContain(T.ACS_CONTEXT);
    expect(redacted).not.toContain(T.OPAQUE_REFRESH);
    expect(redacted).toMatch(/"refreshtoken": "\[redacted: \d+ characters\]"/);
    store.includeRaw.value = true;
    expect((await store.exportReport()).text).toContain(T.ACS_CONTEXT);
  });

  it('exports an imported file in the CLI’s formats, named for the file and the moment, redacted by default', async () => {
    const clock = fakeClock(new Date(2026, 11, 7, 5, 3, 9).getTime());
    const store = createStore(fakeSource(), clock, memorySettings());
    await settle(clock);
    await store.importHar('SharePoint add-in.har', new TextEncoder().encode(har).buffer);
    const json = await store.exportReport('json');
    const sarif = await store.exportReport('sarif');
    const html = await store.exportReport('html');
    expect([json, sarif, html].map((f) => [f.name, f.type])).toEqual([
      ['bearerscope-SharePoint_add-in-20261207-050309.json', 'application/json'],
      ['bearerscope-SharePoint_add-in-20261207-050309.sarif', 'application/sarif+json'],
      ['bearerscope-SharePoint_add-in-20261207-050309.html', 'text/html'],
    ]);
    // The import's own report, judged at its capture time, as the CLI writes it.
    expect(JSON.parse(json.text)).toMatchObject({ entries: 10, now: '2023-11-14T22:20:15.000Z' });
    expect(JSON.parse(sarif.text)).toMatchObject({ version: '2.1.0' });
    expect(JSON.parse(sarif.text).runs[0].results.length).toBeGreaterThan(0);
    expect(html.text).toMatch(/^<!doctype html>/i);
    expect(html.text).toContain('SharePoint add-in.har');
    for (const f of [json, sarif, html]) expect(f.text).not.toContain(T.ACS_CONTEXT);
    store.includeRaw.value = true;
    expect((await store.exportReport('sarif')).text).not.toContain(T.ACS_CONTEXT); // SARIF never carries raw tokens
    expect((await store.exportReport('html')).text).toContain(T.ACS_CONTEXT);
    // Live traffic is named for the host most of its requests went to.
    store.showSession('live');
    expect((await store.exportReport('json')).name).toBe('bearerscope-live-20261207-050309.json');
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
    const slow = (
      JSON.parse(fs.readFileSync('test/fixtures/real/derived/firefox-clock-2h-slow-4-entries.har', 'utf8')) as {
        log: { entries: unknown[] };
      }
    ).log.entries;
    const clock = fakeClock(START);
    const source = fakeSource();
    const store = createStore(source, clock);
    await settle(clock);
    for (const e of slow) source.send(e);
    clock.advance(200);
    const live = store.report.value.findings.find((f) => f.code === 'clock-skew')!;
    expect(live.message).toMatch(/^This machine's clock looks 1 h 59 min behind the servers'/);
    expect(JSON.parse((await store.exportReport()).text).findings[0].message).toMatch(/^This machine's clock/);
    // The same capture imported is a session of its own, judged as some other machine's.
    const importing = store.importHar(
      'slow.har',
      new TextEncoder().encode(JSON.stringify({ log: { entries: slow } })).buffer,
    );
    for (let i = 0; i < 3; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await importing;
    expect(store.report.value.findings.find((f) => f.code === 'clock-skew')!.message).toMatch(
      /^The capturing machine's clock/,
    );
  });
});
