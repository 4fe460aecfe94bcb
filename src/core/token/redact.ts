/**
 * Redaction for exports and copies. The raw token is left out by the report itself unless asked for; here go
 * the claims whose values are credentials in their own right, so a shared report cannot be replayed.
 */
import type { Claims } from '../model/token.js';

/** The refresh token inside an ACS context token, and the signed actor token inside a high-trust token. */
export const CREDENTIAL_CLAIMS: ReadonlySet<string> = new Set(['refreshtoken', 'actortoken', 'refresh_token', 'access_token', 'id_token']);

/**
 * Claims that name a person (OpenID Connect Core §5.1; Entra ID's `upn` and `unique_name`): a shared report
 * need not say who signed in. Kept in memory for the panel; left out of exports unless raw values are asked for.
 */
export const PERSONAL_CLAIMS: ReadonlySet<string> = new Set(['email', 'upn', 'unique_name', 'name', 'preferred_username', 'given_name', 'family_name']);

export function redacted(value: string): string {
  return `[redacted: ${value.length} characters]`;
}

/**
 * The claims with credential claims redacted, and with `personal` (exports) the personal claims too: the panel
 * shows who signed in, a shared report does not.
 */
export function redactClaims(claims: Claims | null, { personal = false }: { personal?: boolean } = {}): Claims | null {
  if (!claims) return claims;
  const out: Claims = {};
  for (const [k, v] of Object.entries(claims)) {
    // defineProperty, not assignment: a claim named "__proto__" must stay a plain key.
    const key = k.toLowerCase();
    const value = (CREDENTIAL_CLAIMS.has(key) || (personal && PERSONAL_CLAIMS.has(key))) && typeof v === 'string' ? redacted(v) : v;
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
