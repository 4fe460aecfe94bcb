/** The parts of a token's claims that need unpacking before a person can read them. */
import type { Claims } from '../model/token.js';
import { isPlainObject } from '../util/json.js';
import { splitPrincipal } from './principals.js';
import type { AppContext, Explanation } from '../model/token.js';

/** Claims whose values are principals in SharePoint's `principal/host@realm` form (or a plain ID / URL). */
const PRINCIPAL_CLAIMS = ['aud', 'iss', 'actor', 'appctxsender', 'nameid', 'identityprovider', 'appid', 'azp'] as const;

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
    for (const s of values)
      if (typeof s === 'string' && s.length <= 2048) principals.push({ claim, ...splitPrincipal(s) });
  }
  return { principals, appctx: Object.hasOwn(claims, 'appctx') ? readAppContext(claims.appctx) : null };
}
