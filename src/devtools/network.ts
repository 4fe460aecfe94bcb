/**
 * `devtools.network` as the live source needs it, the same on every browser Bearerscope supports. This is the one
 * place that knows how they differ:
 *
 * - Chrome before 152 gives DevTools extension pages no `browser` namespace, so webextension-polyfill wraps
 *   `chrome.*` itself, and gets `devtools.network` wrong there: it hands onRequestFinished listeners a Proxy with no
 *   own keys (`{ ...req }` is `{}`), its `getContent` rejects a callback, and it has no metadata for `getHAR`, which
 *   it then calls without a callback (Chrome answers only through one, so the promise resolves `undefined`). On that
 *   path the raw `chrome.devtools.network` is used, with callbacks.
 * - Where the browser has its own `browser` (Chrome 152+, Firefox), everything answers with promises. A request's
 *   `getContent()` resolves to `{ content, encoding }` in Chrome (151+) but to `[content, mimeType]` in Firefox.
 *
 * Requests are copied field by field into plain HAR entries: whatever object the browser hands over (a Proxy, an
 * object whose prototype carries `getContent`), the core gets plain data.
 */
import browser from 'webextension-polyfill';
import { openHeaderFeed, type HeaderFeed } from './header-feed.js';

interface Content {
  text: string;
  base64: boolean;
}

export interface DevtoolsNetwork {
  /** Every request DevTools holds now, as the browser gives them (pass them to `entryOf` and `getContent`). */
  getHAR(): Promise<unknown[]>;
  onRequestFinished(listener: (request: unknown) => void): void;
  onNavigated(listener: (url: string) => void): void;
  /** The response body of a request from either of the above; rejects with the browser's reason. */
  getContent(request: unknown): Promise<Content | null>;
  /**
   * Chromium fires onRequestFinished only once the page has read a response's body, so a response the page ignores
   * (a 401 it does not look into, a fire-and-forget call) is missed by the event and found only in getHAR(). Firefox
   * reports every request.
   */
  readonly eventMissesUnreadResponses: boolean;
  /**
   * Firefox documents that onRequestFinished fires only once the Network panel has been opened in the toolbox (on
   * ESR 153 it fires without): until an event has come, the panel cannot know whether one ever will.
   */
  readonly eventMayStaySilent: boolean;
  /**
   * Firefox's getHAR() switches its own network store off while it builds the log (HarExporter.buildHarData calls
   * `connector.enableActions(false)` around an asynchronous build; read in ESR 153's omni.ja and reproduced there):
   * a request that starts meanwhile is never added, so it reaches neither onRequestFinished nor any later getHAR().
   * Each read of the log therefore loses whatever the page sends during it.
   */
  readonly readDropsRequests: boolean;
  /** Firefox's log can list a request before its response (status, headers) is filled in. */
  readonly logListsUnfinishedRequests: boolean;
  /**
   * Chromium's log marks a request that failed (refused, aborted, blocked) with `response._error`
   * ("net::ERR_CONNECTION_REFUSED"), so one listed with neither an answer nor that mark is still under way: a slow
   * server, a long poll, or, on a busy machine, an answer DevTools has not filled in yet (seen for seconds with a 401
   * the page never reads). Firefox's log marks nothing: there only a request's age tells.
   */
  readonly logMarksFailures: boolean;
  /**
   * Chrome: the inspected tab's requests as its network stack saw them (header-feed.ts), which reports a response as
   * it completes whether the page reads it or not, once the user grants access to the inspected site. Null in
   * Firefox, whose event reports every response (and whose build asks for no such permission).
   */
  headerFeed(): HeaderFeed | null;
}

type Callback = (...args: unknown[]) => void;
interface RawRequest {
  getContent?: (callback?: Callback) => unknown;
  response?: { content?: { encoding?: unknown } };
}
interface RawNetwork {
  getHAR(callback?: (har: { entries?: unknown[] } | undefined) => void): unknown;
  onRequestFinished: { addListener(listener: (request: unknown) => void): void };
  onNavigated: { addListener(listener: (url: string) => void): void };
}
interface Globals {
  browser?: { runtime?: { id?: string; getURL?: (path: string) => string } };
  chrome?: { runtime?: { id?: string; lastError?: { message?: string } }; devtools?: { network?: RawNetwork } };
}

/** The HAR 1.2 entry fields (and Chrome's `_resourceType`): all the core reads, and nothing callable. */
const ENTRY_FIELDS = [
  'pageref',
  'startedDateTime',
  'time',
  'request',
  'response',
  'cache',
  'timings',
  'serverIPAddress',
  'connection',
  '_resourceType',
] as const;

/** A plain HAR entry read field by field from whatever the browser handed over. */
export function entryOf(request: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof request !== 'object' || request === null) return out;
  const r = request as Record<string, unknown>;
  for (const field of ENTRY_FIELDS) {
    const value = r[field];
    if (value !== undefined && typeof value !== 'function') out[field] = value;
  }
  return out;
}

/** When a request started and ended (epoch ms), from its HAR fields; null when its start cannot be read. */
export function spanOf(request: unknown): { started: number; ended: number } | null {
  const e = entryOf(request) as { startedDateTime?: unknown; time?: unknown };
  const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  if (!Number.isFinite(started)) return null;
  return { started, ended: started + (typeof e.time === 'number' && e.time > 0 ? e.time : 0) };
}

const isThenable = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
const harEncoding = (request: unknown) => (request as RawRequest).response?.content?.encoding === 'base64';

/** What a getContent answer holds: Chrome's (content, encoding), its `{content, encoding}`, or Firefox's `[content, mimeType]`. */
function contentOf(request: unknown, content: unknown, encoding: unknown): Content | null {
  if (typeof content !== 'string') return null;
  return { text: content, base64: harEncoding(request) || encoding === 'base64' };
}

/** Chrome before 152: the raw `chrome.devtools.network`, answered through callbacks. */
function callbackNetwork(g: Globals): DevtoolsNetwork {
  const network = g.chrome!.devtools!.network!;
  const lastError = () => g.chrome?.runtime?.lastError?.message;
  return {
    eventMissesUnreadResponses: true,
    eventMayStaySilent: false,
    readDropsRequests: false,
    logListsUnfinishedRequests: false,
    logMarksFailures: true,
    headerFeed: openHeaderFeed,
    getHAR: () =>
      new Promise((resolve, reject) => {
        network.getHAR((har) => {
          const error = lastError();
          if (error) reject(new Error(error));
          else if (!har || !Array.isArray(har.entries)) reject(new Error('getHAR() gave no log'));
          else resolve(har.entries);
        });
      }),
    onRequestFinished: (listener) => network.onRequestFinished.addListener(listener),
    onNavigated: (listener) => network.onNavigated.addListener(listener),
    getContent: (request) =>
      new Promise((resolve, reject) => {
        const getContent = (request as RawRequest).getContent;
        if (typeof getContent !== 'function') return resolve(null);
        getContent.call(request, (content, encoding) => {
          const error = lastError();
          if (error) reject(new Error(error));
          else resolve(contentOf(request, content, encoding));
        });
      }),
  };
}

/** Chrome 152+ and Firefox: the browser's own promise-based `browser.devtools.network`. */
function promiseNetwork(g: Globals): DevtoolsNetwork {
  const network = browser.devtools.network;
  // Firefox's extension pages live at moz-extension:// (its DevTools pages have no runtime.getBrowserInfo).
  const isFirefox = String(g.browser?.runtime?.getURL?.('') ?? '').startsWith('moz-extension:');
  return {
    eventMissesUnreadResponses: !isFirefox,
    eventMayStaySilent: isFirefox,
    readDropsRequests: isFirefox,
    logListsUnfinishedRequests: isFirefox,
    logMarksFailures: !isFirefox,
    headerFeed: () => (isFirefox ? null : openHeaderFeed()),
    getHAR: async () => {
      const har = (await network.getHAR()) as { entries?: unknown } | undefined;
      if (!har || !Array.isArray(har.entries)) throw new Error('getHAR() gave no log');
      return har.entries;
    },
    onRequestFinished: (listener) => network.onRequestFinished.addListener(listener),
    onNavigated: (listener) => network.onNavigated.addListener(listener),
    getContent: async (request) => {
      const getContent = (request as RawRequest).getContent;
      if (typeof getContent !== 'function') return null;
      const result = getContent.call(request);
      if (!isThenable(result)) return null;
      const answer = await result;
      // Firefox: [content, mimeType] (the MIME type is no encoding); Chrome: { content, encoding }.
      if (Array.isArray(answer)) return contentOf(request, answer[0], undefined);
      const { content, encoding } = (answer ?? {}) as { content?: unknown; encoding?: unknown };
      return contentOf(request, content, encoding);
    },
  };
}

/** The same test webextension-polyfill makes when it is loaded: does the browser give this page its own `browser`? */
export function openNetwork(): DevtoolsNetwork {
  const g = globalThis as Globals;
  return g.browser?.runtime?.id ? promiseNetwork(g) : callbackNetwork(g);
}
