/**
 * Imported HAR files, each a session of its own: its own analysis, numbered as in the file, judged at the moment it
 * was captured (its last entry's time). The reading and the analysis run in a worker (../import/), which keeps the
 * session's analysis and answers for it; the panel's thread only shows progress and the reports it sends. A broken
 * file keeps the entries before the fault and says what is wrong; a cancelled one adds nothing.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { ReportOptions } from '../../core/analysis/analyzer.js';
import type { Report } from '../../core/model/report.js';
import { plural } from '../../core/util/plural.js';
import { type ImportPort, type SpawnImport, spawnImport } from '../import/client.js';
import type { FromWorker, Shown } from '../import/protocol.js';
import type { NoticesState } from './notices.js';

/** An imported file's analysis, held by its worker. */
export interface SessionAnalysis {
  readonly entryCount: number;
  /** The report on screen: judged at the session's time, personal claims shown; replaced as signature verdicts come. */
  readonly report: Report;
  rawToken(id: string): string | null;
  /** The analysis judged with other options (an export): asked of the worker. */
  judge(options: ReportOptions): Promise<Report>;
}

export interface ImportedSession {
  id: string;
  name: string;
  analysis: SessionAnalysis;
  /** The last entry's start (ms): the capture's own "now". Null when no entry had a readable time. */
  at: number | null;
}

interface ImportProgress {
  name: string;
  read: number;
  total: number;
}

export interface SessionsDeps {
  notify: NoticesState['notify'];
  /** A file was read: the session to show. */
  imported(session: ImportedSession): void;
  /** An imported analysis has new signature verdicts. */
  changed(analysis: SessionAnalysis): void;
  spawn?: SpawnImport;
}

export interface SessionsState {
  sessions: ReadonlySignal<ImportedSession[]>;
  importing: ReadonlySignal<ImportProgress | null>;
  /** Reads a HAR file into a new session; does nothing while another import runs. */
  importHar(name: string, data: Blob | ArrayBuffer): Promise<void>;
  cancelImport(): void;
}

/** The main thread's view of a worker's analysis: the latest report it sent, and requests for others. */
function workerAnalysis(port: ImportPort, entryCount: number, first: Shown, onVerified: () => void): SessionAnalysis {
  let shown = first;
  let raw = new Map(first.raw);
  let next = 0;
  const waiting = new Map<number, (r: Report) => void>();
  port.listen((m) => {
    if (m?.type === 'verified') {
      shown = m;
      raw = new Map(m.raw);
      onVerified();
    } else if (m?.type === 'report') {
      waiting.get(m.id)?.(m.report);
      waiting.delete(m.id);
    }
  });
  return {
    entryCount,
    get report() {
      return shown.report;
    },
    rawToken: (id) => raw.get(id) ?? null,
    judge(options) {
      const id = ++next;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        port.send({ type: 'report', id, options });
      });
    },
  };
}

export function createSessionsStore({ notify, imported, changed, spawn = spawnImport }: SessionsDeps): SessionsState {
  const sessions = signal<ImportedSession[]>([]);
  const importing = signal<ImportProgress | null>(null);
  let cancel: (() => void) | null = null;
  let count = 0;

  type Read = Extract<FromWorker, { type: 'read' }>;
  /** Runs the worker's read; resolves its result, null when cancelled, or 'stopped' when the worker failed. */
  function read(port: ImportPort, name: string, data: Blob | ArrayBuffer): Promise<Read | null | 'stopped'> {
    const total = data instanceof ArrayBuffer ? data.byteLength : data.size;
    return new Promise((resolve) => {
      cancel = () => resolve(null);
      port.listen((m) => {
        if (m === null) resolve('stopped');
        else if (m.type === 'progress') importing.value = { name, read: m.read, total };
        else if (m.type === 'read') resolve(m);
      });
      port.send({ type: 'import', name, data });
    });
  }

  async function importHar(name: string, data: Blob | ArrayBuffer) {
    if (importing.peek()) return;
    importing.value = { name, read: 0, total: data instanceof ArrayBuffer ? data.byteLength : data.size };
    const port = spawn();
    // What an import of this file says replaces what the last one of it said.
    const topic = `import:${name}`;
    const result = await read(port, name, data);
    cancel = null;
    importing.value = null;
    if (!result) {
      port.close();
      notify({ kind: 'info', text: `Import of ${name} cancelled; nothing was added.`, topic });
      return;
    }
    if (result === 'stopped') {
      port.close();
      notify({ kind: 'error', text: `Could not import ${name}: the import worker stopped. Nothing was added.`, topic });
      return;
    }
    const kept = result.entries;
    if (result.failure !== null) {
      notify({
        kind: 'error',
        text: `Could not import ${name}: ${result.failure}.${kept ? ` The ${plural(kept, 'request')} before the fault ${kept === 1 ? 'was' : 'were'} added.` : ' Nothing was added.'}`,
        topic,
      });
      if (!kept) {
        port.close();
        return;
      }
    } else {
      notify({ kind: 'info', text: `Imported ${plural(kept, 'request')} from ${name}.`, topic });
    }
    const analysis: SessionAnalysis = workerAnalysis(port, kept, result, () => changed(analysis));
    const session: ImportedSession = { id: `import-${++count}`, name, analysis, at: result.at };
    sessions.value = [...sessions.peek(), session];
    imported(session);
  }

  return { sessions, importing, importHar, cancelImport: () => cancel?.() };
}
