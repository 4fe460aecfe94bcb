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
  /** Narrowest a drag, or a narrow list, may make it. */
  min: number;
  /** Lower numbers stay longest, and keep their width longest, as the list gets narrow. */
  priority: number;
  numeric?: boolean;
  /** Always shown, at its full width: the column chooser offers no way to hide it. */
  fixed?: boolean;
}

// Kind is read at a glance and its words are the distinction ("user+add-in" against "add-in-only"): never cut.
// Its width holds the longest label at the row's 11 px font, with the badge's padding and the cell's.
export const COLUMNS: readonly Column[] = [
  { id: 'kind', label: 'Kind', width: 100, min: 100, priority: 0, fixed: true },
  { id: 'subject', label: 'Subject', width: 150, min: 90, priority: 2 },
  { id: 'audience', label: 'Audience', width: 130, min: 70, priority: 4 },
  { id: 'status', label: 'Validity', width: 140, min: 80, priority: 3 },
  { id: 'expires', label: 'Expires at', width: 140, min: 70, priority: 6 },
  { id: 'requests', label: 'Requests', width: 70, min: 44, priority: 7, numeric: true },
  { id: 'lastSeen', label: 'Last seen', width: 140, min: 70, priority: 5 },
  { id: 'findings', label: 'Findings', width: 240, min: 90, priority: 1 },
];

export interface ColumnLayout {
  columns: Column[];
  /** Each shown column's width in px; the last is the least it gets (it takes what is left). */
  widths: number[];
}

/**
 * The columns shown in `width` px and their widths. The user's hidden columns go first; then, as the list narrows,
 * the least important columns shrink to their minimum one by one, and only when every minimum is too wide does
 * the least important column go. Kind, Findings and Subject go last; Kind never shrinks.
 */
export function layoutColumns(
  width: number,
  widths: Partial<Record<ColumnId, number>>,
  hidden: readonly ColumnId[] = [],
): ColumnLayout {
  const wanted = (c: Column) => Math.max(c.min, widths[c.id] ?? c.width);
  const cols = COLUMNS.filter((c) => c.fixed || !hidden.includes(c.id));
  const sum = (f: (c: Column) => number) => cols.reduce((a, c) => a + f(c), 0);
  const leastFirst = () => [...cols].sort((a, b) => b.priority - a.priority);
  while (cols.length > 2 && sum((c) => c.min) > width) {
    const drop = leastFirst().find((c) => !c.fixed)!;
    cols.splice(cols.indexOf(drop), 1);
  }
  const px = new Map(cols.map((c) => [c.id, wanted(c)]));
  let over = sum(wanted) - width;
  for (const c of leastFirst()) {
    if (over <= 0 || width <= 0) break;
    const cut = Math.min(over, px.get(c.id)! - c.min);
    px.set(c.id, px.get(c.id)! - cut);
    over -= cut;
  }
  return { columns: cols, widths: cols.map((c) => px.get(c.id)!) };
}

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
    (t.kind === 'user+add-in' ? named('nameid') : null) ??
    // A delegated token without upn (a guest, a personal account) still names its user, before any app id.
    (appOnly ? null : str(c.name));
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
