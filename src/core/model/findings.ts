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
  | 'storage-exposure'
  | 'signature-invalid'
  | 'signature-untrusted-key'
  | 'at-jwt-claims-missing'
  | 'alg-confusion'
  | 'header-key-injection'
  | 'kid-suspicious'
  | 'crit-unknown'
  | 'b64-false'
  | 'dpop-invalid'
  | 'dpop-replayed'
  | 'dpop-unbound'
  | 'dpop-downgrade'
  | 'pop-invalid'
  | 'refresh-reused'
  | 'id-token-as-bearer';

export type ReportFindingCode =
  | 'clock-skew'
  | 'client-secret-in-browser'
  | 'oauth-error'
  | 'idp-error'
  | 'secret-in-browser'
  | 'capture-stripped'
  | 'login-redirect'
  | 'pkce-missing'
  | 'pkce-plain'
  | 'state-mismatch'
  | 'nonce-mismatch'
  | 'implicit-grant'
  | 'password-grant'
  | 'redirect-uri-mismatch';
export type FindingCode = TokenFindingCode | ReportFindingCode;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** The entries (HAR indices) the finding is about, first ones first. */
  entries: number[];
  /** With several HAR files read together: the file of each of `entries` (which count within their file). */
  files?: string[];
  /**
   * A report-level finding (one of `Report.findings`, whose `token` names this token) repeated on the token it
   * concerns, so its row shows it. Counts and outputs that list both take it once, from `Report.findings`.
   */
  linked?: true;
}

/** A token's own findings: without the report-level ones repeated on it (`linked`), which are counted at report level. */
export function ownFindings<T extends Pick<Finding, 'linked'>>(findings: readonly T[]): T[] {
  return findings.filter((f) => !f.linked);
}

/** `entries` (at most 20) and, when any came from a named file, `files` beside them, for a finding. */
export function entriesOf(list: ReadonlyArray<{ entry: number; file?: string }>): Pick<Finding, 'entries' | 'files'> {
  const kept = list.slice(0, 20);
  const entries = kept.map((x) => x.entry);
  return kept.some((x) => x.file !== undefined) ? { entries, files: kept.map((x) => x.file ?? '') } : { entries };
}

/** A report-level finding names the one entry it comes from (its 0-based index in `log.entries`). */
export interface ReportFinding {
  code: ReportFindingCode;
  severity: Severity;
  message: string;
  /** The HAR entry, or -1 for what was read from the page's storage (`place` then says where). */
  entry: number;
  place?: string;
  /** clock-skew only: the host whose fresh responses show it, the median skew (server minus local) and how many agree. */
  clockSkew?: { host: string; skewMs: number; agreeing: number; responses: number };
  /** With several HAR files read together: the file the entry is in (`entry` counts within it). */
  file?: string;
  /** A finding that spans several requests (an OAuth flow's authorize, redirect and token requests): all of them, `entry` first. */
  entries?: number[];
  /**
   * The token the finding concerns (its id, one of the report's tokens): the refresh token a failed token request
   * sent, the bearer an API call carried, the token whose value is the secret. That token's `findings` repeat it.
   */
  token?: string;
  /** idp-error and oauth-error: the server's error, as it said it. */
  serverError?: ServerError;
  /** secret-in-browser: what the secret is (`Stripe live secret key`, `Google API key`, `HTTP Basic credentials`). */
  provider?: string;
}

/** An error an identity provider or a resource answered with, quoted as it came (masked), and where to look it up. */
export interface ServerError {
  /** `AADSTS700084`, `x-ms-diagnostics 3000003`, or the OAuth `error` (`invalid_grant`). */
  key: string;
  /** Where it was read: a token endpoint's JSON, a redirect, an error page, a response header. */
  source: 'token-response' | 'redirect' | 'error-page' | 'x-ms-diagnostics' | 'www-authenticate';
  /** The server's own text, JWTs masked, cut to a few hundred characters. */
  text: string;
  traceId?: string;
  correlationId?: string;
  timestamp?: string;
  /** Microsoft's lookup page for an AADSTS code. */
  link?: string;
}

/** What the OAuth flow audit (checks/oauth-flow.ts) can find: each spans the requests of one sign-in. */
export const FLOW_AUDIT_CODES = [
  'pkce-missing',
  'pkce-plain',
  'state-mismatch',
  'nonce-mismatch',
  'implicit-grant',
  'password-grant',
  'redirect-uri-mismatch',
] as const satisfies readonly FindingCode[];

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
  'signature-invalid': 'Signature does not match the issuer’s key',
  'signature-untrusted-key': 'Signed by a key that is not the issuer’s',
  'at-jwt-claims-missing': 'JWT access token (RFC 9068) lacks required claims',
  'alg-confusion': 'HMAC algorithm where the issuer signs with a public key',
  'header-key-injection': 'Header names its own key or a key URL',
  'kid-suspicious': 'kid holds path or quote characters',
  'crit-unknown': 'Header marks unknown extensions as critical',
  'b64-false': 'Unencoded payload (b64: false)',
  'dpop-invalid': 'DPoP proof fails a check',
  'dpop-replayed': 'DPoP proof replayed',
  'dpop-unbound': 'Token not bound to the DPoP proof’s key',
  'dpop-downgrade': 'DPoP-bound token sent as Bearer',
  'pop-invalid': 'PoP signed request fails a check',
  'refresh-reused': 'A replaced refresh token was sent again',
  'id-token-as-bearer': 'An ID token was sent as a bearer token to an API',
  'clock-skew': 'The capturing machine’s clock differs from the servers’',
  'client-secret-in-browser': 'A client secret was sent from the browser',
  'oauth-error': 'An OAuth error came back from a sign-in or token request',
  'idp-error': 'Microsoft Entra or SharePoint answered with an error code',
  'storage-exposure': 'Kept where any script on the page can read it',
  'secret-in-browser': 'A server-side secret or API key was in the browser',
  'capture-stripped': 'The capture was stripped of its credentials',
  'login-redirect': 'An API call was redirected to a sign-in page',
  'pkce-missing': 'Authorization code flow without PKCE',
  'pkce-plain': 'PKCE with the plain method',
  'state-mismatch': 'The sign-in redirect’s state is not the one sent',
  'nonce-mismatch': 'The ID token’s nonce is not the one sent',
  'implicit-grant': 'Implicit grant: tokens returned in the redirect',
  'password-grant': 'Password grant (ROPC): the app handled the user’s password',
  'redirect-uri-mismatch': 'redirect_uri differs between authorize and token requests',
};

/** The one order of severities, mildest first: --fail-on, report sorting and the panel's findings column all read it. */
const RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

/** A severity's place in that order; 0 for none, so a token without findings sorts below one with an info. */
export const severityRank = (severity: Severity | null): number => (severity ? RANK[severity] : 0);

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
