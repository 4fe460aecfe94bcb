/**
 * A fake of what a DevTools extension page gets from the browser, shaped like the real thing so that the REAL
 * webextension-polyfill runs over it:
 *
 * - `chrome150`: Chrome before 152. Only `chrome`, no `browser`; `devtools.network.getHAR(callback)` and
 *   `Request.getContent(callback)` answer only through their callback (called without one they do the work and
 *   return `undefined`), errors go to `chrome.runtime.lastError` for the callback's duration. Requests are plain HAR
 *   entries whose prototype carries `getContent`, as DevTools' ExtensionAPI.ts builds them.
 * - `chrome156`: Chrome 152 and later. `browser` as well as `chrome`; called without a callback, getHAR returns a
 *   promise of the log and getContent (151+) a promise of `{content, encoding}`.
 * - `firefox`: Firefox's own promise-based `browser`, the same object as `chrome`, at a moz-extension:// URL, and
 *   without `runtime.getBrowserInfo` (DevTools pages do not get it, as read in ESR 153); getContent resolves to
 *   `[content, mimeType]`; its getHAR entries have no getContent (their bodies are in the HAR). getHAR takes
 *   `harBuildMs` to answer (in every flavour), and a request the page sends meanwhile (`send`) is lost for good, from the event and from
 *   the log: Firefox switches its network store off while it builds the HAR (ESR 153's HarExporter.buildHarData).
 *
 * `devtools.panels.create` gives an ExtensionPanel whose onShown hands its listeners the panel's window (`showPanel`)
 * and whose onHidden says it was hidden, in every browser (test/e2e/api-shape.mjs records that the DevTools page's
 * hand-off reaches the panel's window).
 *
 * Chrome's DevTools page also has `permissions` (contains, getAll, request, onAdded) and `runtime.connect`, for the
 * header feed (src/devtools/header-feed.ts): `grant(origin)` is the user granting a site, `headers(record)` the
 * service worker posting what webRequest saw on the connected port. Firefox's build asks for no such permission.
 *
 * `devtools.inspectedWindow.eval` runs its expression in `state.page` (a vm context standing in for the inspected
 * page, its properties defined as they are, getters and all) and answers with a JSON copy of the result, as each
 * browser does: `chrome.*`'s callback gets `(result)` in Chrome and `(result, null)` in Firefox, or
 * `(undefined, {isException, value})`; without a callback Chrome 156's `browser` resolves to the result alone and
 * rejects with the exception info, Firefox's resolves to the `[result, exceptionInfo]` pair, and Chrome 150's
 * `chrome` returns null. test/e2e/api-shape.mjs holds these facts as read in the real browsers.
 */
import vm from 'node:vm';
export type Flavour = 'chrome150' | 'chrome156' | 'firefox';

interface Event<L> {
  addListener(l: L): void;
  removeListener(l: L): void;
  hasListener(l: L): boolean;
  fire(...args: unknown[]): void;
}

function event<L extends (...args: never[]) => void>(): Event<L> {
  const listeners: L[] = [];
  return {
    addListener: (l) => void listeners.push(l),
    removeListener: (l) => void listeners.splice(listeners.indexOf(l), 1),
    hasListener: (l) => listeners.includes(l),
    fire: (...args) => listeners.forEach((l) => (l as unknown as (...a: unknown[]) => void)(...args)),
  };
}

export interface Body {
  content: string;
  encoding?: '' | 'base64';
  mimeType?: string;
}

/** Installs the fake on globalThis; returns handles to drive it. Call `uninstall()` afterwards. */
export function installFakeDevtools(flavour: Flavour) {
  const state = {
    har: [] as object[],
    getHarCalls: 0,
    /** Makes the next getHAR calls fail as the browser would (lastError in Chrome 150, a rejection elsewhere). */
    getHarError: null as string | null,
    bodies: new Map<string, Body | 'fail' | 'never'>(),
    /** How long getHAR() takes to answer (timer time); in Firefox the store is off meanwhile. */
    harBuildMs: 0,
    /** Firefox: getHAR() builds under way now. */
    building: 0,
    /** Firefox: requests sent during a build, which it never recorded. */
    dropped: 0,
    /**
     * `send`: how long a request waits for its answer; meanwhile the log lists it unanswered (status 0, time 0), as
     * Firefox's does (network.ts, `logListsUnfinishedRequests`). 0: answered at once.
     */
    answerMs: 0,
    /**
     * `send`: how long after its answer onRequestFinished reports a request. At once on a quiet machine; 0.1–2.2 s in
     * Firefox ESR 153 at a load average of 20 on 2 cores (test/e2e/firefox-busy.e2e.test.mjs).
     */
    eventLagMs: 0,
    /** The inspected page's globals for inspectedWindow.eval, or 'never' for a page that never answers. */
    page: {} as Record<string, unknown> | 'never',
    pageUrl: 'https://app.contoso.com/',
    /** How many panels the DevTools page registered. */
    panelsCreated: 0,
    /** Chrome: the sites granted to the extension (match patterns), and the ports the DevTools page connected. */
    granted: [] as string[],
    connected: [] as string[],
  };
  const base =
    flavour === 'firefox'
      ? 'moz-extension://0b6c4c52-8f4e-4b4a-9a36-6a6f2f0f6c11/'
      : 'chrome-extension://bearerscopetestidaaaaaaaaaaaaaaaa/';
  const runtime: { id: string; lastError?: { message: string }; getURL: (path: string) => string } = {
    id: 'bearerscope@test',
    getURL: (path) => base + path.replace(/^\//, ''),
  };
  const callbackOnly = flavour === 'chrome150';
  /** Chrome runs API callbacks later, from its message loop, with lastError set only while the callback runs. */
  const answer = (callback: (...a: unknown[]) => void, args: unknown[], error: string | null) =>
    setTimeout(() => {
      if (error) runtime.lastError = { message: error };
      try {
        callback(...(error ? [] : args));
      } finally {
        delete runtime.lastError;
      }
    }, 0);

  const bodyOf = (entry: { request?: { url?: string } }) =>
    state.bodies.get(entry.request?.url ?? '') ?? { content: '' };
  class Request {
    getContent(callback?: (content: string, encoding: string) => void): unknown {
      const body = bodyOf(this as { request?: { url?: string } });
      if (flavour === 'firefox') {
        if (body === 'never') return new Promise(() => {});
        return body === 'fail'
          ? Promise.reject(new Error('request gone'))
          : Promise.resolve([body.content, body.mimeType ?? 'application/json']);
      }
      if (callback) {
        if (body !== 'never')
          answer(
            callback as (...a: unknown[]) => void,
            body === 'fail' ? [] : [body.content, body.encoding ?? ''],
            body === 'fail' ? 'request gone' : null,
          );
        return undefined;
      }
      if (callbackOnly) return undefined;
      if (body === 'never') return new Promise(() => {});
      return body === 'fail'
        ? Promise.reject(new Error('request gone'))
        : Promise.resolve({ content: body.content, encoding: body.encoding ?? '' });
    }
  }
  /** A request as DevTools hands it over: the HAR entry's own fields, getContent on its prototype. */
  const asRequest = (entry: object) => Object.assign(Object.create(Request.prototype), structuredClone(entry));

  type Exception = { isException: true; value: string };
  /** Runs an expression in the page; the result crosses to the extension as JSON, as in the browsers. */
  const runInPage = (
    expression: string,
    page: Record<string, unknown>,
  ): { result?: unknown; exception?: Exception } => {
    // Descriptors, not a spread: a page's getters must run in the page, when the expression touches them.
    const context = vm.createContext(
      Object.defineProperties(
        { location: { href: state.pageUrl, origin: new URL(state.pageUrl).origin } },
        Object.getOwnPropertyDescriptors(page),
      ),
    );
    vm.runInContext('window = this', context);
    try {
      const value: unknown = vm.runInContext(expression, context);
      return { result: value === undefined ? undefined : JSON.parse(JSON.stringify(value)) };
    } catch (err) {
      return { exception: { isException: true, value: String(err) } };
    }
  };
  const evalWithCallback = (expression: string, _options?: object, callback?: (...a: unknown[]) => void): unknown => {
    const page = state.page;
    if (callback && page !== 'never') {
      setTimeout(() => {
        const { result, exception } = runInPage(expression, page);
        if (exception) callback(undefined, exception);
        else if (flavour === 'firefox') callback(result, null);
        else callback(result);
      }, 0);
    }
    if (flavour === 'firefox' && !callback) return evalPromise(expression);
    return null;
  };
  const evalPromise = (expression: string): Promise<unknown> => {
    const page = state.page;
    if (page === 'never') return new Promise(() => {});
    return new Promise((resolve, reject) =>
      setTimeout(() => {
        const { result, exception } = runInPage(expression, page);
        if (flavour === 'firefox') resolve(exception ? [undefined, exception] : [result, null]);
        else if (exception) reject(exception);
        else resolve(result);
      }, 0),
    );
  };

  const onRequestFinished = event<(req: unknown) => void>();
  const onNavigated = event<(url: string) => void>();
  const onThemeChanged = event<(name: string) => void>();
  const network = {
    getHAR(callback?: (har: unknown) => void): unknown {
      state.getHarCalls++;
      const log = () => ({
        version: '1.2',
        entries: state.har.map((e) => (flavour === 'firefox' ? structuredClone(e) : asRequest(e))),
      });
      if (flavour === 'firefox') {
        if (state.getHarError) return Promise.reject(new Error(state.getHarError));
        if (!state.harBuildMs) return Promise.resolve(log());
        state.building++;
        return new Promise((resolve) =>
          setTimeout(() => {
            state.building--;
            resolve(log());
          }, state.harBuildMs),
        );
      }
      const late = <T>(value: () => T) =>
        new Promise<T>((resolve) => setTimeout(() => resolve(value()), state.harBuildMs));
      if (callback) {
        if (state.harBuildMs)
          setTimeout(() => answer(callback as (...a: unknown[]) => void, [log()], state.getHarError), state.harBuildMs);
        else answer(callback as (...a: unknown[]) => void, [log()], state.getHarError);
        return undefined;
      }
      if (callbackOnly) return undefined;
      return state.getHarError ? Promise.reject(new Error(state.getHarError)) : late(log);
    },
    onRequestFinished,
    onNavigated,
  };
  // Only Firefox tells a panel that the DevTools theme changed (read in each browser: see api-shape.mjs).
  // The ExtensionPanel panels.create gives: onShown hands its listeners the panel's window (`showPanel`).
  const onShown = event<(win: unknown) => void>();
  const onHidden = event<() => void>();
  const extensionPanel = { onShown, onHidden };
  const create = (_t: string, _i: string, _p: string, cb?: (panel: object) => void) => {
    state.panelsCreated++;
    if (cb) return answer(cb as (...a: unknown[]) => void, [extensionPanel], null);
    return callbackOnly ? undefined : Promise.resolve(extensionPanel);
  };
  const panels = { themeName: 'dark', ...(flavour === 'firefox' ? { onThemeChanged } : {}), create };
  const onAdded = event<(p: { origins?: string[] }) => void>();
  const onMessage = event<(m: unknown) => void>();
  const permissions = {
    contains: async (p: { origins: string[] }) => p.origins.every((o) => state.granted.includes(o)),
    getAll: async () => ({ origins: [...state.granted], permissions: ['webRequest'] }),
    onAdded,
  };
  const grant = (origin: string) => {
    state.granted.push(`${origin}/*`);
    onAdded.fire({ origins: [`${origin}/*`], permissions: [] });
  };
  const connect = ({ name }: { name: string }) => {
    state.connected.push(name);
    return { onMessage, onDisconnect: event<() => void>() };
  };
  const chromeOnly = flavour === 'firefox' ? {} : { permissions };
  if (flavour !== 'firefox') Object.assign(runtime, { connect });
  const api = {
    runtime,
    ...chromeOnly,
    devtools: { network, panels, inspectedWindow: { tabId: 1, eval: evalWithCallback } },
  };

  const finish = (entry: object) =>
    onRequestFinished.fire(
      flavour === 'firefox'
        ? Object.assign(structuredClone(entry), { getContent: Request.prototype.getContent })
        : asRequest(entry),
    );

  const g = globalThis as { chrome?: unknown; browser?: unknown };
  g.chrome = api;
  if (flavour === 'firefox') g.browser = api;
  else if (flavour !== 'chrome150')
    g.browser = { ...api, runtime, devtools: { ...api.devtools, inspectedWindow: { tabId: 1, eval: evalPromise } } };
  return {
    state,
    /** A request finishing (the page read its body): onRequestFinished fires with it. */
    finish,
    /**
     * The page sends a request and reads its answer: DevTools logs it and reports it (after `answerMs` and
     * `eventLagMs`), unless Firefox is building a HAR.
     */
    send(entry: object) {
      if (state.building > 0) {
        state.dropped++;
        return;
      }
      const report = () => (state.eventLagMs ? setTimeout(() => finish(entry), state.eventLagMs) : finish(entry));
      if (!state.answerMs) {
        state.har.push(entry);
        return void report();
      }
      const unanswered = { ...entry, time: 0, response: { ...(entry as { response?: object }).response, status: 0 } };
      state.har.push(unanswered);
      setTimeout(() => {
        const i = state.har.indexOf(unanswered);
        if (i >= 0) state.har[i] = entry;
        report();
      }, state.answerMs);
    },
    navigate: (url: string) => onNavigated.fire(url),
    /** Chrome: the user grants `origin` (from the panel's button). */
    grant,
    /** Chrome: the service worker posts what webRequest saw of one request, if a port is connected. */
    headers: (record: object) => state.connected.length && onMessage.fire(structuredClone(record)),
    /** The person chooses the panel's tab: DevTools shows it, with `win` as its window. */
    showPanel: (win: object) => onShown.fire(win),
    hidePanel: () => onHidden.fire(),
    uninstall() {
      delete g.chrome;
      delete g.browser;
    },
  };
}
