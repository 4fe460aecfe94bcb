/**
 * The panel's state: one store, made by a factory, reached through context. It owns the Analyzer and turns
 * incoming entries into a report a few times a second at most; components only read signals.
 * Nothing here is persisted: tokens live in memory and go with the panel.
 */
import { batch, computed, signal } from '@preact/signals';
import { Analyzer } from '../core/analyzer.js';
import { HarEntryReader } from '../core/har-stream.js';
import { REPORT_VERSION, type Report, type TokenReport } from '../core/report.js';
import { audienceText } from '../core/describe.js';
import { plural } from '../core/plural.js';
import type { ThemeName, TokenSource } from './source.js';

export interface Clock {
  now(): number;
  every(ms: number, fn: () => void): void;
  later(ms: number, fn: () => void): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every: (ms, fn) => void setInterval(fn, ms),
  later: (ms, fn) => void setTimeout(fn, ms),
};

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

/** How often new entries are folded into the report, and statuses re-judged when nothing arrives. */
const FLUSH_MS = 150;
const REJUDGE_MS = 5000;
const IMPORT_CHUNK = 1 << 20;

const emptyReport = (now: number): Report => ({ tool: 'bearerscope', reportVersion: REPORT_VERSION, now: new Date(now).toISOString(), entries: 0, tokens: [], findings: [], notes: [] });

/** What the filter box matches: kind, family, audience, hosts, finding codes and claim text. */
function haystack(t: TokenReport): string {
  const claims = t.claims ? JSON.stringify(t.claims).slice(0, 4000) : '';
  return [t.kind, t.family, t.type, t.policy ?? '', t.id, audienceText(t), ...t.findings.map((f) => f.code), ...t.sightings.map((s) => s.url), claims].join('\n').toLowerCase();
}

export function createStore(source: TokenSource, clock: Clock = realClock) {
  const analyzer = new Analyzer();
  const report = signal<Report>(emptyReport(clock.now()));
  const now = signal(clock.now());
  const paused = signal(false);
  const preserveLog = signal(false);
  const filter = signal('');
  const selectedId = signal<string | null>(null);
  const theme = signal<ThemeName>(source.theme());
  const notice = signal<Notice | null>(null);
  const includeRaw = signal(false);
  const ready = signal(false);
  let pending: unknown[] = [];
  let flushQueued = false;
  let lastJudged = clock.now();

  function flush() {
    flushQueued = false;
    for (const e of pending) analyzer.add(e);
    pending = [];
    rejudge();
    verifySoon();
  }

  // Signatures are checked asynchronously (jose uses WebCrypto) after each flush; one run at a time, and one
  // more if entries came in meanwhile. The report shows "not checked yet" until the run ends.
  let verifying = false;
  let verifyAgain = false;
  function verifySoon() {
    if (verifying) {
      verifyAgain = true;
      return;
    }
    verifying = true;
    void analyzer.verifySignatures().catch(() => false).then((changed) => {
      verifying = false;
      if (changed) rejudge();
      if (verifyAgain) {
        verifyAgain = false;
        verifySoon();
      }
    });
  }

  function rejudge() {
    lastJudged = clock.now();
    // What the view shows is redacted here, once, like an export; the raw token is asked for by id (`rawOf`)
    // only where a person needs it: "copy raw token" and the signature check.
    report.value = analyzer.report(lastJudged);
  }

  function ingest(entries: unknown[]) {
    if (paused.value) return;
    pending.push(...entries);
    if (!flushQueued) {
      flushQueued = true;
      clock.later(FLUSH_MS, flush);
    }
  }

  function clear() {
    analyzer.clear();
    pending = [];
    batch(() => {
      selectedId.value = null;
      notice.value = null;
      rejudge();
    });
  }

  clock.every(1000, () => {
    now.value = clock.now();
    if (clock.now() - lastJudged >= REJUDGE_MS && analyzer.tokenCount) rejudge();
  });

  source.onEntry((e) => ingest([e]));
  source.onNavigated(() => {
    if (!preserveLog.value) clear();
  });
  source.onThemeChanged((t) => (theme.value = t));
  void source.backfill().then((entries) => {
    ingest(entries);
    flush();
    ready.value = true;
  });

  const tokens = computed(() => {
    const q = filter.value.trim().toLowerCase();
    const list = report.value.tokens.filter((t) => !q || haystack(t).includes(q));
    // Newest first: the token a person just caused is the one they are looking for.
    return list.sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
  });
  const selected = computed(() => report.value.tokens.find((t) => t.id === selectedId.value) ?? null);

  /** Reads a HAR file into the session. A broken file keeps the entries before the fault and says what is wrong. */
  async function importHar(name: string, data: ArrayBuffer) {
    const before = analyzer.entryCount;
    const bytes = new Uint8Array(data);
    const reader = new HarEntryReader((e) => analyzer.add(e), { onNote: (t) => analyzer.note(`${name}: ${t}`) });
    try {
      for (let i = 0; i < bytes.length; i += IMPORT_CHUNK) {
        reader.push(bytes.subarray(i, i + IMPORT_CHUNK));
        await new Promise<void>((r) => clock.later(0, r));
      }
      reader.end();
      notice.value = { kind: 'info', text: `Imported ${plural(analyzer.entryCount - before, 'request')} from ${name}.` };
    } catch (err) {
      const kept = analyzer.entryCount - before;
      notice.value = { kind: 'error', text: `Could not import ${name}: ${(err as Error).message}.${kept ? ` The ${plural(kept, 'request')} before the fault ${kept === 1 ? 'was' : 'were'} added.` : ' Nothing was added.'}` };
    }
    rejudge();
    verifySoon();
  }

  function exportReport(): string {
    flush();
    return JSON.stringify(analyzer.report(clock.now(), { reveal: includeRaw.value }), null, 2);
  }

  const rawOf = (id: string) => analyzer.rawToken(id);

  return { report, now, paused, preserveLog, filter, selectedId, theme, notice, includeRaw, ready, tokens, selected, ingest, clear, importHar, exportReport, flush, rawOf };
}

export type Store = ReturnType<typeof createStore>;
