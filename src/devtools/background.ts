/**
 * Bearerscope's service worker (Chrome's build only): watches, without blocking or changing anything, the requests
 * of the tabs a DevTools page of Bearerscope inspects, and posts each completed one to that page (header-feed.ts).
 * Chrome shows it only requests to sites the user has granted from the panel; with none granted it sees nothing.
 */
import { PORT_PREFIX, type HeaderRecord } from './header-feed.js';

type Headers = Array<{ name: string; value?: string }>;
interface Details {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  timeStamp: number;
  type?: string;
  requestHeaders?: Headers;
  responseHeaders?: Headers;
  statusCode?: number;
  statusLine?: string;
  ip?: string;
}
interface WebRequestEvent {
  addListener(l: (d: Details) => void, filter: { urls: string[] }, extra?: string[]): void;
  removeListener(l: (d: Details) => void): void;
}
interface Port {
  name: string;
  postMessage(m: unknown): void;
  onDisconnect: { addListener(l: () => void): void };
}
interface Chrome {
  runtime: { onConnect: { addListener(l: (port: Port) => void): void } };
  permissions: { onAdded: { addListener(l: () => void): void } };
  webRequest?: {
    onSendHeaders: WebRequestEvent;
    onCompleted: WebRequestEvent;
    onErrorOccurred: WebRequestEvent;
    onBeforeRedirect: WebRequestEvent;
  };
}
const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;

/** Requests whose headers went out and whose answer has not come, at most this many (a leak guard). */
const PENDING_LIMIT = 2000;

const ports = new Map<number, Set<Port>>();
const pending = new Map<string, Pick<HeaderRecord, 'url' | 'method' | 'started' | 'requestHeaders'>>();

const plain = (headers: Headers | undefined) =>
  (headers ?? []).map((h) => ({ name: h.name, value: typeof h.value === 'string' ? h.value : '' }));

function sent(d: Details) {
  if (!ports.has(d.tabId)) return;
  if (pending.size >= PENDING_LIMIT) pending.delete(pending.keys().next().value as string);
  pending.set(d.requestId, {
    url: d.url,
    method: d.method,
    started: d.timeStamp,
    requestHeaders: plain(d.requestHeaders),
  });
}
function completed(d: Details) {
  const request = pending.get(d.requestId);
  pending.delete(d.requestId);
  const to = ports.get(d.tabId);
  if (!request || !to) return;
  const record: HeaderRecord = {
    ...request,
    ended: d.timeStamp,
    status: d.statusCode ?? 0,
    statusLine: d.statusLine ?? '',
    responseHeaders: plain(d.responseHeaders),
    ...(d.ip ? { ip: d.ip } : {}),
    ...(d.type ? { type: d.type } : {}),
  };
  to.forEach((port) => port.postMessage(record));
}
/** A redirect's hop or a failure: the log has it (a failure has no answer to read). */
const dropped = (d: Details) => void pending.delete(d.requestId);

/**
 * (Re)registers the listeners. Chromium (150 and 156, measured) does not deliver a host newly granted to listeners
 * registered before the grant: they are registered again after each grant.
 */
function listen() {
  const web = chrome.webRequest;
  if (!web) return;
  const filter = { urls: ['<all_urls>'] };
  const all: Array<[WebRequestEvent, (d: Details) => void, string[]]> = [
    [web.onSendHeaders, sent, ['requestHeaders', 'extraHeaders']],
    [web.onCompleted, completed, ['responseHeaders', 'extraHeaders']],
    [web.onErrorOccurred, dropped, []],
    [web.onBeforeRedirect, dropped, []],
  ];
  for (const [event, listener, extra] of all) {
    event.removeListener(listener);
    event.addListener(listener, filter, extra);
  }
}

listen();
chrome.permissions.onAdded.addListener(listen);
chrome.runtime.onConnect.addListener((port) => {
  if (!port.name.startsWith(PORT_PREFIX)) return;
  const tabId = Number(port.name.slice(PORT_PREFIX.length));
  if (!Number.isInteger(tabId)) return;
  const set = ports.get(tabId) ?? new Set<Port>();
  set.add(port);
  ports.set(tabId, set);
  port.onDisconnect.addListener(() => {
    set.delete(port);
    if (!set.size) ports.delete(tabId);
  });
});
