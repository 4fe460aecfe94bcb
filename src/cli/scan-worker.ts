/**
 * A HAR file read in two threads: a worker reads the bytes (inflating a .har.gz or a zip member, putting attached
 * bodies back: src/cli/inputs.ts) and finds each entry's text (the byte scanner and the tests for token-like text,
 * about half the scan's time), the main thread reads those texts and analyses them.
 * On a machine with two cores the halves overlap, so the scan takes about as long as the slower one.
 * Node only (worker_threads): the core stays free of it.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { entryFromText, HarFormatError } from '../core/har/reader.js';
import { type Input, readInput } from './inputs.js';

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

/** Main thread: reads `input` through a worker, calling `onEntry` and `onNote` in the file's order. */
export function scanInWorker(
  input: Input,
  onEntry: (entry: unknown) => void,
  onNote: (text: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { bearerscopeScan: input } });
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
        return finish(
          err instanceof HarFormatError ? new HarFormatError(`${input.name}: ${err.message}`) : (err as Error),
        );
      }
      worker.postMessage('ack');
    });
    worker.on('error', (err) => finish(err));
    worker.on('exit', () => finish(new Error('the reading thread stopped')));
  });
}

/** Worker side: the input named in workerData, read and cut into entries' texts. */
async function serve(input: Input): Promise<void> {
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
  try {
    await readInput(input, {
      text: (text, skim) => add(text, skim ? Kind.Skim : Kind.Parse),
      note: (text) => add(text, Kind.Note),
      drain: async () => {
        while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
      },
    });
  } catch (err) {
    flush();
    port.postMessage({ error: (err as Error).message } satisfies Message);
    return;
  }
  flush();
  port.postMessage({ done: true } satisfies Message);
}

/** Whether this thread is a scan's reading worker (then it serves, and the CLI's main does not run). */
export function isScanWorker(): boolean {
  const data = (workerData as { bearerscopeScan?: { path?: unknown } } | null)?.bearerscopeScan;
  return typeof data?.path === 'string';
}

export function runScanWorker(): void {
  void serve((workerData as { bearerscopeScan: Input }).bearerscopeScan);
}
