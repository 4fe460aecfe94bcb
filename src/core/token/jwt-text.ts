/**
 * What counts as a JWT, as a whole value and inside longer text: the one definition behind finding tokens
 * (find/locate, find/storage), decoding them (decode), redacting storage keys (find/secrets) and masking URLs in the
 * panel, so that nothing is listed as a token that another place would print. Says nothing about whether a token
 * can be read: decode does that.
 */
import { MAX_TOKEN_CHARS, MAX_TOKENS_IN_TEXT } from '../util/limits.js';

// A JWS (three parts) or JWE (five) in compact form whose header is base64url JSON: `ey` is `{"` or `{ `.
const JWS = /^ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const JWE = /^ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A whole value in JWT form (header `ey…`, three or five base64url parts), no longer than MAX_TOKEN_CHARS. */
export function looksLikeJwt(s: string): boolean {
  return s.length <= MAX_TOKEN_CHARS && (JWS.test(s) || JWE.test(s));
}

/**
 * A JWT inside text (group 1): a JWS, whose header and payload are both base64url JSON (`ey`), or a JWE, whose
 * header is and whose other four parts are not. It starts a run of base64url characters, or follows a `-` or `_`
 * inside one (`msal-eyJ…`, `token_eyJ…`).
 *
 * Linear on hostile text (a 240 KB header of "eyJ-ey-" repeated): the lookbehind lets a match start only where a
 * run starts, so each run is tried once, not once per "ey" in it; the lookahead checks once that the run is followed
 * by a payload (or a JWE's four parts) before any start inside it is tried; and a start inside the run is taken
 * lazily, so the first one with a long enough header wins without rescanning the run.
 */
const IN_TEXT =
  /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*\.(?:ey[A-Za-z0-9_-]{4,}\.|[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]))(?:[A-Za-z0-9_-]*?[-_])??(ey[A-Za-z0-9_-]{8,}\.(?:ey[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?|[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+))/g;

/** The JWTs in free text, first ones first, at most MAX_TOKENS_IN_TEXT. */
export function jwtsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IN_TEXT)) {
    if (out.length >= MAX_TOKENS_IN_TEXT) break;
    const jwt = m[1] ?? '';
    if (looksLikeJwt(jwt)) out.push(jwt);
  }
  return out;
}

/** `text` with every JWT in it replaced by what `replace` makes of it; the text around each is kept as it is. */
export function maskJwts(text: string, replace: (jwt: string) => string): string {
  return text.replace(IN_TEXT, (m: string, jwt: string) => m.slice(0, m.length - jwt.length) + replace(jwt));
}
