/**
 * Globals of the places the repository's scripts run code in besides Node, for `tsconfig.scripts.json`:
 * Firefox's browser chrome (where the e2e helpers open the toolbox) and the pages they evaluate functions in.
 */
/** Firefox chrome privileged globals (browser.xhtml); their shapes are Firefox internals, left untyped. */
declare const ChromeUtils: any;
declare const gBrowser: any;
/** Firefox's Components.utils, in frame scripts (exportFunction hands a function to a content page). */
declare const Cu: any;
/** Firefox chrome: XPCOM classes and interfaces, and the services (the focus manager), for keys pressed in the toolbox. */
declare const Cc: any;
declare const Ci: any;
declare const Services: any;
declare module 'devtools/client/framework/devtools';

interface Window {
  /** Long tasks the bench's PerformanceObserver collects in the panel. */
  __longTasks: number[];
  /** Set by hostile token content if it ever ran as script: the e2e tests assert it never is. */
  __pwned?: unknown;
  /** The demo page's flows (demo/public/demo.js), which the e2e tests and the bench start. */
  runAll(): Promise<void>;
  sendHostile(): Promise<void>;
  /** Sign-in, rotating refresh and reuse of the replaced refresh token (demo/public/demo.js). */
  runRefresh(): Promise<void>;
  /** The SPA page's sign-in that fills web storage (demo/public/spa.js). */
  runSpa(): Promise<void>;
}

/** Chromium's non-standard heap figures (with --enable-precise-memory-info). */
interface Performance {
  memory?: { usedJSHeapSize: number; totalJSHeapSize: number };
}
