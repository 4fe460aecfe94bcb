/**
 * The import worker's logic, apart from the worker global so that tests call it directly: reads a HAR file with the
 * core's streaming reader into an Analyzer of its own, judged at the file's latest entry and by the capturing
 * machine's clock, then checks its signatures. With a scanner (a second worker: scanner.ts), the file is cut into
 * entries there while this thread analyses them; without one, or when it fails to start, both happen here.
 */
import { Analyzer, type ReportOptions } from '../../core/analysis/analyzer.js';
import { normalizeEntry } from '../../core/har/entry.js';
import { HarEntryReader, entryFromText } from '../../core/har/reader.js';
import { redactText } from '../../core/find/redact.js';
import type { FromWorker, Shown, ToWorker } from './protocol.js';
import { type FromScanner, NOTE, READ_CHUNK, SKIM, type ToScanner, bytesOf } from './scanner.js';

/** A scanner's end, as client.ts's ImportPort is the panel's: `null` to the listener when it failed. */
export interface ScannerPort {
  send(message: ToScanner): void;
  listen(fn: (message: FromScanner | null) => void): void;
  close(): void;
}

/** Least time between two progress messages. */
const PROGRESS_MS = 50;

const NO_SCANNER = '\u0000no scanner';

export interface ImportHandler {
  receive(message: ToWorker): void;
  /** Stops a read under way (a cancel when the handler runs without a worker to terminate). */
  stop(): void;
}

export function createImportHandler(
  post: (message: FromWorker) => void,
  spawnScanner?: () => ScannerPort,
): ImportHandler {
  const analyzer = new Analyzer();
  let at: number | null = null;
  let stopped = false;

  const judge = (options: ReportOptions) =>
    analyzer.report(at ?? Date.now(), { ...options, clockOwner: 'the capturing machine' });

  function shown(): Shown {
    // Personal claims shown, as the live view does: the person at the panel needs to see whose token it is.
    const report = judge({ redactPersonal: false });
    const raw: Array<[string, string]> = [];
    for (const t of report.tokens) {
      const value = analyzer.rawToken(t.id);
      if (value !== null) raw.push([t.id, value]);
    }
    return { report, raw };
  }

  function add(e: unknown, index: number) {
    analyzer.add(e);
    // The entry's time as the analysis reads it (entry.ts), so the session is judged by the clock it was captured on.
    const { startedMs } = normalizeEntry(e, index);
    if (startedMs !== null) at = at === null ? startedMs : Math.max(at, startedMs);
  }

  let told = 0;
  function progress(read: number, total: number) {
    if (Date.now() - told < PROGRESS_MS && read < total) return;
    told = Date.now();
    post({ type: 'progress', read, total });
  }

  // Redacted as a report is: a V8 JSON error quotes the file around the fault.
  const complaint = (err: unknown) => redactText(err instanceof Error ? err.message : String(err));

  /** Reads the file into the analysis in this thread; resolves the reader's complaint (redacted), or null. */
  async function readHere(name: string, data: Blob | ArrayBuffer): Promise<string | null> {
    const total = data instanceof ArrayBuffer ? data.byteLength : data.size;
    const reader = new HarEntryReader(add, { onNote: (t) => analyzer.note(`${name}: ${t}`) });
    try {
      for (let from = 0; from < total && !stopped; from += READ_CHUNK) {
        reader.push(await bytesOf(data, from, from + READ_CHUNK));
        progress(Math.min(total, from + READ_CHUNK), total);
      }
      if (!stopped) reader.end();
      return null;
    } catch (err) {
      return complaint(err);
    }
  }

  /**
   * Has the scanner cut the file into entries' texts and analyses them here, in the file's order; resolves as
   * `readHere`, or 'no scanner' when the scanner failed before sending anything (then this thread reads the file).
   */
  function readWith(scanner: ScannerPort, name: string, data: Blob | ArrayBuffer): Promise<string | null> {
    let index = 0;
    let heard = false;
    return new Promise((resolve) => {
      const finish = (result: string | null) => {
        scanner.close();
        resolve(result);
      };
      scanner.listen((m) => {
        if (stopped) return finish(null);
        if (m === null) return heard ? finish('the reading worker stopped') : finish(NO_SCANNER);
        heard = true;
        if (m.type === 'end') return finish(m.error === null ? null : complaint(m.error));
        try {
          for (let i = 0; i < m.texts.length; i++) {
            const text = m.texts[i] ?? '';
            if (m.kinds[i] === NOTE) analyzer.note(`${name}: ${text}`);
            else add(entryFromText(text, m.kinds[i] === SKIM, index), index++);
          }
        } catch (err) {
          return finish(complaint(err));
        }
        progress(m.read, m.total);
        scanner.send({ type: 'ack' });
      });
      scanner.send({ type: 'scan', data });
    });
  }

  let threads: 1 | 2 = 1;
  async function read(name: string, data: Blob | ArrayBuffer): Promise<string | null> {
    if (spawnScanner) {
      const result = await readWith(spawnScanner(), name, data);
      if (result !== NO_SCANNER) {
        threads = 2;
        return result;
      }
    }
    return readHere(name, data);
  }

  async function importFile(name: string, data: Blob | ArrayBuffer) {
    const failure = await read(name, data);
    if (stopped) return;
    post({ type: 'read', entries: analyzer.entryCount, at, failure, threads, ...shown() });
    if (!analyzer.entryCount) return;
    const moved = await analyzer.verifySignatures().catch(() => false);
    if (moved && !stopped) post({ type: 'verified', ...shown() });
  }

  return {
    receive(message) {
      if (message.type === 'import') void importFile(message.name, message.data);
      else post({ type: 'report', id: message.id, report: judge(message.options) });
    },
    stop: () => void (stopped = true),
  };
}
