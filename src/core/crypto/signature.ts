/**
 * Checks a JWS signature against a key the user pastes: an HMAC secret (a SharePoint context token is HS256
 * with the add-in's client secret), a PEM public key or certificate, a JWK, or a JWKS. Checks the signature
 * only: expiry and audience are judged elsewhere, and nothing is fetched (no JWKS URL is followed).
 *
 * The pasted key decides which algorithms may verify, never the token's header. Otherwise a token signed
 * HS256 with the issuer's *public* key text as the HMAC secret would pass as soon as that public key is
 * pasted: the algorithm-confusion attack (RFC 8725 §2.1 and §3.1, "perform algorithm verification").
 */
import {
  type CryptoKey,
  type JWK,
  type JWSAlgorithm,
  type KeyObject,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  importSPKI,
  importX509,
} from 'jose';
import { decodeBase64 } from '../util/base64url.js';

export type SignatureResult = { valid: true; how: string } | { valid: false; reason: string };

type Key = CryptoKey | KeyObject | Uint8Array;
type Verifier = Key | ReturnType<typeof createLocalJWKSet>;

export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'];
const RSA_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGS = ['ES256', 'ES384', 'ES512'];
const OKP_ALGS = ['EdDSA', 'Ed25519'];
export const PUBLIC_ALGS = [...RSA_ALGS, ...EC_ALGS, ...OKP_ALGS];

/** What the user pasted, told from its form alone, with the algorithms such a key can verify. */
type Pasted =
  | { kind: 'secret'; algs: string[] }
  | { kind: 'jwks'; keys: JWK[]; algs: string[] }
  | { kind: 'jwk'; jwk: JWK; algs: string[] }
  | { kind: 'certificate'; pem: string; algs: string[] }
  | { kind: 'public-key'; pem: string; algs: string[] }
  | { kind: 'unusable'; reason: string };

const KEY_NAMES = {
  secret: 'secret',
  jwks: 'JWKS',
  jwk: 'JWK',
  certificate: 'certificate',
  'public-key': 'public key',
} as const;

/** Where the content of the DER SEQUENCE at `at` starts and how long it is, or null when no SEQUENCE is there. */
function derSequence(bytes: Uint8Array, at: number): { start: number; length: number } | null {
  if (bytes[at] !== 0x30) return null;
  const first = bytes[at + 1] ?? 0;
  if (first < 0x80) return { start: at + 2, length: first };
  const n = first - 0x80;
  if (n < 1 || n > 3) return null;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (bytes[at + 2 + i] ?? 0);
  return { start: at + 2 + n, length };
}

/**
 * A public key or certificate pasted as bare base64 (a JWKS `x5c` entry, a PEM without its armour): a DER
 * SEQUENCE whose length covers exactly the rest of the bytes, which a random secret practically never is.
 * A certificate's first inner SEQUENCE (the TBSCertificate) starts with its version, tagged [0] (0xa0).
 */
function derKind(bytes: Uint8Array): 'certificate' | 'public-key' | null {
  const outer = derSequence(bytes, 0);
  if (bytes.length < 40 || !outer || outer.start + outer.length !== bytes.length) return null;
  const inner = derSequence(bytes, outer.start);
  return inner && bytes[inner.start] === 0xa0 ? 'certificate' : 'public-key';
}

const pem = (label: string, base64: string) =>
  `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----`;

/**
 * Whether a JWS `alg` signs nothing: `none` in any case or padded with spaces, an empty or missing one. Some
 * libraries trim or lower-case before comparing, so a forger tries each; none of them is a signature (RFC 7518 §3.6).
 */
export function unsignedAlg(alg: unknown): boolean {
  return (
    alg === undefined || alg === null || (typeof alg === 'string' && ['', 'none'].includes(alg.trim().toLowerCase()))
  );
}

export function algsOfJwk(jwk: JWK): string[] {
  if (jwk.kty === 'oct') return HMAC_ALGS;
  if (jwk.kty === 'RSA') return RSA_ALGS;
  if (jwk.kty === 'EC') return EC_ALGS;
  if (jwk.kty === 'OKP') return OKP_ALGS;
  return [];
}

function readPasted(text: string): Pasted {
  if (text.startsWith('{')) {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      return { kind: 'unusable', reason: 'The pasted JSON is not a JWK or a JWKS.' };
    const keys = (json as { keys?: unknown }).keys;
    if (keys !== undefined) {
      if (!Array.isArray(keys)) return { kind: 'unusable', reason: 'The pasted JWKS has no "keys" array.' };
      // An issuer publishes public keys; a symmetric key in a JWKS is not one to verify a token against.
      return { kind: 'jwks', keys: keys as JWK[], algs: PUBLIC_ALGS };
    }
    const jwk = json as JWK;
    return { kind: 'jwk', jwk, algs: algsOfJwk(jwk) };
  }
  if (text.startsWith('-----BEGIN CERTIFICATE-----')) return { kind: 'certificate', pem: text, algs: PUBLIC_ALGS };
  if (text.startsWith('-----BEGIN PUBLIC KEY-----')) return { kind: 'public-key', pem: text, algs: PUBLIC_ALGS };
  if (text.startsWith('-----BEGIN'))
    return {
      kind: 'unusable',
      reason:
        'Only a public key (BEGIN PUBLIC KEY) or a certificate (BEGIN CERTIFICATE) can be used: this PEM is neither.',
    };
  const body = text.replace(/\s+/g, '');
  const der = decodeBase64(body, { strict: true });
  const kind = der && derKind(der);
  if (kind === 'certificate') return { kind, pem: pem('CERTIFICATE', body), algs: PUBLIC_ALGS };
  if (kind === 'public-key') return { kind, pem: pem('PUBLIC KEY', body), algs: PUBLIC_ALGS };
  return { kind: 'secret', algs: HMAC_ALGS };
}

async function attempt(token: string, key: Verifier, alg: string): Promise<boolean> {
  try {
    // The allowlist again, in jose itself: it refuses any other header `alg` before looking at the key.
    const options = { algorithms: [alg as JWSAlgorithm] };
    if (typeof key === 'function') await compactVerify(token, key, options);
    else await compactVerify(token, key, options);
    return true;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || code === 'ERR_JWKS_NO_MATCHING_KEY') return false;
    throw err;
  }
}

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function checkSignature(token: string, keyText: string): Promise<SignatureResult> {
  const text = keyText.trim();
  if (!text) return { valid: false, reason: 'Paste a secret, a public key, a certificate or a JWKS first.' };
  let alg: string;
  try {
    alg = String(decodeProtectedHeader(token).alg ?? '');
  } catch (err) {
    return { valid: false, reason: `The token's header cannot be read: ${why(err)}` };
  }
  if (unsignedAlg(alg))
    return { valid: false, reason: 'The token is not signed (alg: none): there is nothing to check.' };
  try {
    const pasted = readPasted(text);
    if (pasted.kind === 'unusable') return { valid: false, reason: pasted.reason };
    if (!pasted.algs.includes(alg)) {
      if (pasted.kind === 'secret')
        return {
          valid: false,
          reason: `The token is signed with ${alg}: paste a PEM public key, a certificate, a JWK or a JWKS.`,
        };
      if (HMAC_ALGS.includes(alg)) {
        return {
          valid: false,
          reason: `The token claims ${alg} (HMAC with a shared secret), but what was pasted is a ${KEY_NAMES[pasted.kind]}: a public key is never an HMAC secret, so a token that checks out that way is forged (algorithm confusion).`,
        };
      }
      return {
        valid: false,
        reason: `The token is signed with ${alg}, which the pasted ${KEY_NAMES[pasted.kind]} cannot verify (it is for ${pasted.algs.join(', ') || 'no JWS algorithm'}).`,
      };
    }
    switch (pasted.kind) {
      case 'jwks':
        return (await attempt(token, createLocalJWKSet({ keys: pasted.keys }), alg))
          ? { valid: true, how: `${alg} with a key from the JWKS` }
          : { valid: false, reason: 'No key in this JWKS matches the signature.' };
      case 'jwk':
        return (await attempt(token, (await importJWK(pasted.jwk, alg)) as Key, alg))
          ? { valid: true, how: `${alg} with the JWK` }
          : { valid: false, reason: `The ${alg} signature does not match this JWK.` };
      case 'certificate':
        return (await attempt(token, await importX509(pasted.pem, alg), alg))
          ? { valid: true, how: `${alg} with the certificate's public key` }
          : { valid: false, reason: `The ${alg} signature does not match this certificate.` };
      case 'public-key':
        return (await attempt(token, await importSPKI(pasted.pem, alg), alg))
          ? { valid: true, how: `${alg} with the public key` }
          : { valid: false, reason: `The ${alg} signature does not match this public key.` };
      case 'secret': {
        if (await attempt(token, new TextEncoder().encode(text), alg))
          return { valid: true, how: `${alg} with the secret as text` };
        // SharePoint's TokenHelper uses Convert.FromBase64String(ClientSecret) as the HMAC key.
        const bytes = decodeBase64(text, { strict: true });
        if (bytes && (await attempt(token, bytes, alg)))
          return { valid: true, how: `${alg} with the secret base64-decoded, as SharePoint's TokenHelper does` };
        return {
          valid: false,
          reason: `The ${alg} signature does not match this secret, used as text${bytes ? ' or base64-decoded' : ''}.`,
        };
      }
    }
  } catch (err) {
    return { valid: false, reason: `The key could not be used: ${why(err)}` };
  }
}
