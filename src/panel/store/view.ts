/**
 * Which analysis is on screen (the live capture or an imported file) and its report, judged at the right moment:
 * now for live traffic, the capture's own time for an import. What the view shows and what an export writes are
 * made by one function, `judge`, differing only in what they reveal.
 */
import { type ReadonlySignal, batch, computed, signal } from '@preact/signals';
import type { Analyzer, ReportOptions } from '../../core/analysis/analyzer.js';
import type { ClockOwner } from '../../core/checks/clock-skew.js';
import { REPORT_VERSION, type Report } from '../../core/model/report.js';
import type { ImportedSession, SessionAnalysis } from './sessions.js';
import type { Clock } from './types.js';

export const LIVE = 'live';

/** How often statuses are re-judged as time passes when no entry arrives. */
const REJUDGE_MS = 5000;

export interface ViewDeps {
  clock: Clock;
  live: Analyzer;
  sessions: ReadonlySignal<ImportedSession[]>;
  /** Whose clock the live capture's times come from: this machine's, unless the panel runs outside DevTools. */
  liveClock: ClockOwner;
}

export interface ViewState {
  /** This machine's time, to the second. */
  now: ReadonlySignal<number>;
  sessionId: ReadonlySignal<string>;
  /** The imported session on screen; null for live traffic. */
  session: ReadonlySignal<ImportedSession | null>;
  /** The moment statuses are judged at. */
  at: ReadonlySignal<number>;
  report: ReadonlySignal<Report>;
  /** Judges again if this analysis is the one on screen. */
  rejudgeIfShown(analysis: Analyzer | SessionAnalysis): void;
  /** Shows an imported session, or live traffic for an id that names none. */
  showSession(id: string): void;
  /** The report on screen as an export writes it: redacted unless `reveal`, personal claims too. */
  exportReport(reveal: boolean): Promise<Report>;
  /** The raw token behind a redacted report's id, for the few places a person needs it. */
  rawOf(id: string): string | null;
}

const emptyReport = (now: number): Report => ({
  tool: 'bearerscope',
  reportVersion: REPORT_VERSION,
  now: new Date(now).toISOString(),
  entries: 0,
  tokens: [],
  findings: [],
  notes: [],
});

export function createViewStore({ clock, live, sessions, liveClock }: ViewDeps): ViewState {
  const now = signal(clock.now());
  const sessionId = signal(LIVE);
  const session = computed(() => sessions.value.find((s) => s.id === sessionId.value) ?? null);
  const at = computed(() => session.value?.at ?? now.value);
  const report = signal<Report>(emptyReport(clock.now()));
  let lastJudged = clock.now();

  const shown = () => session.peek()?.analysis ?? live;

  /** Live traffic judged now; an imported file is judged at its capture time by its worker (sessions.ts). */
  const judgeLive = (nowMs: number, options: ReportOptions) =>
    live.report(nowMs, { ...options, clockOwner: liveClock });

  function rejudge() {
    lastJudged = clock.now();
    // Redacted here, once, as an export is, except personal claims: the person at the panel needs to see whose token
    // it is. The raw token is asked for by id (`rawOf`) only where a person needs it.
    report.value = session.peek()?.analysis.report ?? judgeLive(lastJudged, { redactPersonal: false });
  }

  clock.every(1000, () => {
    now.value = clock.now();
    if (!session.peek() && clock.now() - lastJudged >= REJUDGE_MS && live.tokenCount) rejudge();
  });

  return {
    now,
    sessionId,
    session,
    at,
    report,
    rejudgeIfShown(a) {
      if (shown() === a) rejudge();
    },
    showSession(id) {
      batch(() => {
        sessionId.value = sessions.peek().some((s) => s.id === id) ? id : LIVE;
        rejudge();
      });
    },
    exportReport: async (reveal) => {
      const s = session.peek();
      return s ? s.analysis.judge({ reveal }) : judgeLive(clock.now(), { reveal });
    },
    rawOf: (id) => session.peek()?.analysis.rawToken(id) ?? live.rawToken(id),
  };
}
