/**
 * `iat`, `nbf` and `exp` as dates, and a token's validity at a moment. The moment is always passed in
 * (`nowMs`): nothing here reads the clock, so expiry logic stays deterministic under test.
 */
import type { Claims } from '../model/token.js';
import type { Status, TimeValue, Times, Validity } from '../model/token.js';

/** The largest distance from 1970 a JavaScript Date can hold (ECMA-262 TimeClip): 100,000,000 days. */
const MAX_DATE_MS = 8.64e15;

/** Whether `ms` is a moment a Date can hold; beyond it `new Date(ms)` is Invalid Date and toISOString throws. */
export function isDateMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}
const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

export function timeValue(epoch: number): TimeValue {
  const ms = epoch * 1000;
  return { epoch, utc: isDateMs(ms) ? new Date(ms).toISOString() : null };
}

/** A NumericDate (RFC 7519 §2), also accepted as a numeric string: ACS context tokens send `"nbf":"1335822895"`. */
function numericDate(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d{1,20}(\.\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

export interface ReadTimes {
  times: Times;
  /** Time claims present but unreadable, e.g. "exp is not a number (\"tomorrow\")". */
  problems: string[];
}

export function readTimes(claims: Claims | null, expiresAt?: number): ReadTimes {
  const times: Times = {};
  const problems: string[] = [];
  if (claims) {
    for (const name of TIME_CLAIMS) {
      if (!Object.hasOwn(claims, name)) continue;
      const n = numericDate(claims[name]);
      if (n === null) problems.push(`${name} is not a number (${JSON.stringify(claims[name])?.slice(0, 40)})`);
      else times[name] = timeValue(n);
      // Seconds reach 1e11 only in the year 5138; a value that large is almost always milliseconds.
      if (n !== null && Math.abs(n) >= 1e11) problems.push(`${name} looks like milliseconds, not seconds (${n})`);
    }
    if (times.exp) times.expSource = 'claim';
    if (problems.length) times.malformed = true;
  }
  if (!times.exp && expiresAt !== undefined) {
    times.exp = timeValue(expiresAt);
    times.expSource = 'token-response';
  }
  return { times, problems };
}

/** Validity at one moment; `unknown` when the token says nothing about time. */
export function validityAt(times: Times, ms: number): Validity {
  if (times.malformed) return 'unknown';
  if (times.nbf && ms < times.nbf.epoch * 1000) return 'not-yet-valid';
  if (times.exp && ms >= times.exp.epoch * 1000) return 'expired';
  if (times.exp || times.nbf) return 'valid';
  return 'unknown';
}

/** Status at `nowMs`. A readable JWT without `exp` never expires, which is worth saying; an opaque token is unknown. */
export function statusAt(times: Times, readableClaims: boolean, nowMs: number): Status {
  // A countdown from a millisecond exp ("expires in 20759586 d") would contradict the finding that says so.
  if (times.malformed) return 'unknown';
  const v = validityAt(times, nowMs);
  if (v === 'valid' && !times.exp && readableClaims) return 'no-expiry';
  if (v === 'unknown') return readableClaims ? 'no-expiry' : 'unknown';
  return v;
}

/** "42 min", "3 h 5 min", "2 d": a duration short enough for a table cell. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  if (d < 365) return `${d} d`;
  // Past a year, days stop meaning anything to a reader ("4214 d"): years, with the months while there is one year.
  const years = Math.floor(d / 365);
  const months = Math.floor((d - years * 365) / 30.44);
  return years < 2 && months ? `${years} y ${months} mo` : `${years} y`;
}

/** What a person wants to read about a token's time: "expires in 41 min", "expired 3 h ago". */
export function describeStatus(times: Times, status: Status, nowMs: number): string {
  switch (status) {
    case 'valid':
      return times.exp ? `expires in ${formatDuration(times.exp.epoch * 1000 - nowMs)}` : 'valid';
    case 'expired':
      return times.exp ? `expired ${formatDuration(nowMs - times.exp.epoch * 1000)} ago` : 'expired';
    case 'not-yet-valid':
      return times.nbf ? `valid in ${formatDuration(times.nbf.epoch * 1000 - nowMs)}` : 'not yet valid';
    case 'no-expiry':
      return 'never expires';
    default:
      return times.malformed ? 'unknown (malformed times)' : 'expiry unknown';
  }
}
