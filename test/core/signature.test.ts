import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkSignature } from '../../src/core/signature.js';
import * as T from '../fixtures/tokens.js';

describe('checkSignature', () => {
  it('accepts the context token with its client secret, and refuses a wrong one', async () => {
    expect(await checkSignature(T.ACS_CONTEXT, T.CONTEXT_SECRET)).toEqual({ valid: true, how: 'HS256 with the secret as text' });
    expect(await checkSignature(T.ACS_CONTEXT, 'not-the-secret')).toEqual({ valid: false, reason: 'The HS256 signature does not match this secret, used as text.' });
  });

  it('tries a base64 secret decoded, as SharePoint’s TokenHelper does', async () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const secret = btoa(String.fromCharCode(...key));
    const token = await new SignJWT({ aud: 'x' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    expect(await checkSignature(token, secret)).toEqual({ valid: true, how: "HS256 with the secret base64-decoded, as SharePoint's TokenHelper does" });
  });

  it('accepts RFC 7519’s example with its published key (as a JWK)', async () => {
    const jwk = JSON.stringify({ kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' });
    expect(await checkSignature(T.RFC7519_JWT, jwk)).toEqual({ valid: true, how: 'HS256 with the JWK' });
  });

  it('checks RS256 with a PEM public key and with a JWKS, and says so when the key is wrong', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
    expect(await checkSignature(token, await exportSPKI(publicKey))).toEqual({ valid: true, how: 'RS256 with the public key' });
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(other.publicKey)), kid: 'k0', alg: 'RS256' }, { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    expect(await checkSignature(token, jwks)).toEqual({ valid: true, how: 'RS256 with a key from the JWKS' });
    expect(await checkSignature(token, await exportSPKI(other.publicKey))).toEqual({ valid: false, reason: 'The RS256 signature does not match this public key.' });
  });

  it('explains instead of throwing: unsigned token, empty or unusable key', async () => {
    expect(await checkSignature(T.RFC7519_UNSECURED, 'x')).toMatchObject({ valid: false, reason: 'The token is not signed (alg: none): there is nothing to check.' });
    expect(await checkSignature(T.ACS_CONTEXT, '  ')).toMatchObject({ valid: false, reason: 'Paste a secret, a public key, a certificate or a JWKS first.' });
    expect(await checkSignature(T.ENTRA_V1_DELEGATED, 'just a secret')).toMatchObject({ valid: false, reason: 'The token is signed with RS256: paste a PEM public key, a certificate, a JWK or a JWKS.' });
    expect((await checkSignature(T.ENTRA_V1_DELEGATED, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).valid).toBe(false);
    expect((await checkSignature(T.ENTRA_V1_DELEGATED, '{"keys": 1')).valid).toBe(false);
  });
});
