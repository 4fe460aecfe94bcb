/** The parts of a token's claims that need unpacking before a person can read them. */
import type { Claims } from './decode.js';
import { isPlainObject } from './json.js';
import { type PrincipalRef, splitPrincipal } from './principals.js';

/** Claims whose values are principals in SharePoint's `principal/host@realm` form (or a plain ID / URL). */
const PRINCIPAL_CLAIMS = ['aud', 'iss', 'actor', 'appctxsender', 'nameid', 'identityprovider', 'appid', 'azp'] as const;

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

function readAppContext(value: unknown): AppContext {
  let fields: unknown = value;
  if (typeof value === 'string') {
    try {
      fields = JSON.parse(value);
    } catch {
      return { cacheKey: null, securityTokenServiceUri: null, fields: null, error: 'appctx is not valid JSON' };
    }
  }
  if (!isPlainObject(fields)) {
    return { cacheKey: null, securityTokenServiceUri: null, fields: null, error: 'appctx is not a JSON object' };
  }
  const f: Claims = fields;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { cacheKey: str(f.CacheKey), securityTokenServiceUri: str(f.SecurityTokenServiceUri), fields: f, error: null };
}

export function explain(claims: Claims | null): Explanation {
  if (!claims) return { principals: [], appctx: null };
  const principals: Explanation['principals'] = [];
  for (const claim of PRINCIPAL_CLAIMS) {
    if (!Object.hasOwn(claims, claim)) continue;
    const v = claims[claim];
    const values = Array.isArray(v) ? v : [v];
    for (const s of values) if (typeof s === 'string' && s.length <= 2048) principals.push({ claim, ...splitPrincipal(s) });
  }
  return { principals, appctx: Object.hasOwn(claims, 'appctx') ? readAppContext(claims.appctx) : null };
}
