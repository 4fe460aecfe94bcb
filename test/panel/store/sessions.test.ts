// Imported HAR files alone: real files read by the import handler (in this thread: Node has no Web Worker) through the
// core's streaming reader.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenId } from '../../../src/core/analysis/analyzer.js';
import { inThreadPort } from '../../../src/panel/import/client.js';
import { type ImportedSession, type SessionAnalysis, createSessionsStore } from '../../../src/panel/store/sessions.js';
import type { Notice } from '../../../src/panel/store/notices.js';
import { captured } from '../../fixtures/capture.js';
import * as P from '../../fixtures/proofs.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import * as T from '../../fixtures/tokens.js';
import { harBytes as harOf } from '../fakes.js';

const entries = (JSON.parse(har) as { log: { entries: Array<Record<string, unknown>> } }).log.entries;
const bytes = (text: string) => new TextEncoder().encode(text).buffer;

function sessions() {
  const notice = { value: null as Omit<Notice, 'at'> | null };
  const shown: ImportedSession[] = [];
  const changed: SessionAnalysis[] = [];
  const spawned: Array<ReturnType<typeof inThreadPort>> = [];
  const store = createSessionsStore({
    notify: (n) => void (notice.value = n),
    imported: (s) => void shown.push(s),
    changed: (a) => void changed.push(a),
    spawn: () => {
      const port = inThreadPort();
      spawned.push(port);
      return port;
    },
  });
  return { notice, shown, changed, spawned, store, run: store.importHar };
}

describe('sessions store', () => {
  it('reads a HAR into a session of its own, judged at its latest entry, and shows it', async () => {
    const { notice, shown, store, run } = sessions();
    const p = run('capture.har', bytes(har));
    // Progress from the moment the import starts, before the worker says anything.
    expect(store.importing.value).toEqual({ name: 'capture.har', read: 0, total: bytes(har).byteLength });
    await p;
    expect(notice.value).toMatchObject({ kind: 'info', text: 'Imported 10 requests from capture.har.' });
    expect(store.sessions.value.map((s) => [s.id, s.name, s.analysis.entryCount, s.at])).toEqual([
      ['import-1', 'capture.har', 10, Date.parse('2023-11-14T22:20:15Z')],
    ]);
    const s = store.sessions.value[0]!;
    expect(s.analysis.report).toMatchObject({ now: '2023-11-14T22:20:15.000Z', entries: 10 });
    // The view shows whose token it is; the raw value is there by id for copy and cURL.
    const delegated = s.analysis.report.tokens.find((t) => t.kind === 'delegated')!;
    expect(delegated.claims!.name).toBe('Alex Doe');
    expect(s.analysis.rawToken(tokenId(T.ACS_CONTEXT))).toBe(T.ACS_CONTEXT);
    expect(s.analysis.rawToken('no-such-id')).toBeNull();
    expect(shown).toEqual(store.sessions.value);
    expect(store.importing.value).toBeNull();
  });

  it('reads a File as the panel hands it over', async () => {
    const file = fs.readFileSync('test/fixtures/real/derived/firefox-clock-2h-slow.har');
    const { store, run } = sessions();
    await run('firefox.har', new Blob([file]));
    const s = store.sessions.value[0]!;
    expect(s.analysis.entryCount).toBeGreaterThan(0);
    expect(s.at).toBe(
      Math.max(
        ...(JSON.parse(file.toString()) as { log: { entries: Array<{ startedDateTime: string }> } }).log.entries.map(
          (e) => Date.parse(e.startedDateTime),
        ),
      ),
    );
  });

  it('takes the latest time, not the last entry’s, and has none when no entry has a readable time', async () => {
    const { store, run } = sessions();
    await run('reversed.har', harOf([...entries].reverse()));
    expect(store.sessions.value[0]!.at).toBe(Date.parse('2023-11-14T22:20:15Z'));
    await run('undated.har', harOf(entries.map((e) => ({ ...e, startedDateTime: 'yesterday' }))));
    expect(store.sessions.value[1]).toMatchObject({ id: 'import-2', name: 'undated.har', at: null });
  });

  it("checks the session's signatures once it is read, and says which analysis changed", async () => {
    const { store, changed, run } = sessions();
    await run(
      'keys.har',
      harOf([
        captured(10, 'https://issuer.example/jwks', [], P.ISSUER_JWKS),
        captured(10, 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }]),
      ]),
    );
    const s = store.sessions.value[0]!;
    expect(s.analysis.report.tokens.map((t) => t.signature.status)).not.toEqual(['verified']);
    for (let i = 0; i < 400 && !changed.length; i++) await new Promise((r) => setTimeout(r, 5));
    expect(changed).toEqual([s.analysis]);
    expect(s.analysis.report.tokens.map((t) => t.signature.status)).toEqual(['verified']);
  });

  it('asks the analysis for an export: redacted, or with raw tokens; judged at the capture time', async () => {
    const { store, run } = sessions();
    await run('capture.har', bytes(har));
    const s = store.sessions.value[0]!;
    const [redacted, revealed] = await Promise.all([s.analysis.judge({}), s.analysis.judge({ reveal: true })]);
    expect(redacted.now).toBe('2023-11-14T22:20:15.000Z');
    expect(redacted.tokens.find((t) => t.kind === 'delegated')!.claims!.name).toMatch(/^\[redacted/);
    expect(JSON.stringify(redacted)).not.toContain(T.ACS_CONTEXT);
    expect(JSON.stringify(revealed)).toContain(T.ACS_CONTEXT);
  });

  it('keeps nothing from a cancelled import, and what came before the fault of a broken one', async () => {
    const { notice, shown, spawned, store, run } = sessions();
    const big = bytes(`{"log":{"entries":[${JSON.stringify(entries[6])}${' '.repeat(3 << 20)}]}}`);
    const p = run('big.har', big);
    store.cancelImport();
    await p;
    expect(notice.value).toMatchObject({ kind: 'info', text: 'Import of big.har cancelled; nothing was added.' });
    expect(store.sessions.value).toEqual([]);
    expect(store.importing.value).toBeNull();
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
    expect(spawned).toHaveLength(3);
  });

  it('says so when the worker fails, and adds nothing', async () => {
    const notice = { value: null as Omit<Notice, 'at'> | null };
    const store = createSessionsStore({
      notify: (n) => void (notice.value = n),
      imported: () => {},
      changed: () => {},
      spawn: () => ({ send: () => {}, listen: (fn) => void setTimeout(() => fn(null)), close: () => {} }),
    });
    await store.importHar('a.har', bytes(har));
    expect(notice.value).toMatchObject({
      kind: 'error',
      text: 'Could not import a.har: the import worker stopped. Nothing was added.',
    });
    expect(store.sessions.value).toEqual([]);
  });

  it('runs one import at a time', async () => {
    const { store, run } = sessions();
    const first = run('a.har', bytes(har));
    await store.importHar('b.har', bytes(har));
    await first;
    expect(store.sessions.value.map((s) => s.name)).toEqual(['a.har']);
  });
});
