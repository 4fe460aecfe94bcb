/**
 * Reads of the inspected page's storage into the live analysis: when the panel opens, a few times after each
 * navigation (the new page needs a moment to fill its storage), and when the user asks. Each read replaces the last.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Analyzer } from '../../core/analysis/analyzer.js';
import { scanStorage } from '../../core/find/storage.js';
import type { TokenSource } from '../source.js';
import type { Clock } from './types.js';

const AFTER_NAVIGATION_MS = [800, 3000, 8000];

interface StorageReadState {
  /** A read is under way. */
  busy: boolean;
  /** When the last read finished (ISO 8601), and how many distinct tokens it found. */
  time: string | null;
  tokens: number;
}

export interface StorageDeps {
  analyzer: Analyzer;
  clock: Clock;
  /** A read changed the live analysis. */
  changed(analyzer: Analyzer): void;
}

export interface StorageState {
  storage: ReadonlySignal<StorageReadState>;
  /** Outside DevTools there is no page to read. */
  canReadStorage: boolean;
  /** Reads the page's storage again, unless a read is under way. Never throws: a failure becomes a report note. */
  rescanStorage(): Promise<void>;
}

export function createStorageStore(source: TokenSource, { analyzer, clock, changed }: StorageDeps): StorageState {
  const storage = signal<StorageReadState>({ busy: false, time: null, tokens: 0 });

  async function rescanStorage() {
    if (!source.readStorage || storage.value.busy) return;
    storage.value = { ...storage.value, busy: true };
    try {
      const scan = await scanStorage(await source.readStorage());
      analyzer.setStorage(scan);
      storage.value = { busy: false, time: scan.time, tokens: new Set(scan.candidates.map((c) => c.raw)).size };
    } catch (err) {
      analyzer.note(`The page's storage could not be analysed: ${(err as Error).message}`);
      storage.value = { ...storage.value, busy: false };
    }
    changed(analyzer);
  }

  source.onNavigated(() => {
    for (const ms of AFTER_NAVIGATION_MS) clock.later(ms, () => void rescanStorage());
  });
  void rescanStorage();

  return { storage, canReadStorage: Boolean(source.readStorage), rescanStorage };
}
