/**
 * What counts as a credential or a person's data by its name, and claims redacted at any depth. The one place that
 * applies these to a whole report, a URL or a line of text is src/core/find/redact.ts (it also knows the secret
 * rules); this file holds the names and the claims walk, which need nothing past the token layer.
 */
import type { Claims } from '../model/token.js';
import { MAX_JSON_DEPTH } from '../util/limits.js';
import { isPlainObject } from '../util/json.js';

/** The refresh token inside an ACS context token, and the signed actor token inside a high-trust token. */
export const CREDENTIAL_CLAIMS: ReadonlySet<string> = new Set([
  'refreshtoken',
  'actortoken',
  'refresh_token',
  'access_token',
  'id_token',
]);

/**
 * Names whose value is a credential wherever they stand: a URL's query or fragment parameter, a `name=value` pair in
 * quoted server text, a claim or a key inside one (lower-cased before the lookup). OAuth 2.0 and OpenID Connect
 * (RFC 6749, 7521, 7523, 8693, 8628, 7636), SAS and signed URLs (`sig`, `X-Amz-Signature`), and the usual API-key
 * and password spellings.
 */
export const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  ...CREDENTIAL_CLAIMS,
  'token',
  'client_secret',
  'code',
  'code_verifier',
  'device_code',
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'assertion',
  'client_assertion',
  'subject_token',
  'actor_token',
  'session_token',
  'auth_token',
  'authtoken',
  'key',
  'api_key',
  'apikey',
  'api-key',
  'access_key',
  'secret_key',
  'private_key',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-security-token',
  'x-goog-signature',
  'authorization',
]);

/**
 * Claims that name or locate a person (OpenID Connect Core §5.1; Entra ID's `upn`, `unique_name`, `ipaddr`,
 * `login_hint`): a shared report need not say who signed in. Kept in memory for the panel; left out of exports
 * unless raw values are asked for.
 */
const PERSONAL_CLAIMS: ReadonlySet<string> = new Set([
  'email',
  'emails',
  'upn',
  'unique_name',
  'name',
  'preferred_username',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'phone_number',
  'address',
  'ipaddr',
  'login_hint',
  'birthdate',
  'signin_name',
  'verified_primary_email',
  'verified_secondary_email',
]);

export function redacted(value: string): string {
  return `[redacted: ${value.length} characters]`;
}

/** Whether the value under this name is a credential (`personal`: or a person's data). */
function isSecretName(name: string, personal: boolean): boolean {
  const key = name.toLowerCase();
  return CREDENTIAL_NAMES.has(key) || (personal && PERSONAL_CLAIMS.has(key));
}

export interface ClaimsRedaction {
  /** Redact personal claims too, as exports do. */
  personal?: boolean;
  /** What becomes of every other string (the tokens and secrets inside free text); unchanged by default. */
  text?: (s: string) => string;
}

/** Longest string parsed as JSON to look inside it (an `appctx`, a JSON-encoded session): a token's own size. */
const MAX_JSON_STRING = 200_000;

/**
 * The claims with credential claims redacted, and with `personal` (exports) the personal claims too: the panel
 * shows who signed in, a shared report does not. Names count at any depth (`session.access_token`,
 * `user.email`, `emails: […]`) and inside strings that hold JSON (an `appctx`), where the string is written back
 * with its secrets replaced. A credential-named value that is not a string is walked, every string in it redacted;
 * numbers and booleans are kept (nothing to replay).
 */
export function redactClaims(
  claims: Claims | null,
  { personal = false, text = (s) => s }: ClaimsRedaction = {},
): Claims | null {
  if (!claims) return claims;
  const walk = (v: unknown, hidden: boolean, depth: number): unknown => {
    if (typeof v === 'string') {
      if (hidden) return redacted(v);
      const inner = jsonInside(v);
      if (inner !== undefined) {
        const out = walk(inner, false, depth + 1);
        return JSON.stringify(out) === JSON.stringify(inner) ? text(v) : JSON.stringify(out);
      }
      return text(v);
    }
    if (typeof v !== 'object' || v === null) return v;
    // Past the depth a person can read, nothing is kept that might be a secret.
    if (depth > MAX_JSON_DEPTH) return '[redacted: nested too deep]';
    if (Array.isArray(v)) return v.map((x) => walk(x, hidden, depth + 1));
    const out: Claims = {};
    for (const [k, x] of Object.entries(v)) {
      // defineProperty, not assignment: a claim named "__proto__" must stay a plain key.
      Object.defineProperty(out, k, {
        value: walk(x, hidden || isSecretName(k, personal), depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(claims, false, 0) as Claims;
}

/** The object or array a string holds as JSON, or undefined. */
function jsonInside(s: string): unknown {
  if (s.length > MAX_JSON_STRING || !/^\s*[[{]/.test(s)) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    return isPlainObject(v) || Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
