/**
 * The reading half of an import, in a worker of its own (a second thread, as the CLI's scan-worker.ts): the file's
 * bytes read and cut into entries' texts by the core's reader, sent in batches to the analysing worker, which parses
 * and analyses them. On two cores the halves overlap. A few batches at most wait unanalysed, which bounds memory.
 */
import { HarEntryReader } from '../../core/har/reader.js';

/** What a text is: an entry to parse, an entry to read as a skeleton (nothing token-like in it), a reader's note. */
type TextKind = 0 | 1 | 2;
const PARSE = 0;
export const SKIM = 1;
export const NOTE = 2;

export type ToScanner = { type: 'scan'; data: Blob | ArrayBuffer } | { type: 'ack' };
export type FromScanner =
  | { type: 'texts'; texts: string[]; kinds: TextKind[]; read: number; total: number }
  /** The end of the file, or why it could not be read (the reader's message, not yet redacted). */
  | { type: 'end'; error: string | null };

/** Bytes read from the file at a time. */
export const READ_CHUNK = 1 << 20;
/** Batches sent and not yet analysed before reading waits. */
const IN_FLIGHT = 4;

export async function bytesOf(data: Blob | ArrayBuffer, from: number, to: number): Promise<Uint8Array> {
  if (data instanceof ArrayBuffer) return new Uint8Array(data, from, Math.min(to, data.byteLength) - from);
  return new Uint8Array(await data.slice(from, to).arrayBuffer());
}

export function createScanner(post: (message: FromScanner) => void): { receive(message: ToScanner): void } {
  let inFlight = 0;
  let wake: (() => void) | undefined;

  async function scan(data: Blob | ArrayBuffer) {
    const total = data instanceof ArrayBuffer ? data.byteLength : data.size;
    let texts: string[] = [];
    let kinds: TextKind[] = [];
    let read = 0;
    // Once a piece at least, even with no entry in it: each batch says how far reading got (the panel's progress).
    const flush = () => {
      post({ type: 'texts', texts, kinds, read, total });
      inFlight++;
      texts = [];
      kinds = [];
    };
    const add = (text: string, kind: TextKind) => {
      texts.push(text);
      kinds.push(kind);
    };
    const reader = new HarEntryReader(() => {}, {
      onText: (text, skim) => add(text, skim ? SKIM : PARSE),
      onNote: (text) => add(text, NOTE),
    });
    try {
      for (let from = 0; from < total; from += READ_CHUNK) {
        reader.push(await bytesOf(data, from, from + READ_CHUNK));
        read = Math.min(total, from + READ_CHUNK);
        flush();
        while (inFlight >= IN_FLIGHT) await new Promise<void>((r) => (wake = r));
      }
      reader.end();
      if (texts.length) flush();
      post({ type: 'end', error: null });
    } catch (err) {
      if (texts.length) flush();
      post({ type: 'end', error: (err as Error).message });
    }
  }

  return {
    receive(message) {
      if (message.type === 'scan') void scan(message.data);
      else {
        inFlight--;
        wake?.();
      }
    },
  };
}
