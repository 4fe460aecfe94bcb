/**
 * Is the capturing machine's clock wrong? A wrong local clock makes valid tokens look expired or not yet valid
 * (the seed's "clock skew" advice), so this is worth saying, but only when the capture really shows it.
 *
 * One response's `Date` proves little: the browser answers from its own cache, a 304 revalidates an old copy, and
 * shared caches disagree on what `Date` means. An RFC-conforming cache (CloudFront, S3, most proxies) answers a hit
 * with the origin's `Date` plus an `Age` (RFC 9111 §4.2.3): the server's clock then read `Date + Age`. Others
 * (Varnish, Fastly and Cloudflare setups alike) stamp `Date` when they deliver and still send the `Age`: there `Date`
 * alone is the clock, and `Date + Age` overshoots by the age of the copy. A hit alone cannot say which it is; a miss
 * (no `Age`, `Age: 0`, or a cache-status header saying every cache missed) is read the same either way. So the
 * misses of a host set its estimate, and a hit agrees with it if either reading does; a host with hits only takes
 * the reading most of its hits agree on, and when they agree on both, the smaller skew (the one that blames no clock).
 * Only fresh responses from the network count; the estimate is per host, reported only when enough responses agree
 * with it, and the other hosts do not contradict it.
 */
import { fileOf, header } from '../har/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { type Entry, entryName } from '../model/entry.js';
import { formatDuration } from '../token/times.js';
import { plural } from '../util/plural.js';

/** More than this between the server's clock and the local one means one of them is wrong. */
const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;
/** Responses that must agree with a host's median before it counts: one stale response is not a wrong clock. */
const MIN_AGREEING = 2;
/** Responses within this of the median agree with it (`Date` has one-second precision, `Age` too). */
const AGREE_MS = 60 * 1000;
const MAX_HOSTS = 200;
const MAX_SAMPLES_PER_HOST = 101;

/** Signed skew in ms (server minus local) a server time shows for a request, 0 within the request's span and `slack`. */
function skewAt(entry: Entry, serverMs: number, slack: number): number {
  const started = entry.startedMs ?? 0;
  if (serverMs < started - slack) return serverMs - started;
  const end = started + entry.durationMs;
  if (serverMs > end + slack) return serverMs - end;
  return 0;
}

/**
 * What shared caches said of a response: `hit` or `miss` when every cache-status header names one, else null.
 * Read: `X-Cache` (Varnish, Fastly, CloudFront; a list per tier, "MISS, HIT"), `CF-Cache-Status` (Cloudflare),
 * `X-Cache-Status` (nginx), `X-Proxy-Cache`.
 */
function cacheStatus(entry: Entry): 'hit' | 'miss' | null {
  const said = ['x-cache', 'cf-cache-status', 'x-cache-status', 'x-proxy-cache']
    .map((n) => header(entry.responseHeaders, n))
    .filter((v): v is string => v !== null);
  if (!said.length) return null;
  const text = said.join(',').slice(0, 200);
  if (/\b(hit|stale|updating|revalidated)\b/i.test(text)) return 'hit';
  return /\b(miss|dynamic|bypass|pass|expired)\b/i.test(text) ? 'miss' : null;
}

/** What one fresh response says of the server's clock: its readings (skew in ms, server minus local), and whether it was a cache miss. */
interface ClockReading {
  /** A miss: one reading. A hit: `Date + Age` (RFC 9111) first, then `Date` alone (a cache that stamps its delivery time). */
  skews: number[];
  miss: boolean;
}

/** The readings of one response, or null when it says nothing about the server's clock now. */
function clockReading(entry: Entry): ClockReading | null {
  const date = header(entry.responseHeaders, 'date');
  if (!date || entry.startedMs === null || entry.status === 0 || entry.status === 304 || entry.fromCache) return null;
  const dateMs = Date.parse(date);
  if (!Number.isFinite(dateMs)) return null;
  const ageText = header(entry.responseHeaders, 'age');
  let ageMs = 0;
  if (ageText !== null) {
    // RFC 9111 §5.1: Age is a non-negative integer of seconds; anything else says the cache cannot be read.
    if (!/^\s*\d{1,10}\s*$/.test(ageText)) return null;
    ageMs = Number(ageText) * 1000;
  }
  // `Date` is stamped somewhere between the request's start and its end, to the second; Age adds a second more.
  const slack = ageText === null ? 1000 : 2000;
  const status = cacheStatus(entry);
  if (status === 'miss' || (ageMs === 0 && status !== 'hit'))
    return { skews: [skewAt(entry, dateMs + ageMs, slack)], miss: true };
  const conforming = skewAt(entry, dateMs + ageMs, slack);
  return { skews: ageMs === 0 ? [conforming] : [conforming, skewAt(entry, dateMs, 1000)], miss: false };
}

/** Signed skew in ms (server minus local) one response shows as RFC 9111 reads it (`Date + Age`), or null when it says nothing. */
export function clockSample(entry: Entry): number | null {
  return clockReading(entry)?.skews[0] ?? null;
}

export interface SkewEstimate {
  host: string;
  /** Median skew of the host's fresh responses, server minus local, in ms. */
  skewMs: number;
  /** Responses within a minute of the median, and all fresh responses of the host. */
  agreeing: number;
  responses: number;
  /** The first agreeing response, for the user to look at, and its file when several are read together. */
  entry: number;
  file?: string;
}

/** The host of an absolute URL, lower-cased, without parsing it whole: this runs for every response. */
function quickHost(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)/i.exec(url);
  return m?.[1]?.toLowerCase() ?? '';
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Samples {
  readings: ClockReading[];
  entries: Array<{ index: number; file?: string }>;
}

const agrees = (r: ClockReading, skewMs: number) => r.skews.some((v) => Math.abs(v - skewMs) <= AGREE_MS);

/**
 * The skew a host's responses point at: the median of its misses; with hits only, the median of the reading (RFC or
 * delivery-time `Date`) that most of them agree on, the smaller skew when both readings do.
 */
function hostSkew(readings: ClockReading[]): number {
  const misses = readings.filter((r) => r.miss).map((r) => r.skews[0] ?? 0);
  if (misses.length) return medianOf(misses);
  const candidates = [0, 1].map((i) => {
    const values = readings.map((r) => r.skews[i] ?? r.skews[0] ?? 0);
    const median = medianOf(values);
    return { median, agreeing: values.filter((v) => Math.abs(v - median) <= AGREE_MS).length };
  });
  const [rfc, delivery] = candidates as [{ median: number; agreeing: number }, { median: number; agreeing: number }];
  const majority = (c: { agreeing: number }) => c.agreeing * 2 > readings.length;
  if (majority(rfc) && majority(delivery))
    return Math.abs(delivery.median) < Math.abs(rfc.median) ? delivery.median : rfc.median;
  return majority(delivery) && !majority(rfc) ? delivery.median : rfc.median;
}

export class ClockSkew {
  private hosts = new Map<string, Samples>();

  add(entry: Entry): void {
    const reading = clockReading(entry);
    if (reading === null) return;
    const host = quickHost(entry.url) || '(no host)';
    let s = this.hosts.get(host);
    if (!s) {
      if (this.hosts.size >= MAX_HOSTS) return;
      s = { readings: [], entries: [] };
      this.hosts.set(host, s);
    }
    if (s.readings.length >= MAX_SAMPLES_PER_HOST) return;
    s.readings.push(reading);
    s.entries.push({ index: entry.index, ...fileOf(entry) });
  }

  clear(): void {
    this.hosts.clear();
  }

  /** Per-host estimates that enough responses agree on (most agreeing first). */
  estimates(): SkewEstimate[] {
    const out: SkewEstimate[] = [];
    for (const [host, s] of this.hosts) {
      const median = hostSkew(s.readings);
      const agreeingAt = s.readings.map((r, i) => (agrees(r, median) ? i : -1)).filter((i) => i >= 0);
      // A majority of the host's responses must agree: a median of scattered values describes none of them.
      if (agreeingAt.length < MIN_AGREEING || agreeingAt.length * 2 <= s.readings.length) continue;
      const first = s.entries[agreeingAt[0] ?? 0];
      out.push({
        host,
        skewMs: median,
        agreeing: agreeingAt.length,
        responses: s.readings.length,
        entry: first?.index ?? 0,
        ...fileOf(first),
      });
    }
    return out.sort((a, b) => b.agreeing - a.agreeing);
  }

  /**
   * The skew to report, or null. Hosts that share one clock (ours) agree; a host whose skew the other hosts
   * do not share has a wrong clock of its own, which says nothing about this machine's.
   */
  worst(): { estimate: SkewEstimate; skewedHosts: number; hosts: number } | null {
    const all = this.estimates();
    const skewed = all.filter((e) => Math.abs(e.skewMs) > CLOCK_SKEW_LIMIT_MS);
    const first = skewed[0];
    if (!first || skewed.length * 2 < all.length) return null;
    return { estimate: first, skewedHosts: skewed.length, hosts: all.length };
  }
}

/** Whose clock it is: the panel watching live traffic is on the capturing machine; a HAR file was captured elsewhere. */
export type ClockOwner = 'this machine' | 'the capturing machine';

function clockSkewMessage(
  w: { estimate: SkewEstimate; skewedHosts: number; hosts: number },
  owner: ClockOwner,
): string {
  const { estimate: e } = w;
  const direction = e.skewMs > 0 ? 'behind' : 'ahead of';
  const others =
    w.hosts > 1 ? `; ${w.skewedHosts} of the ${plural(w.hosts, 'host')} with enough fresh responses show the same` : '';
  return (
    `${owner === 'this machine' ? 'This' : 'The capturing'} machine's clock looks ${formatDuration(e.skewMs)} ${direction} the servers': ` +
    `${e.agreeing} of ${plural(e.responses, 'fresh response')} from ${e.host} agree (first: ${entryName(e.entry, e.file)})${others}. ` +
    `With a wrong clock, valid tokens look expired or not yet valid: set ${owner === 'this machine' ? "this machine's" : "the capturing machine's"} clock right (automatic time sync) before trusting expiry findings.`
  );
}

/** The `clock-skew` finding of one estimate (one file's, when several are read together), if it shows a wrong clock. */
export function clockSkewFinding(estimator: ClockSkew, owner: ClockOwner, file: string | undefined): ReportFinding[] {
  const skew = estimator.worst();
  if (!skew) return [];
  const { host, skewMs, agreeing, responses, entry } = skew.estimate;
  return [
    {
      code: 'clock-skew',
      severity: 'warning',
      entry,
      message: clockSkewMessage(skew, owner),
      clockSkew: { host, skewMs, agreeing, responses },
      ...fileOf({ file }),
    },
  ];
}
