import { exportJWK, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkSignature } from '../../../src/core/crypto/signature.js';
import * as T from '../../fixtures/tokens.js';

describe('checkSignature', () => {
  it('accepts the context token with its client secret, and refuses a wrong one', async () => {
    expect(await checkSignature(T.ACS_CONTEXT, T.CONTEXT_SECRET)).toEqual({
      valid: true,
      how: 'HS256 with the secret as text',
    });
    expect(await checkSignature(T.ACS_CONTEXT, 'not-the-secret')).toEqual({
      valid: false,
      reason: 'The HS256 signature does not match this secret, used as text.',
    });
  });

  it('tries a base64 secret decoded, as SharePoint’s TokenHelper does', async () => {
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const secret = btoa(String.fromCharCode(...key));
    const token = await new SignJWT({ aud: 'x' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    expect(await checkSignature(token, secret)).toEqual({
      valid: true,
      how: "HS256 with the secret base64-decoded, as SharePoint's TokenHelper does",
    });
  });

  it('accepts RFC 7519’s example with its published key (as a JWK)', async () => {
    const jwk = JSON.stringify({
      kty: 'oct',
      k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    });
    expect(await checkSignature(T.RFC7519_JWT, jwk)).toEqual({ valid: true, how: 'HS256 with the JWK' });
  });

  it('checks RS256 with a PEM public key and with a JWKS, and says so when the key is wrong', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
    expect(await checkSignature(token, await exportSPKI(publicKey))).toEqual({
      valid: true,
      how: 'RS256 with the public key',
    });
    const jwks = JSON.stringify({
      keys: [
        { ...(await exportJWK(other.publicKey)), kid: 'k0', alg: 'RS256' },
        { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' },
      ],
    });
    expect(await checkSignature(token, jwks)).toEqual({ valid: true, how: 'RS256 with a key from the JWKS' });
    expect(await checkSignature(token, await exportSPKI(other.publicKey))).toEqual({
      valid: false,
      reason: 'The RS256 signature does not match this public key.',
    });
  });

  it('explains instead of throwing: unsigned token, empty or unusable key', async () => {
    expect(await checkSignature(T.RFC7519_UNSECURED, 'x')).toMatchObject({
      valid: false,
      reason: 'The token is not signed (alg: none): there is nothing to check.',
    });
    expect(await checkSignature(T.ACS_CONTEXT, '  ')).toMatchObject({
      valid: false,
      reason: 'Paste a secret, a public key, a certificate or a JWKS first.',
    });
    expect(await checkSignature(T.ENTRA_V1_DELEGATED, 'just a secret')).toMatchObject({
      valid: false,
      reason: 'The token is signed with RS256: paste a PEM public key, a certificate, a JWK or a JWKS.',
    });
    expect(
      (await checkSignature(T.ENTRA_V1_DELEGATED, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).valid,
    ).toBe(false);
    expect((await checkSignature(T.ENTRA_V1_DELEGATED, '{"keys": 1')).valid).toBe(false);
  });

  /** A self-signed P-256 test certificate (CN=bearerscope-test-signing, made with openssl for these tests) and its key. */
  const CERT = [
    '-----BEGIN CERTIFICATE-----',
    'MIIBnDCCAUOgAwIBAgIURG9PVvta4lF1hPEC4/OZy0pCmnAwCgYIKoZIzj0EAwIw',
    'IzEhMB8GA1UEAwwYYmVhcmVyc2NvcGUtdGVzdC1zaWduaW5nMCAXDTI2MTEyMzA5',
    'NTYzMloYDzIxMjYxMDMwMDk1NjMyWjAjMSEwHwYDVQQDDBhiZWFyZXJzY29wZS10',
    'ZXN0LXNpZ25pbmcwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARPBHiJC6t//pEQ',
    'os9CgVLEZTR6XYiCIrErJsBwFp0PSZL7YnfMdtLIj5xEI3PbQUKu4Jjwbrr/sgkj',
    'wH4s+SqHo1MwUTAdBgNVHQ4EFgQUBRG9BdZfZ95riLYgjmQUkExnOEowHwYDVR0j',
    'BBgwFoAUBRG9BdZfZ95riLYgjmQUkExnOEowDwYDVR0TAQH/BAUwAwEB/zAKBggq',
    'hkjOPQQDAgNHADBEAiA9bqHvVrTvvT98VTZBd02NryT2c+v8R1LqrYutknPzfAIg',
    'M6nIDiTMxRYJk6E6d+v4/8w1qSjUy+aDtKSGuYLf6GE=',
    '-----END CERTIFICATE-----',
  ].join('\n');
  const CERT_KEY = [
    '-----BEGIN PRIVATE KEY-----',
    'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgK9D15pYjbt/CQ8e/',
    'TJ6VcY3FOHVeDlug0cLYB9PpGu6hRANCAARPBHiJC6t//pEQos9CgVLEZTR6XYiC',
    'IrErJsBwFp0PSZL7YnfMdtLIj5xEI3PbQUKu4Jjwbrr/sgkjwH4s+SqH',
    '-----END PRIVATE KEY-----',
  ].join('\n');

  it('checks ES256 with a certificate, as PEM and as the bare base64 of a JWKS x5c entry, and refuses HS256 forged with it', async () => {
    const token = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(await importPKCS8(CERT_KEY, 'ES256'));
    expect(await checkSignature(token, CERT)).toEqual({ valid: true, how: "ES256 with the certificate's public key" });
    const x5c = CERT.split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join('');
    expect(await checkSignature(token, x5c)).toEqual({ valid: true, how: "ES256 with the certificate's public key" });
    const forged = await new SignJWT({ sub: 'mallory' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(x5c));
    expect(await checkSignature(forged, x5c)).toMatchObject({
      valid: false,
      reason: expect.stringContaining('what was pasted is a certificate'),
    });
    expect(
      (
        await checkSignature(
          await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(CERT)),
          CERT,
        )
      ).valid,
    ).toBe(false);
  });

  describe('the pasted key decides the algorithm, never the token (algorithm confusion, RFC 8725 §2.1)', () => {
    /** A forger's token: HS256, with the issuer's public key text as the HMAC secret. */
    const forge = (secretText: string) =>
      new SignJWT({ aud: 'https://contoso.sharepoint.com', sub: 'mallory', nameid: 'admin' })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(secretText));

    it('refuses a token signed HS256 with the issuer’s public PEM as the secret when that PEM is pasted', async () => {
      const { publicKey } = await generateKeyPair('RS256', { extractable: true });
      const spki = await exportSPKI(publicKey);
      const forged = await forge(spki.trim());
      expect(await checkSignature(forged, spki)).toEqual({
        valid: false,
        reason:
          'The token claims HS256 (HMAC with a shared secret), but what was pasted is a public key: a public key is never an HMAC secret, so a token that checks out that way is forged (algorithm confusion).',
      });
    });

    it('refuses the same forgery with the public key pasted as bare base64 DER (a JWKS x5c value, a PEM without its armour)', async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const body = (await exportSPKI(publicKey))
        .split('\n')
        .filter((l) => l && !l.startsWith('-----'))
        .join('');
      expect((await checkSignature(await forge(body), body)).valid).toBe(false);
      const honest = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
      expect(await checkSignature(honest, body)).toEqual({ valid: true, how: 'ES256 with the public key' });
    });

    it('refuses an HS256 token against an RSA JWK or a JWKS, and an RS256 token against a symmetric JWK', async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = JSON.stringify(await exportJWK(publicKey));
      expect((await checkSignature(await forge(jwk), jwk)).valid).toBe(false);
      const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
      expect((await checkSignature(await forge(jwks), jwks)).valid).toBe(false);
      const rs = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
      expect(await checkSignature(rs, '{"kty":"oct","k":"c2VjcmV0"}')).toEqual({
        valid: false,
        reason: 'The token is signed with RS256, which the pasted JWK cannot verify (it is for HS256, HS384, HS512).',
      });
    });

    it('says which PEM it takes when another kind is pasted', async () => {
      expect(
        await checkSignature(
          T.ENTRA_V1_DELEGATED,
          '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----',
        ),
      ).toEqual({
        valid: false,
        reason:
          'Only a public key (BEGIN PUBLIC KEY) or a certificate (BEGIN CERTIFICATE) can be used: this PEM is neither.',
      });
    });
  });
});
