/**
 * The panel's state: one store, made by a factory, reached through context. It owns the Analyzer and turns
 * incoming entries into a report a few times a second at most; components only read signals.
 * Tokens live in memory and go with the panel; only settings (sort, column widths, split) are kept (settings.ts).
 */
import { batch, computed, effect, signal } from '@preact/signals';
import { Analyzer } from '../core/analysis/analyzer.js';
import { HarEntryReader } from '../core/har/reader.js';
import { REPORT_VERSION, type Report } from '../core/model/report.js';
import { plural } from '../core/util/plural.js';
import { scanStorage } from '../core/find/storage.js';
import { type SortOrder, sortTokens, type ColumnId } from './columns.js';
import { matches, parseFilter } from './filter.js';
import { type Settings, type SettingsStore, pageSettings } from './settings.js';
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

/** An imported HAR file: its own analysis, numbered as in the file, judged at the moment it was captured. */
export interface ImportedSession {
  id: string;
  name: string;
  analyzer: Analyzer;
  /** The last entry's startedDateTime (ms): the capture's own "now". Null when no entry had a readable time. */
  at: number | null;
}

export interface ImportProgress {
  name: string;
  read: number;
  total: number;
}

export const LIVE = 'live';

export function createStore(source: TokenSource, clock: Clock = realClock, settingsStore: SettingsStore = pageSettings) {
  const analyzer = new Analyzer();
  const report = signal<Report>(emptyReport(clock.now()));
  const now = signal(clock.now());
  const paused = signal(false);
  /** Requests that arrived while paused (they are not analysed). */
  const skipped = signal(0);
  const preserveLog = signal(false);
  const filter = signal('');
  const selectedId = signal<string | null>(null);
  const theme = signal<ThemeName>(source.theme());
  const notice = signal<Notice | null>(null);
  const includeRaw = signal(false);
  const ready = signal(false);
  const sessions = signal<ImportedSession[]>([]);
  const sessionId = signal<string>(LIVE);
  const importing = signal<ImportProgress | null>(null);
  const settings = signal<Settings>(settingsStore.load());
  /** While a token is selected the rows keep their places: the ids in the order they had (see `tokens`). */
  const frozen = signal<Map<string, number> | null>(null);
  const storage = signal<StorageState>({ busy: false, time: null, tokens: 0 });
  let cancelRequested = false;
  let pending: unknown[] = [];
  let flushQueued = false;
  let lastJudged = clock.now();
  let importCount = 0;

  const session = computed(() => sessions.value.find((s) => s.id === sessionId.value) ?? null);
  /** The moment statuses are judged at: now for live traffic, the capture's own time for an import. */
  const at = computed(() => session.value?.at ?? now.value);

  function flush() {
    flushQueued = false;
    for (const e of pending) analyzer.add(e);
    pending = [];
    if (sessionId.peek() === LIVE) rejudge();
    verifySoon(analyzer);
  }

  // Signatures are checked asynchronously (jose uses WebCrypto) after new entries: one run at a time per analysis
  // (live, or an imported session), and one more if entries came in meanwhile. The report shows "not checked yet"
  // until the run ends.
  const verifying = new Map<Analyzer, boolean>();
  function verifySoon(a: Analyzer) {
    if (verifying.has(a)) {
      verifying.set(a, true);
      return;
    }
    verifying.set(a, false);
    void a.verifySignatures().catch(() => false).then((changed) => {
      const again = verifying.get(a) === true;
      verifying.delete(a);
      if (changed && (session.peek()?.analyzer ?? analyzer) === a) rejudge();
      if (again) verifySoon(a);
    });
  }

  /** Whose clock the times come from, for the clock-skew wording: an imported HAR's capturing machine, or this one. */
  const reportOptions = (s: ImportedSession | null) => ({ clockOwner: s || source === noSource ? ('the capturing machine' as const) : ('this machine' as const) });

  function rejudge() {
    lastJudged = clock.now();
    // What the view shows is redacted here, once, like an export (personal claims excepted: the person at the panel
    // needs to see whose token it is); the raw token is asked for by id (`rawOf`) only where a person needs it:
    // "copy raw token", "reveal" and the signature check.
    const s = session.peek();
    report.value = s ? s.analyzer.report(s.at ?? lastJudged, { ...reportOptions(s), redactPersonal: false }) : analyzer.report(lastJudged, { ...reportOptions(null), redactPersonal: false });
  }

  function ingest(entries: unknown[]) {
    if (paused.value) {
      skipped.value += entries.length;
      return;
    }
    pending.push(...entries);
    if (!flushQueued) {
      flushQueued = true;
      clock.later(FLUSH_MS, flush);
    }
  }

  function setPaused(on: boolean) {
    if (!on && skipped.peek()) notice.value = { kind: 'info', text: `${plural(skipped.peek(), 'request')} arrived while paused and ${skipped.peek() === 1 ? 'was' : 'were'} not analysed.` };
    batch(() => {
      paused.value = on;
      if (!on) skipped.value = 0;
    });
  }

  function clear() {
    analyzer.clear();
    pending = [];
    batch(() => {
      selectedId.value = null;
      notice.value = null;
      skipped.value = 0;
      if (sessionId.peek() === LIVE) rejudge();
    });
  }

  function showSession(id: string) {
    batch(() => {
      sessionId.value = sessions.peek().some((s) => s.id === id) ? id : LIVE;
      selectedId.value = null;
      rejudge();
    });
  }

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
    if (sessionId.peek() === LIVE) rejudge();
  }

  clock.every(1000, () => {
    now.value = clock.now();
    if (sessionId.peek() === LIVE && clock.now() - lastJudged >= REJUDGE_MS && analyzer.tokenCount) rejudge();
  });

  source.onEntry((e) => ingest([e]));
  source.onNavigated(() => {
    if (!preserveLog.value) clear();
    for (const ms of STORAGE_AFTER_NAVIGATION_MS) clock.later(ms, () => void rescanStorage());
  });
  void rescanStorage();
  source.onProblem?.((text) => (notice.value = { kind: 'error', text }));
  source.onThemeChanged((t) => (theme.value = t));
  void source.backfill().then((entries) => {
    ingest(entries);
    flush();
    ready.value = true;
  });

  const terms = computed(() => parseFilter(filter.value));
  /** Every token of the session that passes the filter, in the chosen order. */
  const sorted = computed(() => {
    const nowMs = at.peek();
    const list = report.value.tokens.filter((t) => matches(t, terms.value, nowMs));
    return sortTokens(list, settings.value.sort);
  });
  /**
   * What the table shows: `sorted`, except that while frozen the known rows keep their places and tokens that
   * arrived since are added below them (as the Network panel adds requests), counted by `newCount` until the user
   * asks for them in their sorted places (`showNew`).
   */
  const tokens = computed(() => {
    const order = frozen.value;
    if (!order) return sorted.value;
    const known = sorted.value.filter((t) => order.has(t.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return known.length === sorted.value.length ? known : [...known, ...sorted.value.filter((t) => !order.has(t.id))];
  });
  const newCount = computed(() => {
    const order = frozen.value;
    return order ? sorted.value.reduce((n, t) => n + (order.has(t.id) ? 0 : 1), 0) : 0;
  });
  const selected = computed(() => report.value.tokens.find((t) => t.id === selectedId.value) ?? null);

  function refreeze() {
    frozen.value = selectedId.peek() ? new Map(sorted.peek().map((t, i) => [t.id, i])) : null;
  }
  /** Shows the new rows in their sorted places: the user looked. */
  const showNew = refreeze;

  // A first selection freezes the rows (choosing another row keeps them frozen: nothing moves under the mouse);
  // no selection unfreezes them. A new sort, filter or session is the user asking for a new order: re-sort.
  effect(() => {
    if (!selectedId.value) frozen.value = null;
    else if (!frozen.peek()) refreeze();
  });
  effect(() => {
    void settings.value.sort;
    void terms.value;
    void sessionId.value;
    if (selectedId.peek()) refreeze();
  });
  // A token the filter hides is no longer selected: its details must not stay open.
  effect(() => {
    const id = selectedId.value;
    if (id && !sorted.value.some((t) => t.id === id)) selectedId.value = null;
  });

  function saveSettings(next: Settings) {
    settings.value = next;
    settingsStore.save(next);
  }
  const setSort = (sort: SortOrder) => saveSettings({ ...settings.peek(), sort });
  const setWidth = (column: ColumnId, width: number) => saveSettings({ ...settings.peek(), widths: { ...settings.peek().widths, [column]: Math.round(width) } });
  const setSplit = (split: number) => saveSettings({ ...settings.peek(), split: Math.min(0.8, Math.max(0.2, split)) });

  /**
   * Reads a HAR file into a session of its own, judged at its last entry's time. A broken file keeps the entries
   * before the fault and says what is wrong; a cancelled one adds nothing.
   */
  async function importHar(name: string, data: ArrayBuffer) {
    if (importing.peek()) return;
    const own = new Analyzer();
    let last: number | null = null;
    const bytes = new Uint8Array(data);
    const reader = new HarEntryReader(
      (e) => {
        own.add(e);
        const started = (e as { startedDateTime?: unknown } | null)?.startedDateTime;
        const ms = typeof started === 'string' ? Date.parse(started) : NaN;
        if (Number.isFinite(ms) && (last === null || ms > last)) last = ms;
      },
      { onNote: (t) => own.note(`${name}: ${t}`) },
    );
    cancelRequested = false;
    importing.value = { name, read: 0, total: bytes.length };
    let failure: string | null = null;
    try {
      for (let i = 0; i < bytes.length; i += IMPORT_CHUNK) {
        reader.push(bytes.subarray(i, i + IMPORT_CHUNK));
        importing.value = { name, read: Math.min(bytes.length, i + IMPORT_CHUNK), total: bytes.length };
        await new Promise<void>((r) => clock.later(0, r));
        if (cancelRequested) break;
      }
      if (!cancelRequested) reader.end();
    } catch (err) {
      failure = (err as Error).message;
    }
    importing.value = null;
    if (cancelRequested) {
      notice.value = { kind: 'info', text: `Import of ${name} cancelled; nothing was added.` };
      return;
    }
    const kept = own.entryCount;
    if (failure !== null) {
      notice.value = { kind: 'error', text: `Could not import ${name}: ${failure}.${kept ? ` The ${plural(kept, 'request')} before the fault ${kept === 1 ? 'was' : 'were'} added.` : ' Nothing was added.'}` };
      if (!kept) return;
    } else {
      notice.value = { kind: 'info', text: `Imported ${plural(kept, 'request')} from ${name}.` };
    }
    const imported: ImportedSession = { id: `import-${++importCount}`, name, analyzer: own, at: last };
    sessions.value = [...sessions.peek(), imported];
    showSession(imported.id);
    verifySoon(own);
  }

  const cancelImport = () => void (cancelRequested = true);

  function exportReport(): string {
    flush();
    const s = session.peek();
    const options = { ...reportOptions(s), reveal: includeRaw.value };
    const report = s ? s.analyzer.report(s.at ?? clock.now(), options) : analyzer.report(clock.now(), options);
    return JSON.stringify(report, null, 2);
  }

  const rawOf = (id: string) => session.peek()?.analyzer.rawToken(id) ?? analyzer.rawToken(id);

  /** Keys pasted into the signature check, per issuer and kid, for this panel's life (memory only). */
  const keys = new Map<string, string>();
  const keyFor = (scope: string) => keys.get(scope) ?? '';
  const rememberKey = (scope: string, key: string) => void (key ? keys.set(scope, key) : keys.delete(scope));

  return {
    report, now, at, paused, skipped, preserveLog, filter, selectedId, theme, notice, includeRaw, ready, tokens, selected,
    sessions, sessionId, session, importing, settings, newCount, storage, canReadStorage: Boolean(source.readStorage),
    rescanStorage, ingest, clear, importHar, cancelImport, exportReport, flush, rawOf, setPaused, showSession, showNew, setSort, setWidth, setSplit, keyFor, rememberKey,
  };
}

export type Store = ReturnType<typeof createStore>;
