/**
 * Hashes that name keys and tokens, computed synchronously so the analyzer can compare them as entries arrive:
 * the RFC 7638 JWK thumbprint (DPoP `cnf.jkt`, MSAL's PoP key id), a certificate's `x5t` (SHA-1 of its DER,
 * RFC 7515 §4.1.7) and DPoP's `ath` (SHA-256 of the access token, RFC 9449 §4.2).
 */
import { sha1 } from '@noble/hashes/legacy';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import { decodeBase64, encodeBase64url } from '../util/base64url.js';
import { isPlainObject } from '../util/json.js';

/** The members RFC 7638 §3.2 hashes for each key type, already in lexicographic order. */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
  OKP: ['crv', 'kty', 'x'],
  oct: ['k', 'kty'],
};

/** RFC 7638 SHA-256 thumbprint of a JWK, or null when it is not a JWK with the members its kty requires. */
export function jwkThumbprint(jwk: unknown): string | null {
  if (!isPlainObject(jwk) || typeof jwk.kty !== 'string') return null;
  const names = Object.hasOwn(REQUIRED, jwk.kty) ? REQUIRED[jwk.kty] : undefined;
  if (!names || names.some((n) => typeof jwk[n] !== 'string')) return null;
  // JSON.stringify of an object built in this order gives RFC 7638's form: no whitespace, members sorted.
  const canonical = JSON.stringify(Object.fromEntries(names.map((n) => [n, jwk[n]])));
  return encodeBase64url(sha256(utf8ToBytes(canonical)));
}

/** `x5t` of a certificate given as standard base64 DER (an `x5c` entry), or null when it is not base64. */
export function certificateX5t(base64Der: string): string | null {
  const der = decodeBase64(base64Der);
  return der ? encodeBase64url(sha1(der)) : null;
}

/** DPoP `ath`: base64url of the SHA-256 of the access token's ASCII text. */
export function accessTokenHash(token: string): string {
  return encodeBase64url(sha256(utf8ToBytes(token)));
}
