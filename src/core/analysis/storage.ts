/** The last read of the page's storage, merged into the analysis: replaced by each new read, not accumulated. */
import type { ReportFinding } from '../model/findings.js';
import type { StorageCandidate, StorageScan } from '../model/places.js';
import type { StorageSighting } from '../model/report.js';
import type { Times } from '../model/token.js';
import { validityAt } from '../token/times.js';
import { MAX_TOKEN_CHARS } from '../util/limits.js';
import { newState, type TokenState } from './tokens.js';

export interface StorageState {
  scan: StorageScan;
  /** What the read found, by raw token. */
  byRaw: Map<string, StorageCandidate[]>;
  /** Tokens seen only in storage, with a row of their own until traffic shows them. */
  own: Map<string, TokenState>;
  /** The report-level findings of this read. */
  findings: ReportFinding[];
  /** Values that could be opaque tokens kept under names that do not say so, by value: linked once traffic shows them as tokens. */
  values: Map<string, StorageCandidate[]>;
}

/** Shortest stored value linked to a token by value alone (as find/locate.ts `opaqueValues`). */
const MIN_LINKED = 20;

/** A stored value that may be an opaque token: printable, no spaces, long enough not to repeat by chance. */
const linkable = (value: string) =>
  value.length >= MIN_LINKED && value.length <= MAX_TOKEN_CHARS && /^[\x21-\x7e]+$/.test(value);

/** Adds to the read's sightings the stored values equal to `raw`, a token known from the traffic. */
export function linkStored(state: StorageState, raw: string): void {
  const found = state.values.get(raw);
  if (!found) return;
  const list = state.byRaw.get(raw) ?? [];
  for (const c of found) if (!list.some((x) => x.where === c.where && x.key === c.key)) list.push(c);
  state.byRaw.set(raw, list);
}

/**
 * Merges a read of the page's storage: a token also seen in traffic takes what storage says of it (its role, the
 * expiry a cache records); one seen only in storage gets a state of its own.
 */
export function readStorage(
  scan: StorageScan,
  tokens: ReadonlyMap<string, TokenState>,
  findings: ReportFinding[],
): StorageState {
  const byRaw = new Map<string, StorageCandidate[]>();
  for (const c of scan.candidates) byRaw.set(c.raw, [...(byRaw.get(c.raw) ?? []), c]);
  const own = new Map<string, TokenState>();
  for (const [raw, list] of byRaw) {
    const t = tokens.get(raw) ?? newState(raw);
    if (!tokens.has(raw)) own.set(raw, t);
    for (const c of list) {
      if (!t.roles.has(c.role)) {
        t.roles.add(c.role);
        t.derived = null;
      }
      if (c.expiresAt !== undefined && t.expiresAt === undefined) {
        t.expiresAt = c.expiresAt;
        t.expiresFromCache = true;
        t.derived = null;
      }
    }
    if (own.has(raw)) t.firstSeen = t.lastSeen = scan.time;
  }
  const values = new Map<string, StorageCandidate[]>();
  for (const item of scan.items) {
    const value = item.value.trim();
    if (!linkable(value) || byRaw.has(value)) continue;
    values.set(value, [
      ...(values.get(value) ?? []),
      { raw: value, where: item.where, key: item.key, path: '', role: null, library: null },
    ]);
  }
  const state = { scan, byRaw, own, findings, values };
  for (const raw of values.keys()) if (tokens.has(raw)) linkStored(state, raw);
  return state;
}

/** A token's sightings in the last read, its validity judged at the moment of the read. */
export function storageSightings(
  stored: StorageCandidate[],
  scan: StorageScan | undefined,
  times: Times,
): StorageSighting[] {
  const scanMs = scan ? Date.parse(scan.time) : NaN;
  return stored.map((c) => {
    const s: StorageSighting = {
      kind: 'storage',
      entry: -1,
      time: scan?.time ?? null,
      method: '',
      url: scan?.url ?? '',
      status: 0,
      where: c.where,
      name: c.key,
      validityWhenSent: Number.isFinite(scanMs) ? validityAt(times, scanMs) : 'unknown',
    };
    if (c.path) s.path = c.path;
    if (c.library) s.library = c.library;
    if (c.encrypted) s.encrypted = true;
    if (c.cache) s.cache = c.cache;
    return s;
  });
}
