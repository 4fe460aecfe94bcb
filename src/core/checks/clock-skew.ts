/**
 * Is the capturing machine's clock wrong? A wrong local clock makes valid tokens look expired or not yet valid
 * (the seed's "clock skew" advice), so this is worth saying, but only when the capture really shows it.
 *
 * One response's `Date` proves little: a CDN or proxy cache answers with the origin's `Date` plus an `Age`
 * (RFC 9111 §4.2.3), the browser answers from its own cache, a 304 revalidates an old copy. So only fresh
 * responses from the network count, each corrected by its `Age`; the estimate is the median per host, and it
 * is reported only when enough responses agree with it, and the other hosts do not contradict it.
 */
import { fileOf, header } from '../har/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { type Entry, entryName } from '../model/entry.js';
import { formatDuration } from '../token/times.js';
import { plural } from '../util/plural.js';

/** More than this between the server's clock and the local one means one of them is wrong. */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;
/** Responses that must agree with a host's median before it counts: one stale response is not a wrong clock. */
export const MIN_AGREEING = 2;
/** Responses within this of the median agree with it (`Date` has one-second precision, `Age` too). */
const AGREE_MS = 60 * 1000;
const MAX_HOSTS = 200;
const MAX_SAMPLES_PER_HOST = 101;

/** Signed skew in ms (server minus local) one response shows, or null when it says nothing about the server's clock now. */
export function clockSample(entry: Entry): number | null {
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
  const serverMs = dateMs + ageMs;
  // `Date` is stamped somewhere between the request's start and its end, to the second; Age adds a second more.
  const slack = ageText === null ? 1000 : 2000;
  if (serverMs < entry.startedMs - slack) return serverMs - entry.startedMs;
  const end = entry.startedMs + entry.durationMs;
  if (serverMs > end + slack) return serverMs - end;
  return 0;
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
  skews: number[];
  entries: Array<{ index: number; file?: string }>;
}

export class ClockSkew {
  private hosts = new Map<string, Samples>();

  add(entry: Entry): void {
    const skew = clockSample(entry);
    if (skew === null) return;
    const host = quickHost(entry.url) || '(no host)';
    let s = this.hosts.get(host);
    if (!s) {
      if (this.hosts.size >= MAX_HOSTS) return;
      s = { skews: [], entries: [] };
      this.hosts.set(host, s);
    }
    if (s.skews.length >= MAX_SAMPLES_PER_HOST) return;
    s.skews.push(skew);
    s.entries.push({ index: entry.index, ...fileOf(entry) });
  }

  clear(): void {
    this.hosts.clear();
  }

  /** Per-host estimates that enough responses agree on (most agreeing first). */
  estimates(): SkewEstimate[] {
    const out: SkewEstimate[] = [];
    for (const [host, s] of this.hosts) {
      const median = medianOf(s.skews);
      const agreeingAt = s.skews.map((v, i) => (Math.abs(v - median) <= AGREE_MS ? i : -1)).filter((i) => i >= 0);
      // A majority of the host's responses must agree: a median of scattered values describes none of them.
      if (agreeingAt.length < MIN_AGREEING || agreeingAt.length * 2 <= s.skews.length) continue;
      const first = s.entries[agreeingAt[0] ?? 0];
      out.push({ host, skewMs: median, agreeing: agreeingAt.length, responses: s.skews.length, entry: first?.index ?? 0, ...fileOf(first) });
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

export function clockSkewMessage(w: { estimate: SkewEstimate; skewedHosts: number; hosts: number }, owner: ClockOwner): string {
  const { estimate: e } = w;
  const direction = e.skewMs > 0 ? 'behind' : 'ahead of';
  const others = w.hosts > 1 ? `; ${w.skewedHosts} of the ${plural(w.hosts, 'host')} with enough fresh responses show the same` : '';
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
  return [{ code: 'clock-skew', severity: 'warning', entry, message: clockSkewMessage(skew, owner), clockSkew: { host, skewMs, agreeing, responses }, ...fileOf({ file }) }];
}
