/**
 * The filter box's syntax, as in the DevTools Network panel: free text, `key:value` terms, `-` to exclude. Terms are
 * ANDed. Free text searches what a row and its details show: kind, subject, audience, the findings' chip labels and
 * codes, the hosts, paths and HTTP statuses of its requests, header, cookie and storage key names, and claims.
 * Pure: it filters report data and decides nothing about a token's validity (status and findings come from core).
 */
import { KIND_LABELS, audienceText } from '../core/token/describe.js';
import { hostOf } from '../core/util/url.js';
import { plural } from '../core/util/plural.js';
import type { Sighting, TokenReport } from '../core/model/report.js';
import { STORAGE_AREAS, type Where } from '../core/model/places.js';
import { subjectText } from './columns.js';
// The chips' own labels, so that what a row shows is what free text finds (Badges.tsx imports `expiresSoon` back:
// neither module uses the other while loading).
import { chipLabel } from './chips.js';

/** Each key, with the keys that mean the same (`status-code:` is the Network panel's name for `status:`). */
const KEYS = {
  kind: [],
  is: [],
  code: [],
  host: ['domain'],
  path: [],
  status: ['status-code'],
  place: [],
} as const satisfies Record<string, readonly string[]>;
export type FilterKey = keyof typeof KEYS;
const FILTER_KEYS = Object.keys(KEYS) as FilterKey[];
const KEY_OF = new Map<string, FilterKey>(
  FILTER_KEYS.flatMap((k) => [[k, k] as const, ...KEYS[k].map((alias) => [alias, k] as const)]),
);
/** Every name a key can be typed with, the key's own first. */
export const KEY_NAMES: ReadonlyArray<{ name: string; key: FilterKey }> = [...KEY_OF].map(([name, key]) => ({
  name,
  key,
}));

export interface Term {
  /** null for free text. */
  key: FilterKey | null;
  value: string;
  negate: boolean;
}

/** Splits the box's text into terms; `"quoted text"` keeps its spaces. An unknown `key:` is free text. */
export function parseFilter(text: string): Term[] {
  const terms: Term[] = [];
  // Linear although the rule cannot tell: whatever run `([a-z][a-z-]*):` scans and rejects, `(\S*)` then consumes,
  // so the next match starts after it (test/panel/filter.test.ts feeds it a megabyte of letters).
  // eslint-disable-next-line regexp/no-super-linear-move
  for (const m of text.matchAll(/(-?)(?:([a-z][a-z-]*):)?(?:"([^"]*)"?|(\S*))/gi)) {
    const [, minus, key, quoted, bare] = m;
    const value = (quoted ?? bare ?? '').toLowerCase();
    const k = key ? KEY_OF.get(key.toLowerCase()) : undefined;
    if (k) {
      if (value) terms.push({ key: k, value, negate: minus === '-' });
    } else {
      const free = (key ? `${key}:` : '') + value;
      if (free) terms.push({ key: null, value: free.toLowerCase(), negate: minus === '-' });
    }
  }
  return terms;
}

/** What the keys read of one token, lower-cased, built once per token object. */
export interface TokenIndex {
  /** The audience's host or name, as the Audience column shows it. */
  audience: string;
  /** The audience's host and the hosts of its requests. */
  hosts: string[];
  /** The paths of its requests (and of the pages whose storage held it). */
  paths: string[];
  /** The HTTP statuses its requests got (0: no answer). */
  statuses: number[];
  places: Where[];
  codes: string[];
  /** The findings' chip labels: `code:401` finds what the row's `401` chip says. */
  chips: string[];
}

/** "/a/b" of "https://x.example/a/b?c#d", without a URL parser: sighting URLs may be masked or cut. */
function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  const slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  if (slash < 0) return '/';
  let end = url.length;
  for (const c of ['?', '#']) {
    const at = url.indexOf(c, slash);
    if (at >= 0 && at < end) end = at;
  }
  return url.slice(slash, end);
}

/** Hosts by URL: a capture sends most tokens to a few URLs, and parsing one is most of an index's cost. */
const hostCache = new Map<string, string>();
function hostOfUrl(url: string): string {
  let host = hostCache.get(url);
  if (host === undefined) {
    if (hostCache.size >= 20_000) hostCache.clear();
    hostCache.set(url, (host = hostOf(url)));
  }
  return host;
}

function buildIndex(t: TokenReport): TokenIndex {
  const audience = audienceText(t).toLowerCase();
  const hosts = new Set([audience, ...t.sightings.map((s) => hostOfUrl(s.url))]);
  hosts.delete('');
  return {
    audience,
    hosts: [...hosts],
    paths: [...new Set(t.sightings.map((s) => pathOf(s.url).toLowerCase()))],
    statuses: [...new Set(t.sightings.flatMap((s) => (s.kind === 'request' ? [s.status] : [])))],
    places: [...new Set(t.sightings.map((s) => s.where))],
    codes: t.findings.map((f) => f.code),
    chips: t.findings.map((f) => chipLabel(f, t.sightings).toLowerCase()),
  };
}

/**
 * A report's tokens are new objects each time it is computed and never change after: keyed by the object, the index
 * is built on the first keystroke that needs it and reused by the next ones.
 */
const indexes = new WeakMap<TokenReport, TokenIndex>();
export function tokenIndex(t: TokenReport): TokenIndex {
  let index = indexes.get(t);
  if (!index) indexes.set(t, (index = buildIndex(t)));
  return index;
}

/**
 * The claims as free text. A token's claims are one object from report to report (its decoded payload): keyed by
 * it, the text outlives the report and a new report's first keystroke does not stringify them again.
 */
const claimTexts = new WeakMap<object, string>();
function claimsText(claims: TokenReport['claims']): string {
  if (!claims) return '';
  let text = claimTexts.get(claims);
  if (text === undefined) claimTexts.set(claims, (text = JSON.stringify(claims).slice(0, 4000).toLowerCase()));
  return text;
}

function sightingText(s: Sighting): string[] {
  return s.kind === 'request'
    ? [s.url, s.name, s.status ? String(s.status) : '']
    : [s.url, s.name, s.path ?? '', s.library ?? ''];
}

/** Everything free text is matched against, one field a line; built only when a free-text term asks. */
const texts = new WeakMap<TokenReport, string>();
function tokenText(t: TokenReport): string {
  let text = texts.get(t);
  if (text !== undefined) return text;
  const index = tokenIndex(t);
  text = [
    [
      KIND_LABELS[t.kind],
      t.kind,
      t.family,
      t.type,
      t.policy ?? '',
      t.id,
      t.status,
      subjectText(t),
      ...t.findings.flatMap((f) => [f.code, f.severity]),
      ...t.sightings.flatMap(sightingText),
    ]
      .join('\n')
      .toLowerCase(),
    index.audience,
    ...index.chips,
    claimsText(t.claims),
  ].join('\n');
  texts.set(t, text);
  return text;
}

/** Whether a token is close to expiry: the panel's "expires soon" state. */
const SOON_MS = 5 * 60 * 1000;
export function expiresSoon(t: Pick<TokenReport, 'times'>, status: string, nowMs: number): boolean {
  const exp = t.times.exp?.epoch;
  return status === 'valid' && exp !== undefined && exp * 1000 - nowMs <= SOON_MS;
}

/** Short names for groups of places; any other value matches the place names of `model/places.ts` by prefix. */
const PLACE_ALIASES: Readonly<Record<string, readonly Where[]>> = {
  url: ['query'],
  header: ['authorization-header', 'header'],
  authorization: ['authorization-header'],
  body: ['request-body', 'response-body'],
  form: ['form-field'],
  cookie: ['cookie', 'set-cookie', 'script-cookie'],
  storage: STORAGE_AREAS,
};

function placeMatches(place: Where, v: string): boolean {
  return PLACE_ALIASES[v]?.includes(place) ?? place.startsWith(v);
}

/** `401`, or a class with trailing x's: `4xx`, `40x`. */
function statusMatches(status: number, v: string): boolean {
  const s = String(status);
  if (s.length !== v.length) return false;
  for (let i = 0; i < s.length; i++) if (v[i] !== 'x' && v[i] !== s[i]) return false;
  return true;
}
const HTTP_STATUS = /^\d[\dx]*$/;

function validityMatches(t: TokenReport, v: string, nowMs: number): boolean {
  if (v === 'soon') return expiresSoon(t, t.status, nowMs);
  return t.status === v || t.status.startsWith(v);
}

function matchesTerm(t: TokenReport, term: Term, nowMs: number): boolean {
  const v = term.value;
  switch (term.key) {
    case 'kind':
      return t.kind.toLowerCase() === v || (v === 'user-add-in' && t.kind === 'user+add-in');
    case 'code':
      return t.findings.some((f) => f.code.startsWith(v)) || tokenIndex(t).chips.includes(v);
    case 'host':
      return tokenIndex(t).hosts.some((h) => h.includes(v));
    case 'path':
      return tokenIndex(t).paths.some((p) => p.includes(v));
    case 'place':
      return tokenIndex(t).places.some((p) => placeMatches(p, v));
    case 'status':
      // `status:expired` reads as the token's own status, as `is:expired` does.
      return HTTP_STATUS.test(v)
        ? tokenIndex(t).statuses.some((s) => statusMatches(s, v))
        : validityMatches(t, v, nowMs);
    case 'is':
      if (v === 'error' || v === 'warning' || v === 'info') return t.findings.some((f) => f.severity === v);
      if (v === 'ok' || v === 'clean') return t.findings.length === 0;
      return validityMatches(t, v, nowMs);
    default:
      return tokenText(t).includes(v);
  }
}

/** Whether a token passes every term. */
export function matches(t: TokenReport, terms: readonly Term[], nowMs: number): boolean {
  return terms.every((term) => matchesTerm(t, term, nowMs) !== term.negate);
}

/** The box's text with a term added, or removed when it is already there (what a chip click does). */
export function toggleTerm(text: string, term: string): string {
  const parts = text.split(/\s+/).filter(Boolean);
  const at = parts.findIndex((p) => p.toLowerCase() === term.toLowerCase());
  if (at >= 0) parts.splice(at, 1);
  else parts.push(term);
  return parts.join(' ');
}

export function hasTerm(text: string, term: string): boolean {
  return text.split(/\s+/).some((p) => p.toLowerCase() === term.toLowerCase());
}

/** Requests that carried or answered any of `shown` (storage reads are not requests), as far as the report lists them. */
function requestsOf(shown: readonly TokenReport[]): number {
  const seen = new Set<string>();
  let unlisted = 0;
  for (const t of shown) {
    for (const s of t.sightings) if (s.kind === 'request') seen.add(`${s.file ?? ''}\n${s.entry}`);
    // A token seen many times keeps only its first and last sightings: the ones in between count once each.
    unlisted += Math.max(0, t.sightingCount - t.sightings.length);
  }
  return seen.size + unlisted;
}

/** "13 tokens · 14 requests", or while filtered "3 / 13 tokens · 4 / 14 requests", as the Network panel counts. */
export function countText(
  report: { tokens: readonly TokenReport[]; entries: number },
  shown: readonly TokenReport[],
  filtered: boolean,
): string {
  const { tokens, entries } = report;
  if (!filtered) return `${plural(tokens.length, 'token')} · ${plural(entries, 'request')}`;
  const requests = Math.min(entries, requestsOf(shown));
  return `${shown.length} / ${plural(tokens.length, 'token')} · ${requests} / ${plural(entries, 'request')}`;
}
