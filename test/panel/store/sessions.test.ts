// Imported HAR files alone: real files read through the core's streaming reader, on a fake clock.
import fs from 'node:fs';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { type ImportedSession, createSessionsStore } from '../../../src/panel/store/sessions.js';
import type { Notice } from '../../../src/panel/store/types.js';
import * as P from '../../fixtures/proofs.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import { fakeClock } from '../fakes.js';

const entries = (JSON.parse(har) as { log: { entries: Array<Record<string, unknown>> } }).log.entries;
const bytes = (text: string) => new TextEncoder().encode(text).buffer;
const harOf = (list: unknown[]) => bytes(JSON.stringify({ log: { version: '1.2', entries: list } }));

function sessions() {
  const clock = fakeClock(Date.parse('2026-11-23T10:00:00Z'));
  const notice = signal<Notice | null>(null);
  const shown: ImportedSession[] = [];
  const changed: Analyzer[] = [];
  const store = createSessionsStore({
    clock,
    notice,
    imported: (s) => void shown.push(s),
    changed: (a) => void changed.push(a),
  });
  /** Runs an import to its end, moving the clock past each yield. */
  async function run(name: string, data: ArrayBuffer) {
    let done = false;
    const p = store.importHar(name, data).then(() => (done = true));
    for (let i = 0; i < 50 && !done; i++) {
      clock.advance(1);
      await Promise.resolve();
    }
    await p;
  }
  return { clock, notice, shown, changed, store, run };
}

describe('sessions store', () => {
  it('reads a HAR into a session of its own, judged at its latest entry, and shows it', async () => {
    const { notice, shown, store, run } = sessions();
    await run('capture.har', bytes(har));
    expect(notice.value).toEqual({ kind: 'info', text: 'Imported 10 requests from capture.har.' });
    expect(store.sessions.value.map((s) => [s.id, s.name, s.analyzer.entryCount, s.at])).toEqual([
      ['import-1', 'capture.har', 10, Date.parse('2023-11-14T22:20:15Z')],
    ]);
    expect(shown).toEqual(store.sessions.value);
    expect(store.importing.value).toBeNull();
  });

  it('takes the latest time, not the last entry’s, and has none when no entry has a readable time', async () => {
    const { store, run } = sessions();
    await run('reversed.har', harOf([...entries].reverse()));
    expect(store.sessions.value[0]!.at).toBe(Date.parse('2023-11-14T22:20:15Z'));
    await run('undated.har', harOf(entries.map((e) => ({ ...e, startedDateTime: 'yesterday' }))));
    expect(store.sessions.value[1]).toMatchObject({ id: 'import-2', name: 'undated.har', at: null });
  });

  it('reads a real browser export in chunks, reporting progress', async () => {
    const file = fs.readFileSync('test/fixtures/real/derived/firefox-clock-2h-slow.har');
    const { store, run } = sessions();
    const p = run('firefox.har', file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
    expect(store.importing.value).toMatchObject({ name: 'firefox.har', total: file.byteLength });
    await p;
    const s = store.sessions.value[0]!;
    expect(s.analyzer.entryCount).toBeGreaterThan(0);
    expect(s.at).toBe(
      Math.max(
        ...(JSON.parse(file.toString()) as { log: { entries: Array<{ startedDateTime: string }> } }).log.entries.map(
          (e) => Date.parse(e.startedDateTime),
        ),
      ),
    );
  });

  it("checks the session's signatures once it is read, and says which analysis changed", async () => {
    const entry = (url: string, headers: Array<{ name: string; value: string }>, json?: unknown) => ({
      startedDateTime: '2025-11-23T12:13:30Z',
      time: 10,
      request: { method: 'GET', url, headers },
      response: {
        status: 200,
        headers: [],
        content: json === undefined ? {} : { mimeType: 'application/json', text: JSON.stringify(json) },
      },
    });
    const { store, changed, run } = sessions();
    await run(
      'keys.har',
      harOf([
        entry('https://issuer.example/jwks', [], P.ISSUER_JWKS),
        entry('https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }]),
      ]),
    );
    const s = store.sessions.value[0]!;
    for (let i = 0; i < 200 && !changed.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(changed).toEqual([s.analyzer]);
    expect(s.analyzer.report(s.at!).tokens.map((t) => t.signature.status)).toEqual(['verified']);
  });

  it('keeps nothing from a cancelled import, and what came before the fault of a broken one', async () => {
    const { notice, shown, store, run } = sessions();
    const big = bytes(`{"log":{"entries":[${JSON.stringify(entries[6])}${' '.repeat(3 << 20)}]}}`);
    const p = run('big.har', big);
    store.cancelImport();
    await p;
    expect(notice.value).toEqual({ kind: 'info', text: 'Import of big.har cancelled; nothing was added.' });
    expect(store.sessions.value).toEqual([]);
    await run('broken.har', bytes(`{"log":{"entries":[${JSON.stringify(entries[6])},{"request":`));
    expect(notice.value?.text).toBe(
      'Could not import broken.har: the HAR file is truncated: it ends inside entry #2 (1 complete entry read). The 1 request before the fault was added.',
    );
    expect(store.sessions.value.map((s) => [s.name, s.at])).toEqual([
      ['broken.har', Date.parse('2023-11-14T22:20:10.500Z')],
    ]);
    await run('empty.har', bytes(''));
    expect(notice.value?.text).toBe(
      'Could not import empty.har: not a HAR file: it is empty or does not start with a JSON object. Nothing was added.',
    );
    expect(shown.map((s) => s.name)).toEqual(['broken.har']);
  });

  it('runs one import at a time', async () => {
    const { store, run } = sessions();
    const first = run('a.har', bytes(har));
    await store.importHar('b.har', bytes(har));
    await first;
    expect(store.sessions.value.map((s) => s.name)).toEqual(['a.har']);
  });
});
