/**
 * Checks a JWS signature against a key the user pastes: an HMAC secret (a SharePoint context token is HS256
 * with the add-in's client secret), a PEM public key or certificate, a JWK, or a JWKS. Checks the signature
 * only: expiry and audience are judged elsewhere, and nothing is fetched (no JWKS URL is followed).
 */
import { type CryptoKey, type JWK, type KeyObject, compactVerify, createLocalJWKSet, decodeProtectedHeader, importJWK, importSPKI, importX509 } from 'jose';

export type SignatureResult =
  | { valid: true; how: string }
  | { valid: false; reason: string };

type Key = CryptoKey | KeyObject | Uint8Array;

function base64Bytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

async function attempt(token: string, key: Key | Parameters<typeof compactVerify>[1]): Promise<boolean> {
  try {
    await compactVerify(token, key as Key);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return false;
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
  if (!alg || alg === 'none') return { valid: false, reason: 'The token is not signed (alg: none): there is nothing to check.' };
  try {
    if (text.startsWith('{')) {
      const json = JSON.parse(text) as { keys?: unknown } & JWK;
      if (Array.isArray(json.keys)) {
        const set = createLocalJWKSet(json as { keys: JWK[] });
        return (await attempt(token, set)) ? { valid: true, how: `${alg} with a key from the JWKS` } : { valid: false, reason: 'No key in this JWKS matches the signature.' };
      }
      return (await attempt(token, await importJWK(json, alg))) ? { valid: true, how: `${alg} with the JWK` } : { valid: false, reason: `The ${alg} signature does not match this JWK.` };
    }
    if (alg.startsWith('HS')) {
      if (await attempt(token, new TextEncoder().encode(text))) return { valid: true, how: `${alg} with the secret as text` };
      // SharePoint's TokenHelper uses Convert.FromBase64String(ClientSecret) as the HMAC key.
      const bytes = base64Bytes(text);
      if (bytes && (await attempt(token, bytes))) return { valid: true, how: `${alg} with the secret base64-decoded, as SharePoint's TokenHelper does` };
      return { valid: false, reason: `The ${alg} signature does not match this secret, used as text${bytes ? ' or base64-decoded' : ''}.` };
    }
    if (text.startsWith('-----BEGIN CERTIFICATE')) {
      return (await attempt(token, await importX509(text, alg))) ? { valid: true, how: `${alg} with the certificate's public key` } : { valid: false, reason: `The ${alg} signature does not match this certificate.` };
    }
    if (text.startsWith('-----BEGIN PUBLIC KEY')) {
      return (await attempt(token, await importSPKI(text, alg))) ? { valid: true, how: `${alg} with the public key` } : { valid: false, reason: `The ${alg} signature does not match this public key.` };
    }
    return { valid: false, reason: `The token is signed with ${alg}: paste a PEM public key, a certificate, a JWK or a JWKS.` };
  } catch (err) {
    return { valid: false, reason: `The key could not be used: ${why(err)}` };
  }
}
