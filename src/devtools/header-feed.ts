/**
 * Requests as Chrome's network stack saw them (chrome.webRequest, observed by background.ts), for the inspected tab
 * only, once the user has let Bearerscope see the inspected site's requests. Chromium's DevTools report a response
 * the page never reads only in their log, which costs ~0.1 ms per logged request to read; webRequest reports it as
 * it completes. Only Chrome has this feed (network.ts decides); Firefox's event reports such responses itself.
 *
 * Both ends are extension pages of Bearerscope: the DevTools page connects a runtime port named after the inspected
 * tab, the service worker posts one HeaderRecord per completed request of that tab. Nothing is asked of the user
 * and no port is opened until the user grants access from the panel (`requestHeaderAccess`, on a click).
 */
export const PORT_PREFIX = 'bearerscope-headers:';
/** The late notice's action (live-source.ts) that asks for access to the inspected site (`arg`: its origin). */
export const WATCH_HEADERS = 'watch-headers';

/** One request as webRequest reported it: headers as sent and received, times in epoch ms. */
export interface HeaderRecord {
  url: string;
  method: string;
  /** When the request's headers were sent. */
  started: number;
  ended: number;
  status: number;
  statusLine: string;
  requestHeaders: Array<{ name: string; value: string }>;
  responseHeaders: Array<{ name: string; value: string }>;
  ip?: string;
  type?: string;
}

export interface HeaderFeed {
  onRecord(listener: (record: HeaderRecord) => void): void;
  /** The inspected page's origin (`https://host[:port]`), or null when it has none (about:blank, a file). */
  inspectedOrigin(): Promise<string | null>;
  /** Whether the user has granted access to `origin`'s requests. */
  granted(origin: string): Promise<boolean>;
  /** Access was granted (the feed is connected then). */
  onGranted(listener: () => void): void;
}

interface Port {
  onMessage: { addListener(l: (message: unknown) => void): void };
  onDisconnect: { addListener(l: () => void): void };
}
interface Chrome {
  runtime: { connect(info: { name: string }): Port };
  permissions: {
    contains(p: { origins: string[] }): Promise<boolean>;
    request(p: { origins: string[] }): Promise<boolean>;
    getAll(): Promise<{ origins?: string[] }>;
    onAdded: { addListener(l: (p: { origins?: string[] }) => void): void };
  };
  devtools?: {
    inspectedWindow: {
      tabId: number;
      eval(expression: string, options: object, callback: (result: unknown, exception: unknown) => void): void;
    };
  };
}
const chromeApi = () => (globalThis as unknown as { chrome: Chrome }).chrome;

/** The match pattern for an origin's requests (any path). */
const originPattern = (origin: string) => `${origin}/*`;

/** Runs in the panel's window, from the click on the notice's button (permissions.request needs that gesture). */
export function requestHeaderAccess(origin: string): Promise<boolean> {
  return chromeApi().permissions.request({ origins: [originPattern(origin)] });
}

const RECONNECT_MS = 1000;

function isRecord(m: unknown): m is HeaderRecord {
  const r = m as Partial<HeaderRecord> | null;
  return (
    typeof r?.url === 'string' &&
    typeof r.method === 'string' &&
    typeof r.started === 'number' &&
    typeof r.status === 'number' &&
    Array.isArray(r.requestHeaders) &&
    Array.isArray(r.responseHeaders)
  );
}

/** The DevTools page's end: connects once any site has been granted, and again whenever the worker went away. */
export function openHeaderFeed(): HeaderFeed | null {
  const chrome = chromeApi();
  const tabId = chrome?.devtools?.inspectedWindow.tabId;
  // Without the permissions API (a build or a test that has none) there is nothing to grant.
  if (typeof tabId !== 'number' || !chrome.permissions?.onAdded || !chrome.runtime?.connect) return null;
  const listeners: Array<(r: HeaderRecord) => void> = [];
  const grantedListeners: Array<() => void> = [];
  let connected = false;
  const connect = () => {
    if (connected) return;
    connected = true;
    const port = chrome.runtime.connect({ name: `${PORT_PREFIX}${tabId}` });
    port.onMessage.addListener((m) => {
      if (isRecord(m)) listeners.forEach((l) => l(m));
    });
    // An idle service worker is stopped by Chrome, which closes the port: the log still covers the gap.
    port.onDisconnect.addListener(() => {
      connected = false;
      setTimeout(connect, RECONNECT_MS);
    });
  };
  void chrome.permissions
    .getAll()
    .then((p) => p.origins?.length && connect())
    .catch(() => {});
  chrome.permissions.onAdded.addListener((p) => {
    if (!p.origins?.length) return;
    connect();
    grantedListeners.forEach((l) => l());
  });
  return {
    onRecord: (l) => void listeners.push(l),
    onGranted: (l) => void grantedListeners.push(l),
    granted: (origin) => chrome.permissions.contains({ origins: [originPattern(origin)] }).catch(() => false),
    inspectedOrigin: () =>
      new Promise((resolve) =>
        chrome.devtools!.inspectedWindow.eval('location.origin', {}, (result) =>
          resolve(typeof result === 'string' && /^https?:\/\//.test(result) ? result : null),
        ),
      ),
  };
}

const header = (list: HeaderRecord['responseHeaders'], name: string) =>
  list.find((h) => h.name.toLowerCase() === name)?.value;

/** A HAR entry from what webRequest saw: no body, no timings beyond the total. */
export function headerEntry(r: HeaderRecord): Record<string, unknown> {
  const [httpVersion = 'HTTP/1.1', , ...reason] = r.statusLine.split(' ');
  let queryString: Array<{ name: string; value: string }> = [];
  try {
    queryString = [...new URL(r.url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    // a URL the browser sent is always parseable; nothing to list otherwise
  }
  const length = Number(header(r.responseHeaders, 'content-length'));
  return {
    startedDateTime: new Date(r.started).toISOString(),
    time: Math.max(0, r.ended - r.started),
    request: {
      method: r.method,
      url: r.url,
      httpVersion,
      headers: r.requestHeaders,
      queryString,
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: r.status,
      statusText: reason.join(' '),
      httpVersion,
      headers: r.responseHeaders,
      cookies: [],
      content: {
        size: Number.isFinite(length) ? length : 0,
        mimeType: header(r.responseHeaders, 'content-type') ?? '',
      },
      redirectURL: header(r.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: Math.max(0, r.ended - r.started), receive: 0 },
    ...(r.ip ? { serverIPAddress: r.ip } : {}),
    ...(r.type ? { _resourceType: r.type === 'xmlhttprequest' ? 'fetch' : r.type } : {}),
  };
}
