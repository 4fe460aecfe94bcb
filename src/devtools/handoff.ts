/**
 * The hand-off between Bearerscope's DevTools page, which captures from the moment DevTools opens (devtools.ts), and
 * its panel, which exists only once its tab is first chosen, maybe long after. Until a panel attaches, the capture
 * holds what it hears, at most BUFFER_LIMIT requests; from the attach on it streams to the panel.
 *
 * The two live in different windows: the DevTools page sets a CaptureHandle on the panel's window when the panel is
 * shown (ExtensionPanel.onShown gives it that window), and the panel attaches a PanelSink of its own callbacks. Only
 * plain data crosses (HAR entries, URLs, sentences), and the panel clones it into its own window (panel-source.ts),
 * so that nothing it keeps belongs to the other window.
 */
import { plural } from '../core/util/plural.js';
import type { SourceProblem, TokenSource } from '../panel/source.js';

/** As many requests as the live capture re-reads from the log at most: what a panel shown late still gets. */
export const BUFFER_LIMIT = 10_000;

/** The panel's side: called by the DevTools page with plain data. */
export interface PanelSink {
  entries(list: unknown[]): void;
  navigated(url: string): void;
  problem(problem: SourceProblem): void;
}

interface Attached {
  /** What was captured before the attach, oldest first. */
  entries: unknown[];
  /** The panel is going away: hold requests again until the next attach. */
  detach(): void;
}

/** What the DevTools page puts on the panel's window. */
export interface CaptureHandle {
  attach(sink: PanelSink): Promise<Attached>;
}

/** `catchUp`: called as a panel attaches, before it takes what was held (live-source.ts reads the log then). */
export type CaptureSource = Pick<TokenSource, 'backfill' | 'onEntry' | 'onNavigated' | 'onProblem'> & {
  catchUp?(): Promise<void>;
};

export function createHandoff(source: CaptureSource) {
  let held: unknown[] = [];
  /** Requests dropped from the front of `held` since the last navigation, to stay within BUFFER_LIMIT. */
  let dropped = 0;
  const problems: SourceProblem[] = [];
  let sink: PanelSink | null = null;

  /** Keeps the newest BUFFER_LIMIT; trims in bulk, so that holding stays O(1) per request. */
  const trim = (to: number) => {
    if (held.length <= to) return;
    dropped += held.length - BUFFER_LIMIT;
    held = held.slice(held.length - BUFFER_LIMIT);
  };
  /** Calls the panel; a panel whose window is gone throws (Firefox: "dead object"): hold again. */
  const toPanel = (call: (s: PanelSink) => void): boolean => {
    if (!sink) return false;
    try {
      call(sink);
      return true;
    } catch {
      sink = null;
      return false;
    }
  };
  const give = (list: unknown[]) => {
    if (!list.length || toPanel((s) => s.entries(list))) return;
    held.push(...list);
    trim(2 * BUFFER_LIMIT);
  };

  const backfilled = source.backfill().then(give);
  source.onEntry((entry) => give([entry]));
  source.onNavigated((url) => {
    if (toPanel((s) => s.navigated(url))) return;
    // A panel that attaches later starts with the page it sees, as one open through the navigation would.
    held = [];
    dropped = 0;
  });
  source.onProblem?.((problem) => {
    if (!toPanel((s) => s.problem(problem))) problems.push(problem);
  });

  const handle: CaptureHandle = {
    async attach(next) {
      await source.catchUp?.().catch(() => {}); // a failed read says so itself (onProblem)
      trim(BUFFER_LIMIT);
      const entries = held;
      const lost = dropped;
      held = [];
      dropped = 0;
      sink = next;
      const said = problems.splice(0);
      if (lost)
        said.push({
          text: `${plural(lost, 'request')} from before Bearerscope's tab was first shown ${lost === 1 ? 'is' : 'are'} not listed: it keeps the latest ${BUFFER_LIMIT.toLocaleString('en')} until then.`,
          at: Date.now(),
        });
      // After the return, so that the panel has its entries before any notice about them.
      queueMicrotask(() => said.forEach((problem) => toPanel((s) => s.problem(problem))));
      return {
        entries,
        detach: () => {
          if (sink === next) sink = null;
        },
      };
    },
  };
  return {
    handle,
    /** The read of what DevTools held before the DevTools page loaded is in. */
    backfilled,
  };
}
