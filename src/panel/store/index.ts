/**
 * The panel's state, reached through context (../context.ts): small stores, each made by its own factory and
 * testable alone, composed here into the one surface the components read. Tokens live in memory and go with the
 * panel; only settings (sort, column widths, split) are kept (../settings.ts).
 *
 * - capture.ts: live requests into the live analysis (flush batching, Pause, Preserve log, signature checks)
 * - notices.ts: what the capture could not do or may have missed, and what imports did
 * - storage.ts: reads of the inspected page's storage into the live analysis
 * - sessions.ts: imported HAR files, each an analysis of its own
 * - view.ts: which analysis is on screen, its report, and the export
 * - table.ts: filter, sort, selection and rows held in place
 * - settings.ts: sort, widths and split, kept between panels
 */
import { type ReadonlySignal, type Signal, batch, signal } from '@preact/signals';
import { Analyzer } from '../../core/analysis/analyzer.js';
import { type ExportFormat, type ExportedFile, exportFile } from '../export.js';
import { type SpawnImport, spawnImport } from '../import/client.js';
import { type SettingsStore, pageSettings } from '../settings.js';
import { type NoticeAction, type ThemeName, type TokenSource, noSource } from '../source.js';
import { type CaptureState, createCaptureStore } from './capture.js';
import { type NoticesState, createNoticesStore } from './notices.js';
import { type SessionsState, createSessionsStore } from './sessions.js';
import { type SettingsState, createSettingsStore } from './settings.js';
import { type StorageState, createStorageStore } from './storage.js';
import { type TableState, createTableStore } from './table.js';
import { type Clock, realClock } from './types.js';
import { LIVE, type ViewState, createViewStore } from './view.js';

export { LIVE };
export type { Clock };

/** What the components read: the small stores' surfaces, and what belongs to the panel around them. */
export interface Store
  extends
    Pick<ViewState, 'report' | 'now' | 'at' | 'sessionId' | 'session' | 'rawOf'>,
    Omit<CaptureState, 'ingest' | 'flush'>,
    StorageState,
    NoticesState,
    SessionsState,
    TableState,
    SettingsState {
  showSession(id: string): void;
  /** The report of the session on screen as a file in `format` (JSON by default), redacted unless `includeRaw`. */
  exportReport(format?: ExportFormat): Promise<ExportedFile>;
  includeRaw: Signal<boolean>;
  theme: ReadonlySignal<ThemeName>;
  /** Does a notice's action (its button was clicked). */
  act(action: NoticeAction): void;
  /** Keys pasted into the signature check, per issuer and kid, for this panel's life (memory only). */
  keyFor(scope: string): string;
  rememberKey(scope: string, key: string): void;
}

export function createStore(
  source: TokenSource,
  clock: Clock = realClock,
  settingsStore: SettingsStore = pageSettings,
  spawn: SpawnImport = spawnImport,
): Store {
  const live = new Analyzer();
  const notices = createNoticesStore(clock);
  const includeRaw = signal(false);
  const theme = signal<ThemeName>(source.theme());
  source.onThemeChanged((t) => (theme.value = t));

  const rejudgeIfShown: ViewState['rejudgeIfShown'] = (a) => view.rejudgeIfShown(a);
  function showSession(id: string) {
    batch(() => {
      table.selectedId.value = null;
      view.showSession(id);
    });
  }

  const sessions = createSessionsStore({
    notify: notices.notify,
    imported: (s) => showSession(s.id),
    changed: rejudgeIfShown,
    spawn,
  });
  // Outside DevTools the panel analyses only files: their times are the capturing machine's.
  const view = createViewStore({
    clock,
    live,
    sessions: sessions.sessions,
    liveClock: source === noSource ? 'the capturing machine' : 'this machine',
  });
  const settings = createSettingsStore(settingsStore);
  const table = createTableStore({
    report: view.report,
    at: view.at,
    settings: settings.settings,
    sessionId: view.sessionId,
  });
  // Storage first: the page is read as the panel opens, before the backfill.
  const storage = createStorageStore(source, { analyzer: live, clock, changed: rejudgeIfShown });
  const capture = createCaptureStore(source, { analyzer: live, clock, notices, changed: rejudgeIfShown });

  const keys = new Map<string, string>();

  return {
    report: view.report,
    now: view.now,
    at: view.at,
    sessionId: view.sessionId,
    session: view.session,
    rawOf: view.rawOf,
    paused: capture.paused,
    skipped: capture.skipped,
    preserveLog: capture.preserveLog,
    ready: capture.ready,
    setPaused: capture.setPaused,
    clear: capture.clear,
    ...storage,
    ...sessions,
    ...table,
    ...settings,
    showSession,
    includeRaw,
    exportReport: async (format = 'json') => {
      capture.flush();
      const when = new Date(clock.now());
      const file = view.session.peek()?.name ?? null;
      return exportFile(await view.exportReport(includeRaw.value), format, file, when);
    },
    theme,
    ...notices,
    act: (action) => source.act?.(action),
    keyFor: (scope) => keys.get(scope) ?? '',
    rememberKey: (scope, key) => void (key ? keys.set(scope, key) : keys.delete(scope)),
  };
}
