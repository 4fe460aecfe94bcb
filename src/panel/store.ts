/**
 * The panel's state: one store, made by a factory, reached through context. It owns the Analyzer and turns
 * incoming entries into a report a few times a second at most; components only read signals.
 * Nothing here is persisted: tokens live in memory and go with the panel.
 */
import { batch, computed, signal } from '@preact/signals';
import { Analyzer } from '../core/analyzer.js';
import { HarEntryReader } from '../core/har-stream.js';
import { REPORT_VERSION, type Report, type TokenReport } from '../core/report.js';
import { scanStorage } from '../core/storage.js';
import { audienceText } from '../core/describe.js';
import { plural } from '../core/plural.js';
import { type ThemeName, type TokenSource, noSource } from './source.js';

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
/** After a navigation the new page needs a moment to fill its storage: read it then, and once more a little later. */
const STORAGE_AFTER_NAVIGATION_MS = [800, 3000, 8000];

export interface StorageState {
  /** A read is under way. */
  busy: boolean;
  /** When the last read finished (ISO 8601), and how many tokens it found. */
  time: string | null;
  tokens: number;
}

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
  const storage = signal<StorageState>({ busy: false, time: null, tokens: 0 });
  let pending: unknown[] = [];
  let flushQueued = false;
  let lastJudged = clock.now();
  /** Entries from an imported HAR were captured on some other machine; live ones on this one (clock-skew wording). */
  let imported = false;
  const reportOptions = () => ({ clockOwner: imported || source === noSource ? ('the capturing machine' as const) : ('this machine' as const) });

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
    // What the view shows is redacted here, once, like an export (personal claims excepted: the person at the panel
    // needs to see whose token it is); the raw token is asked for by id (`rawOf`) only where a person needs it:
    // "copy raw token" and the signature check.
    report.value = analyzer.report(lastJudged, { ...reportOptions(), redactPersonal: false });
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
    imported = false;
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

  /** Reads the inspected page's storage again; the new read replaces the last one. Never throws. */
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
    rejudge();
  }

  source.onEntry((e) => ingest([e]));
  source.onNavigated(() => {
    if (!preserveLog.value) clear();
    for (const ms of STORAGE_AFTER_NAVIGATION_MS) clock.later(ms, () => void rescanStorage());
  });
  void rescanStorage();
  source.onThemeChanged((t) => (theme.value = t));
  source.onProblem?.((text) => (notice.value = { kind: 'error', text }));
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
    imported = true;
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
    return JSON.stringify(analyzer.report(clock.now(), { ...reportOptions(), reveal: includeRaw.value }), null, 2);
  }

  const rawOf = (id: string) => analyzer.rawToken(id);

  return { report, now, paused, preserveLog, filter, selectedId, theme, notice, includeRaw, ready, storage, canReadStorage: Boolean(source.readStorage), tokens, selected, ingest, clear, importHar, exportReport, flush, rawOf, rescanStorage };
}

export type Store = ReturnType<typeof createStore>;
