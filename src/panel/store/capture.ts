/**
 * The live capture: requests from the source folded into the live analysis a few times a second at most, Pause,
 * Preserve log, and a fresh start on navigation. Which analysis is on screen, and when it is judged, is view.ts's
 * business: this store only says, through `changed`, that the live analysis moved.
 */
import { type ReadonlySignal, type Signal, batch, signal } from '@preact/signals';
import type { Analyzer } from '../../core/analysis/analyzer.js';
import { plural } from '../../core/util/plural.js';
import type { TokenSource } from '../source.js';
import { createSignatureChecks } from './signatures.js';
import type { NoticesState } from './notices.js';
import type { Clock } from './types.js';

/**
 * The report is rebuilt per batch, not per request: at most once every FLUSH_MS. A request that comes after a quiet
 * spell is folded in at once (a lone 401 is on screen without waiting for others that are not coming); those that
 * follow it within FLUSH_MS wait for the next batch.
 */
const FLUSH_MS = 150;

export interface CaptureDeps {
  /** The live analysis, shared with the storage reads (storage.ts). */
  analyzer: Analyzer;
  clock: Clock;
  notices: Pick<NoticesState, 'notify' | 'clearNotices'>;
  /** The live analysis has new entries, new signature verdicts, or was cleared. */
  changed(analyzer: Analyzer): void;
}

export interface CaptureState {
  paused: Signal<boolean>;
  /** Requests that arrived while paused (they are not analysed). */
  skipped: ReadonlySignal<number>;
  preserveLog: Signal<boolean>;
  /** The backfill is in: an empty list now means no tokens, not "still reading". */
  ready: ReadonlySignal<boolean>;
  ingest(entries: unknown[]): void;
  /** Folds in what is waiting now rather than at the next tick. */
  flush(): void;
  clear(): void;
  setPaused(on: boolean): void;
}

export function createCaptureStore(
  source: TokenSource,
  { analyzer, clock, notices, changed }: CaptureDeps,
): CaptureState {
  const paused = signal(false);
  const skipped = signal(0);
  const preserveLog = signal(false);
  const ready = signal(false);
  const signatures = createSignatureChecks(changed);
  let pending: unknown[] = [];
  /** The timer of the batch now waiting (0: none); one left from a batch a direct flush took does nothing. */
  let flushQueued = 0;
  let timers = 0;
  let flushedAt = -Infinity;

  function flush() {
    flushQueued = 0;
    flushedAt = clock.now();
    for (const e of pending) analyzer.add(e);
    pending = [];
    changed(analyzer);
    signatures.verifySoon(analyzer);
  }

  function ingest(entries: unknown[]) {
    if (paused.value) {
      skipped.value += entries.length;
      return;
    }
    pending.push(...entries);
    if (!flushQueued) {
      const timer = (flushQueued = ++timers);
      // A flush asked for meanwhile (the backfill, an export) took the batch already: its timer then has nothing to do.
      clock.later(Math.max(0, flushedAt + FLUSH_MS - clock.now()), () => flushQueued === timer && flush());
    }
  }

  function setPaused(on: boolean) {
    const missed = skipped.peek();
    if (!on && missed)
      notices.notify({
        kind: 'info',
        text: `${plural(missed, 'request')} arrived while paused and ${missed === 1 ? 'was' : 'were'} not analysed.`,
      });
    batch(() => {
      paused.value = on;
      if (!on) skipped.value = 0;
    });
  }

  function clear() {
    analyzer.clear();
    pending = [];
    batch(() => {
      notices.clearNotices();
      skipped.value = 0;
      changed(analyzer);
    });
  }

  source.onEntry((e) => ingest([e]));
  source.onNavigated(() => {
    if (!preserveLog.value) clear();
  });
  source.onProblem?.((problem) => notices.notify({ kind: 'error', ...problem }));
  void source.backfill().then((entries) => {
    ingest(entries);
    flush();
    ready.value = true;
  });

  return { paused, skipped, preserveLog, ready, ingest, flush, clear, setPaused };
}
