// The import worker's protocol, with its handler called directly (no Worker): progress, the report and raw tokens,
// signature verdicts, export requests, a broken file and a stop.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tokenId } from '../../../src/core/analysis/analyzer.js';
import { type ScannerPort, createImportHandler } from '../../../src/panel/import/handler.js';
import type { FromWorker } from '../../../src/panel/import/protocol.js';
import { type FromScanner, createScanner } from '../../../src/panel/import/scanner.js';
import { captured, harText } from '../../fixtures/capture.js';
import * as P from '../../fixtures/proofs.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import * as T from '../../fixtures/tokens.js';

const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const encode = (text: string) => new TextEncoder().encode(text).buffer;

/** The reading worker's end, its handler run in this thread, delivering messages later as a worker would. */
function scannerHere(): ScannerPort {
  let hear: (m: FromScanner | null) => void = () => {};
  let closed = false;
  const scanner = createScanner((m) => setTimeout(() => closed || hear(m)));
  return {
    send: (m) => setTimeout(() => closed || scanner.receive(m)),
    listen: (fn) => void (hear = fn),
    close: () => void (closed = true),
  };
}

/** Which thread cuts the file into entries: the analysing one, or a reading worker (the browser's case). */
const MODES: Record<string, (() => ScannerPort) | undefined> = { 'in one thread': undefined, 'in two': scannerHere };
let spawnScanner: (() => ScannerPort) | undefined;

function handler() {
  const heard: FromWorker[] = [];
  const waiters: Array<() => void> = [];
  const h = createImportHandler((m) => {
    heard.push(m);
    waiters.splice(0).forEach((w) => w());
  }, spawnScanner);
  /** Resolves the first message of this type (already heard or still to come). */
  async function next<K extends FromWorker['type']>(type: K): Promise<Extract<FromWorker, { type: K }>> {
    for (;;) {
      const m = heard.find((x) => x.type === type);
      if (m) return m as Extract<FromWorker, { type: K }>;
      await new Promise<void>((r) => waiters.push(r));
    }
  }
  return { h, heard, next };
}

describe.each(Object.keys(MODES))('import worker handler, %s', (mode) => {
  beforeEach(() => void (spawnScanner = MODES[mode]));

  it('reads a file of several pieces with progress, then sends the report judged at its capture time', async () => {
    // 10 real entries, then 9 MB of padding: ten pieces of 1 MB.
    const text = `{"log":{"entries":${JSON.stringify(entries)}${' '.repeat(9 << 20)}}}`;
    const file = new Blob([text]);
    const { h, heard, next } = handler();
    h.receive({ type: 'import', name: 'capture.har', data: file });
    const read = await next('read');
    const progress = heard.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toEqual({ type: 'progress', read: file.size, total: file.size });
    expect(progress.map((m) => m.read)).toEqual([...progress.map((m) => m.read)].sort((a, b) => a - b));
    expect(heard.indexOf(read)).toBeGreaterThan(heard.indexOf(progress.at(-1)!));
    expect(read).toMatchObject({
      entries: 10,
      at: Date.parse('2023-11-14T22:20:15Z'),
      failure: null,
      threads: spawnScanner ? 2 : 1,
    });
    expect(read.report.now).toBe('2023-11-14T22:20:15.000Z');
    expect(read.report.findings.map((f) => f.code)).toContain('client-secret-in-browser');
    // Personal claims shown; raw tokens only beside the report, by id.
    expect(read.report.tokens.find((t) => t.kind === 'delegated')!.claims!.name).toBe('Alex Doe');
    expect(JSON.stringify(read.report)).not.toContain(T.ACS_CONTEXT);
    expect(new Map(read.raw).get(tokenId(T.ACS_CONTEXT))).toBe(T.ACS_CONTEXT);
    expect(read.raw).toHaveLength(read.report.tokens.length);
  });

  it('answers report requests by id, redacted unless revealed, by the capturing machine’s clock', async () => {
    const { h, heard, next } = handler();
    h.receive({ type: 'import', name: 'capture.har', data: encode(har) });
    await next('read');
    h.receive({ type: 'report', id: 7, options: { reveal: true } });
    h.receive({ type: 'report', id: 8, options: {} });
    const answers = heard.filter((m) => m.type === 'report');
    expect(answers.map((m) => m.id)).toEqual([7, 8]);
    expect(JSON.stringify(answers[0]!.report)).toContain(T.ACS_CONTEXT);
    expect(JSON.stringify(answers[1]!.report)).not.toContain(T.ACS_CONTEXT);
    expect(answers[1]!.report.tokens.find((t) => t.kind === 'delegated')!.claims!.name).toMatch(/^\[redacted/);
  });

  it('sends the report again when signature verdicts move', async () => {
    const file = harText([
      captured(10, 'https://issuer.example/jwks', [], P.ISSUER_JWKS),
      captured(10, 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }]),
    ]);
    const { h, next } = handler();
    h.receive({ type: 'import', name: 'keys.har', data: encode(file) });
    expect((await next('read')).report.tokens.map((t) => t.signature.status)).not.toEqual(['verified']);
    const verified = await next('verified');
    expect(verified.report.tokens.map((t) => t.signature.status)).toEqual(['verified']);
    expect(verified.raw.map(([, raw]) => raw)).toEqual([P.PLAIN]);
  });

  it('keeps what came before a fault and says what is wrong, redacted', async () => {
    const token = T.ENTRA_V1_DELEGATED;
    const broken = `{"log":{"entries":[${JSON.stringify(entries[6])},{"request": {"url": "https://x.example/?t=${token}" x`;
    const { h, next } = handler();
    h.receive({ type: 'import', name: 'broken.har', data: encode(broken) });
    const read = await next('read');
    expect(read.entries).toBe(1);
    expect(read.failure).toMatch(/entry #2/);
    expect(read.failure).not.toContain(token);
  });

  it('sends nothing more once stopped', async () => {
    const { h, heard } = handler();
    h.receive({ type: 'import', name: 'big.har', data: new Blob([`{"log":{"entries":[${' '.repeat(20 << 20)}]}}`]) });
    h.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.filter((m) => m.type !== 'progress')).toEqual([]);
  });
});

describe('import worker handler with a reading worker that fails', () => {
  const failing =
    (after: number): (() => ScannerPort) =>
    () => {
      const real = scannerHere();
      let hear: (m: FromScanner | null) => void = () => {};
      let sent = 0;
      real.listen((m) => (sent++ < after ? hear(m) : hear(null)));
      return { send: real.send, listen: (fn) => void (hear = fn), close: real.close };
    };
  const big = `{"log":{"entries":[${Array.from({ length: 3 }, () => JSON.stringify(entries[6])).join(',')}${' '.repeat(3 << 20)}]}}`;

  it('reads in its own thread when the reading worker fails before sending anything', async () => {
    const heard: FromWorker[] = [];
    const h = createImportHandler((m) => void heard.push(m), failing(0));
    h.receive({ type: 'import', name: 'big.har', data: encode(big) });
    await vi.waitFor(() => expect(heard.some((m) => m.type === 'read')).toBe(true), { timeout: 30_000 });
    expect(heard.find((m) => m.type === 'read')).toMatchObject({ entries: 3, failure: null, threads: 1 });
  });

  it('keeps what it analysed and says so when the reading worker stops midway', async () => {
    const heard: FromWorker[] = [];
    const h = createImportHandler((m) => void heard.push(m), failing(1));
    h.receive({ type: 'import', name: 'big.har', data: encode(big) });
    await vi.waitFor(() => expect(heard.some((m) => m.type === 'read')).toBe(true), { timeout: 30_000 });
    expect(heard.find((m) => m.type === 'read')).toMatchObject({ entries: 3, failure: 'the reading worker stopped' });
  });
});
