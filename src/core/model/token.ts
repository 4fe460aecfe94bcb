/** What a token is once read: its parts, its kind, its times. Types only: the rules that fill them live in src/core/token. */
import type { Role } from './places.js';

export type Claims = Record<string, unknown>;

export type Format = 'jwt' | 'jwe' | 'opaque';

export interface Decoded {
  format: Format;
  header: Claims | null;
  claims: Claims | null;
  /** Why a token that looks like a JWT could not be read ("invalid json for part #2 …"). */
  error: string | null;
}

export type Family = 'sharepoint-acs' | 'sharepoint-high-trust' | 'entra-id' | 'microsoft-account' | 'other';

export type TokenType = 'access' | 'context' | 'refresh' | 'id' | 'unknown';

export type Policy = 'user+add-in' | 'add-in-only' | 'delegated' | 'app-only' | null;

/** The one label a person scans a list for. */
export type Kind =
  | 'user+add-in'
  | 'add-in-only'
  | 'context'
  | 'delegated'
  | 'app-only'
  | 'id'
  | 'refresh'
  | 'access'
  | 'encrypted'
  | 'opaque'
  | 'unknown';

/** How the client proved itself to Entra ID (`appidacr` in v1 tokens, `azpacr` in v2). */
export type ClientAuth = 'public-client' | 'client-secret' | 'certificate' | null;

export interface Classification {
  family: Family;
  type: TokenType;
  policy: Policy;
  kind: Kind;
  clientAuth: ClientAuth;
}

/** What the sightings say about a token, beyond its own contents. */
export interface SeenAs {
  roles: ReadonlySet<Role>;
  /** Hosts of the token endpoints whose responses carried it. */
  responseHosts: ReadonlySet<string>;
}

export interface TimeValue {
  /** Seconds since 1970-01-01T00:00:00Z, as in the token. */
  epoch: number;
  /** ISO 8601 in UTC, or null when the value is outside what a date can hold. */
  utc: string | null;
}

export interface Times {
  iat?: TimeValue;
  nbf?: TimeValue;
  exp?: TimeValue;
  /**
   * Where `exp` came from when the token itself has none: an OAuth response's `expires_in` / `expires_on`, or the
   * expiry a library's storage cache recorded for it (MSAL's `expiresOn`, Auth0's and Okta's `expiresAt`).
   */
  expSource?: 'claim' | 'token-response' | 'cache';
  /** A time claim is not a number, or looks like milliseconds: no status can be told from these times. */
  malformed?: true;
}

export type Status = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'unknown';

export type Validity = 'valid' | 'expired' | 'not-yet-valid' | 'unknown';

export interface PrincipalRef {
  /** The value as it stands in the token. */
  raw: string;
  principal: string;
  /** The host after `/`, for an audience (`00000003-…/contoso.sharepoint.com@realm`). */
  host: string | null;
  /** The realm (tenant or farm GUID) after `@`. */
  realm: string | null;
  /** A name for a well-known principal. */
  name: string | null;
}

export interface AppContext {
  /** The opaque key SharePoint gives an add-in for its token cache ("Understand the cache key" in
   * https://learn.microsoft.com/en-us/sharepoint/dev/sp-add-ins/handle-security-tokens-in-provider-hosted-low-trust-sharepoint-add-ins). */
  cacheKey: string | null;
  securityTokenServiceUri: string | null;
  /** Every field of `appctx`, or null when it is not a JSON object. */
  fields: Claims | null;
  error: string | null;
}

export interface Explanation {
  principals: Array<{ claim: string } & PrincipalRef>;
  appctx: AppContext | null;
}
