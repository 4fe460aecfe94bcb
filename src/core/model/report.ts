/** The report: what `bearerscope scan --json` prints and what the panel exports. Documented in the README. */
import type { Claims, Format } from './token.js';
import type { Classification } from './token.js';
import type { Explanation } from './token.js';
import type { Finding, ReportFinding } from './findings.js';
import type { RequestPlace, StorageArea } from './places.js';
import type { Status, Times, Validity } from './token.js';

export const REPORT_VERSION = 1;

interface SightingBase {
  /** The HAR file it came from, when several were scanned together. */
  file?: string;
  /** The request's `startedDateTime`, as captured; for storage, the moment storage was read. */
  time: string | null;
  /** The request's URL; for storage, the page's. */
  url: string;
  /** Header, form field, cookie or parameter name; for storage, the key or cookie name. */
  name: string;
  /** Whether the token was valid at the moment this request was sent (for storage: when storage was read). */
  validityWhenSent: Validity;
}

/** A request or its response that held the token. */
export interface RequestSighting extends SightingBase {
  kind: 'request';
  /** 0-based index in the HAR's `log.entries` (messages and the panel count from 1, as HAR viewers do). */
  entry: number;
  method: string;
  /** Response status, 0 when there was none. */
  status: number;
  where: RequestPlace;
  /** The Authorization scheme it came with (`Bearer`, `DPoP`, `JWT` …), when there was one. */
  scheme?: string;
  /** The answer was a step of the protocol, not a refusal: a DPoP nonce challenge (RFC 9449 §9). */
  step?: 'dpop-nonce';
}

/** A read of the page's storage that found the token. */
export interface StorageSighting extends SightingBase {
  kind: 'storage';
  where: StorageArea;
  /**
   * Always -1, '' and 0: report version 1 gives every sighting these fields, and a storage read has none of them.
   * Code tells the two apart by `kind`.
   */
  entry: -1;
  method: '';
  status: 0;
  /** The path in the key's JSON value. */
  path?: string;
  /** The library whose cache held it: MSAL.js, Auth0 SPA SDK, Okta Auth JS. */
  library?: string;
  /** MSAL.js v4+: the entry was encrypted, and readable with the key in a script-readable cookie. */
  encrypted?: boolean;
  /** MSAL.js: the credential entity's `target` (as `scopes`), `clientId` and `homeAccountId`. */
  cache?: { scopes?: string; clientId?: string; homeAccountId?: string };
}

export type Sighting = RequestSighting | StorageSighting;

/** A token nested in another: the signed actor token inside a SharePoint high-trust access token. */
export interface InnerToken extends Omit<Classification, 'clientAuth'> {
  claim: string;
  format: Format;
  header: Claims | null;
  claims: Claims | null;
  times: Times;
  error: string | null;
}

/** A token as reported: its classification (family, type, policy, kind, clientAuth) and what was seen of it. */
export interface TokenReport extends Classification {
  /** First 16 hex digits of the SHA-256 of the raw token: stable, and safe to share. */
  id: string;
  format: Format;
  header: Claims | null;
  claims: Claims | null;
  /** Why a JWT-looking token could not be read. */
  error: string | null;
  times: Times;
  status: Status;
  /** "expires in 41 min", "expired 3 h ago", at the report's `now`. */
  statusText: string;
  explain: Explanation;
  inner: InnerToken | null;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The first and last sightings (a capped number of each); `sightingCount` counts them all. */
  sightings: Sighting[];
  sightingCount: number;
  findings: Finding[];
  /** The raw token: only when the user asked for it (`--reveal`, "include raw tokens"). */
  raw?: string;
  /** Its signature, checked against keys seen in the traffic (kept apart from time validity). */
  signature: SignatureInfo;
  /** DPoP proofs or Microsoft PoP signed requests that were sent with it, each with its checks: the first 20 are kept. */
  proofs: ProofReport[];
  /** How many proofs were sent with it, when more than `proofs` holds: every one of them is judged in `findings`. */
  proofsSent?: number;
  /** Refresh lineage, when seen (see `Lineage`). */
  issuedBy?: Lineage['issuedBy'];
  replacedAt?: Lineage['replacedAt'];
  reusedAfterReplace?: Lineage['reusedAfterReplace'];
}

/**
 * `verified` / `invalid`: checked with a key of the token's issuer (SECURITY.md, "What verified means");
 * `untrusted-key`: it verifies, but only with a key that is not tied to its issuer, which anyone could have served.
 */
type SignatureStatus = 'verified' | 'invalid' | 'untrusted-key' | 'no-key' | 'unsigned' | 'not-checked';

export interface SignatureInfo {
  status: SignatureStatus;
  /** The `kid` (or `x5t`) the token names. */
  kid: string | null;
  /** Where the key came from: a JWKS URL, "x5c in the header of token …", or "pasted". */
  source: string | null;
  /** The entry (HAR index) the key came from. */
  entry: number | null;
  /** With several HAR files read together: the file `entry` counts within. */
  file?: string;
  /** One sentence: why this status ("RS256 with key … from …", "Graph access tokens carry a header nonce…"). */
  reason: string;
}

/** One check of a proof of possession: passed (true), failed (false), or not judged (null, with the reason). */
export interface ProofCheck {
  name: string;
  ok: boolean | null;
  detail: string;
}

export interface ProofReport {
  /** `dpop`: RFC 9449 proof in a DPoP header; `pop`: Microsoft's signed HTTP request (Authorization: PoP). */
  kind: 'dpop' | 'pop';
  entry: number;
  /** With several HAR files read together: the file `entry` counts within. */
  file?: string;
  method: string;
  url: string;
  header: Claims | null;
  claims: Claims | null;
  /** RFC 7638 thumbprint of the proof's public key. */
  thumbprint: string | null;
  checks: ProofCheck[];
}

/** Where a token came from and what became of it, from the token responses in the capture (optional report fields). */
export interface Lineage {
  /** The token response (its entry) that issued this token, and the refresh token its request sent, if any. */
  issuedBy: { entry: number; time: string | null; refreshTokenId?: string };
  /** A refresh token: the response that issued the refresh token that replaced it (`by`). */
  replacedAt: { entry: number; time: string | null; by: string };
  /** A refresh token sent again after it was replaced: the first such request. */
  reusedAfterReplace: { entry: number; time: string | null };
}

export interface Report {
  tool: 'bearerscope';
  reportVersion: number;
  /** The moment statuses were judged at (ISO 8601). */
  now: string;
  entries: number;
  tokens: TokenReport[];
  findings: ReportFinding[];
  /** Notes on the input itself: entries that could not be read, a body too large to search. */
  notes: string[];
}
