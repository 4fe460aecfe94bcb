/**
 * The import worker's logic, apart from the worker global so that tests call it directly: reads a HAR file with the
 * core's streaming reader into an Analyzer of its own, judged at the file's latest entry and by the capturing
 * machine's clock, then checks its signatures.
 */
import { Analyzer, type ReportOptions } from '../../core/analysis/analyzer.js';
import { normalizeEntry } from '../../core/har/entry.js';
import { HarEntryReader } from '../../core/har/reader.js';
import { redactText } from '../../core/find/redact.js';
import type { FromWorker, Shown, ToWorker } from './protocol.js';

/** Bytes read from the file at a time: large enough that reading costs little, small enough for steady progress. */
const READ_CHUNK = 4 << 20;
/** Least time between two progress messages. */
const PROGRESS_MS = 50;

export interface ImportHandler {
  receive(message: ToWorker): void;
  /** Stops a read under way (a cancel when the handler runs without a worker to terminate). */
  stop(): void;
}

async function bytesOf(data: Blob | ArrayBuffer, from: number, to: number): Promise<Uint8Array> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data, from, Math.min(to, data.byteLength) - from);
  return new Uint8Array(await data.slice(from, to).arrayBuffer());
}

export function createImportHandler(post: (message: FromWorker) => void): ImportHandler {
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

  /** Reads the file into the analysis; resolves the reader's complaint (redacted), or null. */
  async function read(name: string, data: Blob | ArrayBuffer): Promise<string | null> {
    const total = data instanceof ArrayBuffer ? data.byteLength : data.size;
    const reader = new HarEntryReader(
      (e, index) => {
        analyzer.add(e);
        // The entry's time as the analysis reads it (entry.ts), so the session is judged by the clock it was captured on.
        const { startedMs } = normalizeEntry(e, index);
        if (startedMs !== null) at = at === null ? startedMs : Math.max(at, startedMs);
      },
      { onNote: (t) => analyzer.note(`${name}: ${t}`) },
    );
    let told = 0;
    try {
      for (let from = 0; from < total && !stopped; from += READ_CHUNK) {
        reader.push(await bytesOf(data, from, from + READ_CHUNK));
        const read = Math.min(total, from + READ_CHUNK);
        if (Date.now() - told >= PROGRESS_MS || read === total) {
          told = Date.now();
          post({ type: 'progress', read, total });
        }
      }
      if (!stopped) reader.end();
      return null;
    } catch (err) {
      // Redacted as a report is: a V8 JSON error quotes the file around the fault.
      return redactText((err as Error).message);
    }
  }

  async function importFile(name: string, data: Blob | ArrayBuffer) {
    const failure = await read(name, data);
    if (stopped) return;
    post({ type: 'read', entries: analyzer.entryCount, at, failure, ...shown() });
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
