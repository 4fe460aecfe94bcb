/**
 * Imported HAR files, each a session of its own: its own analysis, numbered as in the file, judged at the moment it
 * was captured (its last entry's time). A broken file keeps the entries before the fault and says what is wrong; a
 * cancelled one adds nothing.
 */
import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { Analyzer } from '../../core/analysis/analyzer.js';
import { normalizeEntry } from '../../core/har/entry.js';
import { HarEntryReader } from '../../core/har/reader.js';
import { redactText } from '../../core/find/redact.js';
import { plural } from '../../core/util/plural.js';
import { createSignatureChecks } from './signatures.js';
import type { Clock, Notice } from './types.js';

/** Bytes read between two yields to the page, so that a large file keeps the panel responsive and cancellable. */
const IMPORT_CHUNK = 1 << 20;

export interface ImportedSession {
  id: string;
  name: string;
  analyzer: Analyzer;
  /** The last entry's start (ms): the capture's own "now". Null when no entry had a readable time. */
  at: number | null;
}

interface ImportProgress {
  name: string;
  read: number;
  total: number;
}

export interface SessionsDeps {
  clock: Clock;
  notice: Signal<Notice | null>;
  /** A file was read: the session to show. */
  imported(session: ImportedSession): void;
  /** An imported analysis has new signature verdicts. */
  changed(analyzer: Analyzer): void;
}

export interface SessionsState {
  sessions: ReadonlySignal<ImportedSession[]>;
  importing: ReadonlySignal<ImportProgress | null>;
  /** Reads a HAR file into a new session; does nothing while another import runs. */
  importHar(name: string, data: ArrayBuffer): Promise<void>;
  cancelImport(): void;
}

export function createSessionsStore({ clock, notice, imported, changed }: SessionsDeps): SessionsState {
  const sessions = signal<ImportedSession[]>([]);
  const importing = signal<ImportProgress | null>(null);
  const signatures = createSignatureChecks(changed);
  let cancelled = false;
  let count = 0;

  /** Reads the file in chunks into `own`; resolves the reader's complaint, or null. */
  async function read(
    name: string,
    bytes: Uint8Array,
    own: Analyzer,
    onStarted: (ms: number) => void,
  ): Promise<string | null> {
    const reader = new HarEntryReader(
      (e, index) => {
        own.add(e);
        // The entry's time as the analysis reads it (entry.ts), so the session is judged by the clock it was captured on.
        const { startedMs } = normalizeEntry(e, index);
        if (startedMs !== null) onStarted(startedMs);
      },
      { onNote: (t) => own.note(`${name}: ${t}`) },
    );
    try {
      for (let i = 0; i < bytes.length; i += IMPORT_CHUNK) {
        reader.push(bytes.subarray(i, i + IMPORT_CHUNK));
        importing.value = { name, read: Math.min(bytes.length, i + IMPORT_CHUNK), total: bytes.length };
        await new Promise<void>((r) => clock.later(0, r));
        if (cancelled) return null;
      }
      reader.end();
      return null;
    } catch (err) {
      // Redacted as a report is: a V8 JSON error quotes the file around the fault.
      return redactText((err as Error).message);
    }
  }

  async function importHar(name: string, data: ArrayBuffer) {
    if (importing.peek()) return;
    const bytes = new Uint8Array(data);
    const own = new Analyzer();
    let last: number | null = null;
    cancelled = false;
    importing.value = { name, read: 0, total: bytes.length };
    const failure = await read(name, bytes, own, (ms) => (last = last === null ? ms : Math.max(last, ms)));
    importing.value = null;
    if (cancelled) {
      notice.value = { kind: 'info', text: `Import of ${name} cancelled; nothing was added.` };
      return;
    }
    const kept = own.entryCount;
    if (failure !== null) {
      notice.value = {
        kind: 'error',
        text: `Could not import ${name}: ${failure}.${kept ? ` The ${plural(kept, 'request')} before the fault ${kept === 1 ? 'was' : 'were'} added.` : ' Nothing was added.'}`,
      };
      if (!kept) return;
    } else {
      notice.value = { kind: 'info', text: `Imported ${plural(kept, 'request')} from ${name}.` };
    }
    const session: ImportedSession = { id: `import-${++count}`, name, analyzer: own, at: last };
    sessions.value = [...sessions.peek(), session];
    imported(session);
    signatures.verifySoon(own);
  }

  return { sessions, importing, importHar, cancelImport: () => void (cancelled = true) };
}
