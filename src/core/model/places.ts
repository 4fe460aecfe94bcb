/** Where a token can be: the places in a request or response, the page storage a snapshot reads, and which of them the request sent. */

export type Where =
  | 'authorization-header'
  /** Any other request header: `X-Auth-Token`, `apikey`, a JWT in `X-Ms-Token-Aad-Id-Token` … */
  | 'header'
  | 'form-field'
  | 'response-body'
  | 'cookie'
  | 'set-cookie'
  | 'query'
  | 'request-body'
  | StorageArea;

/** The places in a request or its response. */
export type RequestPlace = Exclude<Where, StorageArea>;

/** The places where the request carried the token out; the others (a response body, Set-Cookie, storage) brought it in or kept it. */
const SENT: ReadonlySet<Where> = new Set<Where>([
  'authorization-header',
  'header',
  'form-field',
  'cookie',
  'query',
  'request-body',
]);

/** Whether a token found here was sent by the request: what a use, a rejection or a tick on the timeline counts. */
export function sentByRequest(where: Where): boolean {
  return SENT.has(where);
}

/** What a field's name says its token is: `SPAppToken` holds a context token, `refresh_token` a refresh token. */
export type Role = 'access' | 'id' | 'refresh' | 'context' | null;

export interface Candidate {
  raw: string;
  where: RequestPlace;
  /** Header, field, cookie or parameter name. */
  name: string;
  role: Role;
  /** Expiry an OAuth token response gave for an access token (epoch seconds), for tokens that carry none. */
  expiresAt?: number;
  /** The `Authorization` scheme it came with (`Bearer`, `DPoP`, `JWT` …), as sent. */
  scheme?: string;
}

/** The page storage a snapshot reads. The type is read from this list, so a test can walk every area. */
export const STORAGE_AREAS = ['local-storage', 'session-storage', 'script-cookie'] as const;

export type StorageArea = (typeof STORAGE_AREAS)[number];

/** A storage area in the words of each surface that names it. */
export interface AreaWords {
  /** What a script reads it through: a secret's place ("localStorage key …"), a sighting's Where column. */
  api: string;
  /** A row's chip, where room is short: "sessionStorage + JS cookie". */
  chip: string;
  /** Where the `storage-exposure` message says the token is kept ("kept in … under key …"). */
  kept: string;
}

/** Each storage area once, with every wording users see for it. */
export const AREA_WORDS: Readonly<Record<StorageArea, AreaWords>> = {
  'local-storage': { api: 'localStorage', chip: 'localStorage', kept: 'localStorage' },
  'session-storage': { api: 'sessionStorage', chip: 'sessionStorage', kept: 'sessionStorage' },
  'script-cookie': {
    api: 'document.cookie',
    chip: 'JS cookie',
    kept: 'a cookie scripts can read (document.cookie)',
  },
};

export type Library = 'MSAL.js' | 'Auth0 SPA SDK' | 'Okta Auth JS';

export interface StorageCandidate {
  raw: string;
  where: StorageArea;
  /** Storage key or cookie name. */
  key: string;
  /** Where in the key's JSON value the token sits (`body.access_token`), '' for the value itself. */
  path: string;
  role: Role;
  library: Library | null;
  /** Expiry the cache itself records (epoch seconds), for tokens that carry none. */
  expiresAt?: number;
  /** MSAL v4+: the entry was encrypted, and decrypted with the key from the script-readable cookie. */
  encrypted?: boolean;
  /** What an MSAL credential entity says beside the token: `target` (scopes), `clientId`, `homeAccountId`. */
  cache?: CacheFields;
}

export interface CacheFields {
  scopes?: string;
  clientId?: string;
  homeAccountId?: string;
}

export interface StorageScan {
  url: string;
  time: string;
  candidates: StorageCandidate[];
  /** Every item read, for the secret rules (src/core/find/secrets.ts). */
  items: Array<{ where: StorageArea; key: string; value: string }>;
  notes: string[];
}
