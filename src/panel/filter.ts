/**
 * The filter box's syntax, as in the DevTools Network panel: free text, `key:value` terms, `-` to exclude.
 * Terms are ANDed. Keys: `kind:` (context, user+add-in, ID…), `is:` (error, warning, info, expired, valid, soon),
 * `code:` (a finding code such as cookie-leak), `host:` (a host the token was sent to, or its audience's host).
 * Pure: it filters report data and decides nothing about a token's validity (status and findings come from core).
 */
import { audienceText } from '../core/token/describe.js';
import { hostOf } from '../core/util/url.js';
import type { TokenReport } from '../core/model/report.js';

type FilterKey = 'kind' | 'is' | 'code' | 'host';
const FILTER_KEYS: readonly FilterKey[] = ['kind', 'is', 'code', 'host'];

export interface Term {
  /** null for free text. */
  key: FilterKey | null;
  value: string;
  negate: boolean;
}

/** Splits the box's text into terms; `"quoted text"` keeps its spaces. An unknown `key:` is free text. */
export function parseFilter(text: string): Term[] {
  const terms: Term[] = [];
  // Linear although the rule cannot tell: whatever run `([a-z]+):` scans and rejects, `(\S*)` then consumes, so the
  // next match starts after it (test/panel/filter.test.ts feeds it a megabyte of letters).
  // eslint-disable-next-line regexp/no-super-linear-move
  for (const m of text.matchAll(/(-?)(?:([a-z]+):)?(?:"([^"]*)"?|(\S*))/gi)) {
    const [, minus, key, quoted, bare] = m;
    const value = (quoted ?? bare ?? '').toLowerCase();
    const k = key?.toLowerCase();
    if (k && (FILTER_KEYS as readonly string[]).includes(k)) {
      if (value) terms.push({ key: k as FilterKey, value, negate: minus === '-' });
    } else {
      const free = (key ? `${key}:` : '') + value;
      if (free) terms.push({ key: null, value: free.toLowerCase(), negate: minus === '-' });
    }
  }
  return terms;
}

/** Everything free text is matched against: kind, family, audience, hosts, finding codes and severities, claims. */
function haystack(t: TokenReport): string {
  const claims = t.claims ? JSON.stringify(t.claims).slice(0, 4000) : '';
  return [
    t.kind,
    t.family,
    t.type,
    t.policy ?? '',
    t.id,
    t.status,
    audienceText(t),
    ...t.findings.flatMap((f) => [f.code, f.severity]),
    ...t.sightings.map((s) => s.url),
    claims,
  ]
    .join('\n')
    .toLowerCase();
}

/** Whether a token is close to expiry: the panel's "expires soon" state. */
const SOON_MS = 5 * 60 * 1000;
export function expiresSoon(t: Pick<TokenReport, 'times'>, status: string, nowMs: number): boolean {
  const exp = t.times.exp?.epoch;
  return status === 'valid' && exp !== undefined && exp * 1000 - nowMs <= SOON_MS;
}

function hosts(t: TokenReport): string[] {
  return [audienceText(t).toLowerCase(), ...t.sightings.map((s) => hostOf(s.url).toLowerCase())];
}

function matchesTerm(t: TokenReport, term: Term, nowMs: number, cache: { text?: string }): boolean {
  const v = term.value;
  switch (term.key) {
    case 'kind':
      return t.kind.toLowerCase() === v || (v === 'user-add-in' && t.kind === 'user+add-in');
    case 'code':
      return t.findings.some((f) => f.code === v || f.code.startsWith(v));
    case 'host':
      return hosts(t).some((h) => h === v || h.endsWith(`.${v}`) || h.includes(v));
    case 'is':
      if (v === 'error' || v === 'warning' || v === 'info') return t.findings.some((f) => f.severity === v);
      if (v === 'soon') return expiresSoon(t, t.status, nowMs);
      if (v === 'ok' || v === 'clean') return t.findings.length === 0;
      return t.status === v || t.status.startsWith(v);
    default:
      cache.text ??= haystack(t);
      return cache.text.includes(v);
  }
}

/** Whether a token passes every term. */
export function matches(t: TokenReport, terms: readonly Term[], nowMs: number): boolean {
  const cache: { text?: string } = {};
  return terms.every((term) => matchesTerm(t, term, nowMs, cache) !== term.negate);
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
