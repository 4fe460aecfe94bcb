/**
 * Anti-forgery (CSRF) tokens: no credential on their own. A double-submit design (OWASP CSRF Prevention Cheat
 * Sheet, "Signed Double-Submit Cookie") puts the same or a paired value in a cookie scripts can read and in a
 * header the page's script copies it to; a replayed one proves nothing without the session it is bound to. Some
 * sign it as a JWT (PayPal's `x-csrf-jwt`, whose cookie and header halves say `{"type":"cookie"}` and
 * `{"type":"header"}`), which is why it looks like a token at all.
 */

/** Header, cookie and field names of anti-forgery tokens (`X-CSRF-Token`, `XSRF-TOKEN`, `__RequestVerificationToken`, `x-csrf-jwt`). */
export const ANTI_FORGERY_NAME = /csrf|xsrf|request-?verification/i;

/** A JWT payload that describes an anti-forgery token: the double-submit halves' `type`, or a claim named for CSRF. */
export function antiForgeryClaims(claims: Record<string, unknown> | null): boolean {
  if (!claims) return false;
  if (claims.type === 'cookie' || claims.type === 'header')
    return !('scp' in claims || 'scope' in claims || 'roles' in claims);
  return Object.keys(claims).some((k) => ANTI_FORGERY_NAME.test(k));
}
