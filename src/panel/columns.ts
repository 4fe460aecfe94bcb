/**
 * The token table's columns: what each shows, how it sorts, its default width. Pure: it reads report data only.
 */
import { KIND_LABELS, audienceText } from '../core/token/describe.js';
import { severityRank, worst } from '../core/model/findings.js';
import type { TokenReport } from '../core/model/report.js';

export type ColumnId = 'kind' | 'subject' | 'audience' | 'status' | 'expires' | 'requests' | 'lastSeen' | 'findings';

export interface Column {
  id: ColumnId;
  label: string;
  /** Default width in px; the last visible column takes what is left. */
  width: number;
  /** Narrowest a drag may make it. */
  min: number;
  /** Lower numbers stay longest as the list gets narrow. */
  priority: number;
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'kind', label: 'Kind', width: 96, min: 60, priority: 0 },
  { id: 'subject', label: 'Subject', width: 140, min: 60, priority: 3 },
  { id: 'audience', label: 'Audience', width: 130, min: 60, priority: 2 },
  { id: 'status', label: 'Status', width: 150, min: 70, priority: 1 },
  { id: 'expires', label: 'Expires at', width: 150, min: 70, priority: 5 },
  { id: 'requests', label: 'Requests', width: 64, min: 40, priority: 6, numeric: true },
  { id: 'lastSeen', label: 'Last seen', width: 150, min: 70, priority: 4 },
  { id: 'findings', label: 'Findings', width: 160, min: 60, priority: 0 },
];

export interface SortOrder {
  column: ColumnId;
  dir: 'asc' | 'desc';
}
/** Newest first, as before the table had headers: the token a person just caused is the one they look for. */
export const DEFAULT_SORT: SortOrder = { column: 'lastSeen', dir: 'desc' };

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Who the token speaks for: a user (upn, unique_name…) and/or an app (appid, azp, an add-in's nameid or actor). */
export function subjectText(t: Pick<TokenReport, 'claims' | 'kind' | 'explain'>): string {
  const c = t.claims;
  if (!c) return '';
  const named = (claim: string) => {
    const p = t.explain.principals.find((x) => x.claim === claim);
    return p ? (p.name ?? p.principal) : null;
  };
  const appOnly = t.kind === 'add-in-only' || t.kind === 'app-only';
  const user =
    str(c.upn) ??
    str(c.unique_name) ??
    str(c.preferred_username) ??
    str(c.email) ??
    (t.kind === 'user+add-in' ? named('nameid') : null);
  const app = named('appid') ?? named('azp') ?? named('actor') ?? (appOnly ? (named('nameid') ?? str(c.sub)) : null);
  if (user && app && user !== app) return `${user} via ${app}`;
  return user ?? app ?? str(c.name) ?? str(c.sub) ?? str(c.nameid) ?? '';
}

const STATUS_RANK: Record<string, number> = { expired: 0, 'not-yet-valid': 1, unknown: 2, valid: 3, 'no-expiry': 4 };

function sortValue(t: TokenReport, column: ColumnId): string | number {
  switch (column) {
    case 'kind':
      return KIND_LABELS[t.kind];
    case 'subject':
      return subjectText(t).toLowerCase();
    case 'audience':
      return audienceText(t).toLowerCase();
    case 'status':
      // Worst first in ascending order; within a status, the one closest to (or longest past) expiry first.
      return STATUS_RANK[t.status]! * 1e16 + (t.times.exp?.epoch ?? 9e15) / 1e3;
    case 'expires':
      return t.times.exp?.epoch ?? Number.MAX_VALUE;
    case 'requests':
      return t.sightingCount;
    case 'lastSeen':
      return t.lastSeen ?? '';
    case 'findings': {
      return severityRank(worst(t.findings.map((f) => f.severity))) * 1000 + t.findings.length;
    }
  }
}

/** A stable sort: equal keys keep the report's order (first seen first). */
export function sortTokens(list: readonly TokenReport[], order: SortOrder): TokenReport[] {
  const keyed = list.map((t, i) => ({ t, i, k: sortValue(t, order.column) }));
  const sign = order.dir === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return c ? c * sign : a.i - b.i;
  });
  return keyed.map((x) => x.t);
}
