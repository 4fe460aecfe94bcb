/**
 * `cookie-leak` graded by what the `Set-Cookie` header said. A cookie without `HttpOnly` is readable by every
 * script on the site (one XSS takes it); one without `Secure` also travels over plain HTTP. Microsoft's guidance
 * for SharePoint add-ins allows caching context and refresh tokens in a cookie, but only a protected one; an access
 * token does not belong in a cookie at all.
 */
import type { Classification } from '../model/token.js';
import type { Entry } from '../model/entry.js';
import { entriesOf, type Finding } from '../model/findings.js';
import type { Evidence } from '../model/evidence.js';
import { ANTI_FORGERY_NAME, antiForgeryClaims } from '../token/anti-forgery.js';

export interface CookieFlags {
  httpOnly: boolean;
  secure: boolean;
}

/** The attributes a `Set-Cookie` header of this entry gave the cookie `name`, or null when none set it. */
export function setCookieFlags(entry: Entry, name: string): CookieFlags | null {
  const set = entry.setCookies.find((c) => c.name === name);
  return set ? { httpOnly: set.httpOnly, secure: set.secure } : null;
}

/**
 * The cookies that hold the token as a credential: none when the token is an anti-forgery token (by its payload),
 * else those not named for one. The same rule keeps CSRF headers from being taken for credentials (find/locate.ts).
 */
export function credentialCookies(claims: Record<string, unknown> | null, cookies: Evidence[]): Evidence[] {
  if (antiForgeryClaims(claims)) return [];
  return cookies.filter((c) => !ANTI_FORGERY_NAME.test(c.name));
}

export function cookieLeak(cls: Classification, what: string, cookies: Evidence[]): Finding {
  const entries = entriesOf(cookies);
  const benign = cls.type === 'context' || cls.type === 'refresh';
  const names = [...new Set(cookies.map((c) => c.name))].join(', ');
  const set = cookies.filter((c) => c.httpOnly !== undefined);
  const readable = set.some((c) => c.httpOnly === false);
  const insecure = set.some((c) => c.secure === false);
  const missing = [readable && 'HttpOnly', insecure && 'Secure'].filter(Boolean).join(' and ');
  const scripts = !set.length
    ? ' The capture holds no Set-Cookie for it, so whether scripts can read it is not known.'
    : readable
      ? ' Scripts can read it: its Set-Cookie has no HttpOnly.'
      : ' Scripts cannot read it (HttpOnly).';
  const plain = insecure ? ' Without Secure it is also sent over plain HTTP.' : '';
  if (benign) {
    return {
      code: 'cookie-leak',
      severity: missing ? 'warning' : 'info',
      message: `This ${what} is kept in a cookie (${names}).${scripts}${plain} SharePoint's guidance allows client-side caching of context and refresh tokens; ${missing ? `add ${missing} to the cookie (and SameSite)` : 'keep the cookie Secure, HttpOnly and SameSite'}.`,
      ...entries,
    };
  }
  return {
    code: 'cookie-leak',
    severity: 'error',
    message: `This ${what} is kept in a cookie (${names}), where every request to the site carries it.${scripts}${plain} Microsoft's guidance: never store an access token in a cookie; keep it on the server (session state) and give the browser only a session cookie.`,
    ...entries,
  };
}
