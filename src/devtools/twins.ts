/**
 * One request can reach the live capture twice: from its headers (header-feed.ts), and from DevTools (its event or
 * its log). The two give it different start times (webRequest's clock and DevTools' differ by milliseconds, more on
 * a loaded machine), so `entryKey` cannot pair them. They are paired by `twinKey` (method, URL, status, the
 * Authorization header) and a start within TOLERANCE_MS: whichever comes second is dropped. Requests that share all
 * of that and start that close carry the same token to the same place: pairing them the wrong way round still
 * lists each sighting once. Where no twin is found in time, the request is listed twice rather than not at all.
 */
import { twinKey, wantsResponseBody } from '../core/har/capture.js';
import { spanOf } from './network.js';

const TOLERANCE_MS = 3000;
/**
 * How many unpaired sightings each side remembers (the oldest go first). DevTools' event comes within a second of
 * the headers; the log, for an unread answer, within a read of the log: at most RECONCILE_LIMIT requests.
 */
const KEEP = 20_000;

/**
 * Which requests the header feed lists: answered GET and HEAD requests whose body the core would not read. A
 * request body (a form with a refresh token) or a token endpoint's answer reaches the core only through DevTools.
 */
export function listedFromHeaders(entry: unknown): boolean {
  const e = entry as { request?: { method?: unknown }; response?: { status?: unknown } };
  const method = e.request?.method;
  const status = e.response?.status;
  return (
    (method === 'GET' || method === 'HEAD') && typeof status === 'number' && status > 0 && !wantsResponseBody(entry)
  );
}

function side() {
  const byKey = new Map<string, number[]>();
  const order: string[] = [];
  let head = 0;
  return {
    add(key: string, started: number) {
      const list = byKey.get(key);
      if (list) list.push(started);
      else byKey.set(key, [started]);
      order.push(key);
      if (order.length - head > KEEP) {
        const old = order[head++]!;
        const l = byKey.get(old);
        l?.shift();
        if (!l?.length) byKey.delete(old);
      }
      if (head > KEEP) {
        order.splice(0, head);
        head = 0;
      }
    },
    /** Removes and reports a sighting of `key` that started within the tolerance of `started`. */
    take(key: string, started: number): boolean {
      const list = byKey.get(key);
      const at = list?.findIndex((s) => Math.abs(s - started) <= TOLERANCE_MS) ?? -1;
      if (at < 0) return false;
      list!.splice(at, 1);
      if (!list!.length) byKey.delete(key);
      return true;
    },
  };
}

export function createTwins() {
  const fromHeaders = side();
  const fromDevtools = side();
  const startOf = (entry: unknown) => spanOf(entry)?.started ?? 0;
  return {
    /** A request from its headers: false when DevTools has listed it already. */
    headersFirst(entry: unknown): boolean {
      const key = twinKey(entry);
      if (fromDevtools.take(key, startOf(entry))) return false;
      fromHeaders.add(key, startOf(entry));
      return true;
    },
    /** A request from DevTools: false when its headers have listed it already. */
    devtoolsFirst(entry: unknown): boolean {
      if (!listedFromHeaders(entry)) return true;
      const key = twinKey(entry);
      if (fromHeaders.take(key, startOf(entry))) return false;
      fromDevtools.add(key, startOf(entry));
      return true;
    },
  };
}
