/**
 * The asynchronous half of signature checking: jose verifies with WebCrypto, which is async, while the
 * Analyzer takes entries synchronously. The analyzer collects keys and candidates as entries come; this
 * module turns a token (or a proof) and the keys that match it into a status. Offline: nothing is fetched.
 */
import { type JWK, type JWSAlgorithm, compactVerify, importJWK, importX509 } from 'jose';
import type { Decoded } from '../model/token.js';
import { fileOf } from '../har/entry.js';
import { entryName } from '../model/entry.js';
import type { CollectedKey, KeyRing } from './keys.js';
import type { SignatureInfo } from '../model/report.js';
import { HMAC_ALGS, PUBLIC_ALGS, algsOfJwk } from './signature.js';
import { isPrivateJwkMember } from './jwk.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Only a key's public members: a JWKS that (wrongly) holds private ones must not make jose sign-capable keys. */
function publicJwk(jwk: Record<string, unknown>): JWK {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!isPrivateJwkMember(k) || (k === 'k' && jwk.kty === 'oct')) out[k] = v;
  return out as JWK;
}

const pem = (base64: string) => `-----BEGIN CERTIFICATE-----\n${base64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;

/**
 * Verifies a compact JWS with one key, the algorithm fixed by the key's type (never chosen by the header alone:
 * RFC 8725 §3.1). Resolves true or false; throws only when the key itself cannot be used.
 */
export async function verifyWith(token: string, alg: string, key: { jwk: Record<string, unknown> | null; certificate: string | null }): Promise<boolean> {
  const allowed = key.certificate ? PUBLIC_ALGS : key.jwk ? algsOfJwk(key.jwk as JWK) : [];
  if (!allowed.includes(alg)) return false;
  const imported = key.certificate ? await importX509(pem(key.certificate), alg) : await importJWK(publicJwk(key.jwk ?? {}), alg);
  try {
    await compactVerify(token, imported, { algorithms: [alg as JWSAlgorithm] });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return false;
    throw err;
  }
}

/** What can be said without a key: JWE, opaque, unsigned and Graph's nonce tokens are settled here. */
export function signatureWithoutKeys(decoded: Decoded): SignatureInfo | null {
  const h = decoded.header;
  const kid = typeof h?.kid === 'string' ? h.kid : typeof h?.x5t === 'string' ? h.x5t : null;
  const base = { kid, source: null, entry: null };
  if (decoded.format === 'opaque') return { ...base, status: 'not-checked', reason: 'An opaque token: only its issuer can check it (introspection).' };
  if (decoded.format === 'jwe') return { ...base, status: 'not-checked', reason: 'An encrypted token (JWE): only its recipient can decrypt and check it.' };
  if (!h || decoded.error) return { ...base, status: 'not-checked', reason: 'Its header or payload cannot be read.' };
  const alg = typeof h.alg === 'string' ? h.alg : '';
  if (!alg || alg.toLowerCase() === 'none') return { ...base, status: 'unsigned', reason: 'alg: none: it carries no signature.' };
  // Graph access tokens sign a SHA-256 of the header nonce, not the nonce itself: no standard JWT library
  // verifies them, and Microsoft says only Graph should (learn.microsoft.com, "Access tokens", validate tokens).
  if (h.nonce !== undefined) return { ...base, status: 'not-checked', reason: 'Its header carries a nonce, as Microsoft Graph access tokens do: such a token can only be verified by Graph itself, so it is not checked (and not invalid).' };
  return null;
}

/**
 * What can be said synchronously: everything but a check against a matching key (then null). The analyzer shows
 * this until `verifyToken` has run, so a token with no key to check is never shown as "not checked yet".
 */
export function signatureNow(decoded: Decoded, keys: KeyRing, tokenId: string): SignatureInfo | null {
  const settled = signatureWithoutKeys(decoded);
  if (settled) return settled;
  const h = decoded.header ?? {};
  const alg = String(h.alg);
  const kid = typeof h.kid === 'string' ? h.kid : typeof h.x5t === 'string' ? h.x5t : null;
  if (keys.match(h, tokenId).length === 0) {
    const reason = HMAC_ALGS.includes(alg)
      ? `${alg} is signed with a shared secret, which no traffic reveals: paste the secret to check it.`
      : h.x5c !== undefined || h.jwk !== undefined ? 'It carries its own key (x5c or jwk) and no other source holds that key: a key the token brings cannot vouch for the token.'
      : kid ? `No key named ${JSON.stringify(kid)} was seen in the traffic (no JWKS or certificate with that kid or x5t).` : 'The header names no key (no kid or x5t), so no collected key can be matched to it.';
    return { status: 'no-key', kid, source: null, entry: null, reason };
  }
  return null;
}

/** The signature status of one JWT against the collected keys. */
export async function verifyToken(raw: string, decoded: Decoded, keys: KeyRing, tokenId: string): Promise<SignatureInfo> {
  const now = signatureNow(decoded, keys, tokenId);
  if (now) return now;
  const h = decoded.header ?? {};
  const alg = String(h.alg);
  const kid = typeof h.kid === 'string' ? h.kid : typeof h.x5t === 'string' ? h.x5t : null;
  const matching = keys.match(h, tokenId);
  let mismatch: { key: CollectedKey; reason: string } | null = null;
  let unusable: { key: CollectedKey; reason: string } | null = null;
  for (const key of matching) {
    try {
      if (await verifyWith(raw, alg, key)) return { status: 'verified', kid, source: key.source, entry: key.entry, ...fileOf(key), reason: `${alg} signature verified with the ${key.kty} key ${JSON.stringify(kid)} from ${key.source} (${entryName(key.entry, key.file)}).` };
      const allowed = key.certificate ? PUBLIC_ALGS : algsOfJwk((key.jwk ?? {}) as JWK);
      mismatch ??= { key, reason: allowed.includes(alg) ? `The ${alg} signature does not match the ${key.kty} key ${JSON.stringify(kid)} from ${key.source} (${entryName(key.entry, key.file)}): the token was altered or signed by someone else.` : `The header says ${alg}, which the ${key.kty} key ${JSON.stringify(kid)} from ${key.source} cannot verify: a token whose kid names this key must be signed with ${allowed.join('/') || 'a matching algorithm'}.` };
    } catch (err) {
      unusable ??= { key, reason: `The key ${JSON.stringify(kid)} from ${key.source} could not be used: ${why(err)}` };
    }
  }
  if (mismatch) return { status: 'invalid', kid, source: mismatch.key.source, entry: mismatch.key.entry, ...fileOf(mismatch.key), reason: mismatch.reason };
  return { status: 'not-checked', kid, source: unusable?.key.source ?? null, entry: unusable?.key.entry ?? null, ...fileOf(unusable?.key), reason: unusable?.reason ?? 'No matching key could be used.' };
}
