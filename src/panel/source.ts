/**
 * Where the panel's traffic comes from. The panel never talks to the browser itself: DevTools gives it a live
 * source (src/devtools/live-source.ts), tests give it a fake, and outside DevTools it runs with none and
 * analyses imported HAR files only.
 */
export type ThemeName = 'light' | 'dark';

/**
 * Something the user can do about a notice, offered by the source and done by it (`act`): a button the panel shows
 * and labels as told, without knowing what it does. Plain data: it crosses windows.
 */
export interface NoticeAction {
  id: string;
  label: string;
  arg?: string;
}

/** Something the source could not do, or may have missed, said in a sentence for the panel. Plain data: it crosses windows. */
export interface SourceProblem {
  text: string;
  /** When it was said (epoch ms): a notice raised before the panel was shown keeps its time. */
  at: number;
  /**
   * What it is about, where a later problem of the same topic says it better than this one (a count that grew, a
   * delay that changed): the panel shows the latest of each topic. Without one, each distinct text stands alone.
   */
  topic?: string;
  action?: NoticeAction;
}

export interface TokenSource {
  /** Requests DevTools already holds from before the panel was first shown. */
  backfill(): Promise<unknown[]>;
  /** Each request as it finishes (HAR entry shape). */
  onEntry(listener: (entry: unknown) => void): void;
  /** The inspected page navigated to a new document. */
  onNavigated(listener: (url: string) => void): void;
  theme(): ThemeName;
  onThemeChanged(listener: (theme: ThemeName) => void): void;
  /** One read of the inspected page's web storage and script-readable cookies (src/devtools/storage-reader.ts); absent outside DevTools. */
  readStorage?(): Promise<unknown>;
  /** Something the source could not do (read DevTools' log, a response body), or may have missed. */
  onProblem?(listener: (problem: SourceProblem) => void): void;
  /** Does a notice's action; called from the click on its button (what it does may need that gesture). */
  act?(action: NoticeAction): void;
}

/** The panel opened outside DevTools (a plain page, a test): nothing is captured, HAR import still works. */
export const noSource: TokenSource = {
  backfill: async () => [],
  onEntry: () => {},
  onNavigated: () => {},
  theme: () => (globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'),
  onThemeChanged: () => {},
};
