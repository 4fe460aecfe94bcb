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
  /** Something the source could not do (read DevTools' log, a response body), said in a sentence for the panel. */
  onProblem?(listener: (text: string, action?: NoticeAction) => void): void;
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
