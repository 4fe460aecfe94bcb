/**
 * A HAR file read in two threads: a worker reads the bytes and finds each entry's text (the byte scanner and the
 * tests for token-like text, about half the scan's time), the main thread reads those texts and analyses them.
 * On a machine with two cores the halves overlap, so the scan takes about as long as the slower one.
 * Node only (worker_threads): the core stays free of it.
 */
import fs from 'node:fs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { entryFromText, HarEntryReader, HarFormatError } from '../core/har/reader.js';

/** What the worker sends: entries' texts (or notes) in order, then the end, or why the file could not be read. */
type Message = { texts: string[]; kinds: Kind[] } | { done: true } | { error: string };
const enum Kind {
  Parse,
  Skim,
  Note,
}
/** Entries per message: fewer messages cost less, smaller ones keep memory bounded and both threads busy. */
const BATCH_ENTRIES = 200;
const BATCH_CHARS = 2_000_000;
/** Batches sent and not yet analysed before the worker waits: bounds memory when analysis is the slower half. */
const IN_FLIGHT = 4;

/** How a file that could not be read is named to the user (as `scan` says it when reading in one thread). */
export function readFailure(file: string, err: unknown): string {
  if (err instanceof HarFormatError) return `${file}: ${err.message}`;
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return `cannot read ${file}: ${why}`;
}

/** Main thread: reads `file` through a worker, calling `onEntry` and `onNote` in the file's order. */
export function scanInWorker(file: string, onEntry: (entry: unknown) => void, onNote: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { bearerscopeScan: file } });
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    let index = 0;
    worker.on('message', (m: Message) => {
      if ('error' in m) return finish(new HarFormatError(m.error));
      if ('done' in m) return finish();
      try {
        for (let i = 0; i < m.texts.length; i++) {
          const text = m.texts[i] ?? '';
          if (m.kinds[i] === Kind.Note) onNote(text);
          else onEntry(entryFromText(text, m.kinds[i] === Kind.Skim, index++));
        }
      } catch (err) {
        return finish(err instanceof HarFormatError ? new HarFormatError(`${file}: ${err.message}`) : (err as Error));
      }
      worker.postMessage('ack');
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', () => finish(new Error('the reading thread stopped')));
  });
}

/** Worker side: the file named in workerData, read and cut into entries' texts. */
async function serve(file: string): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let texts: string[] = [];
  let kinds: Kind[] = [];
  let chars = 0;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    inFlight--;
    wake?.();
  });
  const flush = () => {
    if (!texts.length) return;
    port.postMessage({ texts, kinds } satisfies Message);
    inFlight++;
    texts = [];
    kinds = [];
    chars = 0;
  };
  const add = (text: string, kind: Kind) => {
    texts.push(text);
    kinds.push(kind);
    chars += text.length;
    if (texts.length >= BATCH_ENTRIES || chars >= BATCH_CHARS) flush();
  };
  const reader = new HarEntryReader(() => undefined, {
    onNote: (t) => add(`${file}: ${t}`, Kind.Note),
    onText: (text, skim) => add(text, skim ? Kind.Skim : Kind.Parse),
  });
  try {
    const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const chunk of stream) {
      reader.push(chunk as Uint8Array);
      while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
    }
  } catch (err) {
    flush();
    port.postMessage({ error: readFailure(file, err) } satisfies Message);
    return;
  }
  try {
    reader.end();
  } catch (err) {
    flush();
    port.postMessage({ error: `${file}: ${(err as Error).message}` } satisfies Message);
    return;
  }
  flush();
  port.postMessage({ done: true } satisfies Message);
}

/** Whether this thread is a scan's reading worker (then it serves, and the CLI's main does not run). */
export function isScanWorker(): boolean {
  return typeof (workerData as { bearerscopeScan?: unknown } | null)?.bearerscopeScan === 'string';
}

export function runScanWorker(): void {
  void serve((workerData as { bearerscopeScan: string }).bearerscopeScan);
}
