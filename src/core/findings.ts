/**
 * Every finding Bearerscope reports: its stable code, its severity, and what it tells the user to do.
 * Codes are part of the report format (CI gates and scripts match on them): never rename one.
 */

export type Severity = 'info' | 'warning' | 'error';

export type TokenFindingCode =
  | 'expired'
  | 'expired-when-sent'
  | 'not-yet-valid'
  | 'no-expiry'
  | 'unsigned'
  | 'malformed'
  | 'cookie-leak'
  | 'url-leak'
  | 'rejected'
  | 'audience-mismatch'
  | 'long-lifetime'
  | 'storage-exposure';

export type ReportFindingCode = 'clock-skew' | 'client-secret-in-browser' | 'oauth-error' | 'secret-in-browser';
export type FindingCode = TokenFindingCode | ReportFindingCode;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** The entries (HAR indices) the finding is about, first ones first. */
  entries: number[];
}

/** A report-level finding names the one entry it comes from. */
export interface ReportFinding {
  code: ReportFindingCode;
  severity: Severity;
  message: string;
  /** The HAR entry, or -1 for what was read from the page's storage (`place` then says where). */
  entry: number;
  place?: string;
  /** clock-skew only: the host whose fresh responses show it, the median skew (server minus local) and how many agree. */
  clockSkew?: { host: string; skewMs: number; agreeing: number; responses: number };
}

/** One-line explanations, for the panel's legend and the README. */
export const FINDING_TITLES: Readonly<Record<FindingCode, string>> = {
  expired: 'Expired now',
  'expired-when-sent': 'Already expired when it was sent',
  'not-yet-valid': 'Not yet valid (nbf in the future)',
  'no-expiry': 'Never expires (no exp claim)',
  unsigned: 'Unsigned (alg: none)',
  malformed: 'Looks like a JWT but cannot be read',
  'cookie-leak': 'Stored in a cookie',
  'url-leak': 'Sent in a URL',
  rejected: 'A request carrying it was refused (401/403)',
  'audience-mismatch': 'Sent to a host its audience does not name',
  'long-lifetime': 'Lives far longer than its issuer normally allows',
  'clock-skew': 'Local clock differs from the server’s',
  'client-secret-in-browser': 'A client secret was sent from the browser',
  'oauth-error': 'An OAuth error came back in a redirect',
  'storage-exposure': 'Kept where any script on the page can read it',
  'secret-in-browser': 'A server-side secret or API key was in the browser',
};

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

export function worst(severities: Iterable<Severity>): Severity | null {
  let out: Severity | null = null;
  for (const s of severities) if (out === null || RANK[s] > RANK[out]) out = s;
  return out;
}

export function bySeverity<T extends { severity: Severity }>(a: T, b: T): number {
  return RANK[b.severity] - RANK[a.severity];
}
