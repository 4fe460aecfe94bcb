// Which keys may make a token "verified": only keys tied to the token's issuer. Each case is a forgery an
// adversarial review built from generated HAR entries; every token is signed here, with jose, from the literal
// test keys of test/fixtures/trust.ts.
import { createHash } from 'node:crypto';
import { CompactSign, importJWK, importPKCS8 } from 'jose';
import { describe, expect, it } from 'vitest';
import { cpuMsAsync } from '../../cpu-time.js';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import type { TokenReport } from '../../../src/core/model/report.js';
import * as P from '../../fixtures/proofs.js';
import {
  ENTRA_ISS,
  ENTRA_KEYS_URL,
  ENTRA_KID,
  ENTRA_PRIVATE,
  EVIL_PRIVATE,
  TENANT,
  TEST_CERT_KEY,
  publicOf,
} from '../../fixtures/trust.js';
import { b64, captured, T0 } from '../../fixtures/capture.js';

const NOW = (T0 + 60) * 1000;

const entry = captured;
const jwks = (s: number, url: string, keys: object[]) => entry(s, url, [], { keys });
const bearer = (token: string, s = 5, url = 'https://orders.contoso.example/api/orders') =>
  entry(s, url, [{ name: 'Authorization', value: `Bearer ${token}` }]);

const ENTRA_PUBLIC = { ...publicOf(ENTRA_PRIVATE), kid: ENTRA_KID, use: 'sig' };
const EVIL_PUBLIC = { ...publicOf(EVIL_PRIVATE), kid: ENTRA_KID, use: 'sig' };
const entraJwks = jwks(1, ENTRA_KEYS_URL, [ENTRA_PUBLIC]);
const evilJwks = jwks(2, 'https://evil.example/.well-known/jwks.json', [EVIL_PUBLIC]);

/** An Entra v2.0 access token for api://orders, as the tenant issues them. */
const entraClaims = (jti: string, extra: object = {}) => ({
  aud: 'api://orders',
  iss: ENTRA_ISS,
  iat: T0,
  nbf: T0,
  exp: T0 + 3600,
  azp: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
  scp: 'Orders.Read',
  sub: 'lVd0V2h1bW9zM2dqQm0',
  tid: TENANT,
  uti: jti,
  ver: '2.0',
  jti,
  ...extra,
});
async function sign(privateKey: object, header: Record<string, unknown>, payload: object): Promise<string> {
  const key = privateKey instanceof CryptoKey ? privateKey : await importJWK(privateKey as never, String(header.alg));
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header as never)
    .sign(key);
}
const rs256 = (privateJwk: object, payload: object, header: object = {}) =>
  sign(privateJwk, { alg: 'RS256', typ: 'JWT', kid: ENTRA_KID, ...header }, payload);

async function analyse(entries: unknown[]) {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  await a.verifySignatures();
  return a.report(NOW);
}
const byJti = (tokens: TokenReport[], jti: string) => {
  const t = tokens.find((x) => x.claims?.jti === jti || x.claims?.sub === jti);
  if (!t) throw new Error(`no token ${jti}`);
  return t;
};
const codes = (t: TokenReport) => t.findings.map((f) => f.code);

describe('a key verifies a token only when it is tied to the token’s issuer', () => {
  it('a JWKS on an unrelated host with the Entra kid does not verify a forgery while the real JWKS is in the capture: invalid', async () => {
    const genuine = await rs256(ENTRA_PRIVATE, entraClaims('genuine'));
    const forged = await rs256(EVIL_PRIVATE, entraClaims('forged'));
    const r = await analyse([entraJwks, evilJwks, bearer(genuine, 5), bearer(forged, 6)]);
    expect(byJti(r.tokens, 'genuine').signature).toMatchObject({ status: 'verified', source: ENTRA_KEYS_URL });
    const t = byJti(r.tokens, 'forged');
    expect(t.signature).toMatchObject({ status: 'invalid', source: ENTRA_KEYS_URL });
    expect(t.signature.reason).toContain('evil.example');
    expect(codes(t)).toContain('signature-invalid');
  });

  it('a JWKS on an unrelated host alone gives untrusted-key, never verified, with a warning', async () => {
    const forged = await rs256(EVIL_PRIVATE, entraClaims('forged'));
    const t = byJti((await analyse([evilJwks, bearer(forged)])).tokens, 'forged');
    expect(t.signature.status).toBe('untrusted-key');
    expect(t.signature.reason).toMatch(/evil\.example, which is not this issuer's/);
    expect(t.findings.find((f) => f.code === 'signature-untrusted-key')?.severity).toBe('warning');
  });

  it('a discovery document served by another host naming the real issuer does not tie its JWKS to that issuer', async () => {
    const discovery = entry(1, 'https://evil.example/.well-known/openid-configuration', [], {
      issuer: ENTRA_ISS,
      jwks_uri: 'https://evil.example/discovery/v2.0/keys',
    });
    const keys = jwks(2, 'https://evil.example/discovery/v2.0/keys', [EVIL_PUBLIC]);
    const forged = await rs256(EVIL_PRIVATE, entraClaims('forged'));
    expect(byJti((await analyse([discovery, keys, bearer(forged)])).tokens, 'forged').signature.status).toBe(
      'untrusted-key',
    );
  });

  it('the token’s own jku does not make the key set it names the issuer’s', async () => {
    const keys = jwks(2, 'https://evil.example/keys', [{ ...EVIL_PUBLIC, kid: 'evil-1' }]);
    const forged = await rs256(EVIL_PRIVATE, entraClaims('forged'), {
      kid: 'evil-1',
      jku: 'https://evil.example/keys',
    });
    const t = byJti((await analyse([keys, bearer(forged)])).tokens, 'forged');
    expect(t.signature.status).toBe('untrusted-key');
    expect(codes(t)).toContain('header-key-injection');
  });

  it('a JWKS named by the issuer’s own discovery document, or served under the issuer’s URL, verifies', async () => {
    const iss = 'https://login.contoso.example/tenant-a';
    const claims = { iss, sub: 'u', aud: 'api://orders', exp: T0 + 3600, jti: 'own' };
    const token = await rs256(ENTRA_PRIVATE, claims);
    const discovery = entry(1, `${iss}/.well-known/openid-configuration`, [], {
      issuer: iss,
      jwks_uri: 'https://keys.contoso-cdn.example/a.json',
    });
    expect(
      byJti(
        (await analyse([discovery, jwks(2, 'https://keys.contoso-cdn.example/a.json', [ENTRA_PUBLIC]), bearer(token)]))
          .tokens,
        'own',
      ).signature.status,
    ).toBe('verified');
    expect(
      byJti((await analyse([jwks(2, `${iss}/keys`, [ENTRA_PUBLIC]), bearer(token)])).tokens, 'own').signature.status,
    ).toBe('verified');
    // Another tenant on the same host is not this issuer.
    expect(
      byJti(
        (await analyse([jwks(2, 'https://login.contoso.example/tenant-b/keys', [ENTRA_PUBLIC]), bearer(token)])).tokens,
        'own',
      ).signature.status,
    ).toBe('untrusted-key');
  });

  it('Entra’s documented key endpoints verify its tokens; another tenant’s key endpoint does not', async () => {
    const v1 = await rs256(ENTRA_PRIVATE, {
      ...entraClaims('v1'),
      iss: `https://sts.windows.net/${TENANT}/`,
      ver: '1.0',
    });
    const v2 = await rs256(ENTRA_PRIVATE, entraClaims('v2'));
    for (const url of [
      ENTRA_KEYS_URL,
      `https://login.microsoftonline.com/${TENANT}/discovery/keys`,
      'https://login.microsoftonline.com/common/discovery/v2.0/keys',
      'https://login.microsoftonline.com/common/discovery/keys',
    ]) {
      const r = await analyse([jwks(1, url, [ENTRA_PUBLIC]), bearer(v1, 5), bearer(v2, 6)]);
      expect([byJti(r.tokens, 'v1').signature.status, byJti(r.tokens, 'v2').signature.status]).toEqual([
        'verified',
        'verified',
      ]);
    }
    const other =
      'https://login.microsoftonline.com/0b1d2a3c-0000-4000-8000-000000000bad/discovery/v2.0/keys?appid=9e0c1d1e-0000-4000-8000-00000000beef';
    expect(byJti((await analyse([jwks(1, other, [ENTRA_PUBLIC]), bearer(v2)])).tokens, 'v2').signature.status).toBe(
      'untrusted-key',
    );
  });
});

describe('certificates carried by tokens are not trust anchors', () => {
  const x5cToken = async (sub: string, header: object) =>
    sign(
      await importPKCS8(TEST_CERT_KEY, 'ES256'),
      { alg: 'ES256', ...header },
      { iss: 'https://issuer.example', sub, exp: T0 + 3600 },
    );

  it('two self-signed tokens carrying the same certificate do not verify each other', async () => {
    const a = await x5cToken('first', { x5t: P.TEST_CERT_X5T, x5c: [P.TEST_CERT_X5C] });
    const b = await x5cToken('second', { x5t: P.TEST_CERT_X5T, x5c: [P.TEST_CERT_X5C] });
    const r = await analyse([bearer(a, 5), bearer(b, 6)]);
    expect([byJti(r.tokens, 'first').signature.status, byJti(r.tokens, 'second').signature.status]).toEqual([
      'untrusted-key',
      'untrusted-key',
    ]);
  });

  it('a token naming the key only by kid or x5t is not verified by a certificate another token carried', async () => {
    const carrier = await x5cToken('carrier', { kid: 'signing-2026', x5c: [P.TEST_CERT_X5C] });
    const byKid = await x5cToken('by-kid', { kid: 'signing-2026' });
    const r = await analyse([bearer(carrier, 5), bearer(byKid, 6), bearer(P.X5T_NAMED, 7)]);
    expect(byJti(r.tokens, 'by-kid').signature).toMatchObject({
      status: 'untrusted-key',
      reason: expect.stringContaining('certificate carried by token'),
    });
    expect(byJti(r.tokens, 'named').signature.status).toBe('untrusted-key');
  });
});

describe('what the header alone settles', () => {
  it('a header nonce on a token for another audience than Graph is checked like any token: a forgery is invalid', async () => {
    const forged = await rs256(EVIL_PRIVATE, entraClaims('nonce-forged'), {
      nonce: 'x2_p4dVqyRrRGZeD4bEFrwnmhj2xK7kTyt8HYYcx8FM',
    });
    const t = byJti((await analyse([entraJwks, bearer(forged)])).tokens, 'nonce-forged');
    expect(t.signature.status).toBe('invalid');
    expect(codes(t)).toContain('signature-invalid');
    // Graph's own tokens keep their case, whichever form of Graph's audience they carry.
    const graph = await rs256(ENTRA_PRIVATE, entraClaims('graph', { aud: 'https://graph.microsoft.com' }), {
      nonce: 'x2_p4dVqyRrRGZeD4bEFrwnmhj2xK7kTyt8HYYcx8FM',
    });
    expect(byJti((await analyse([entraJwks, bearer(graph)])).tokens, 'graph').signature).toMatchObject({
      status: 'not-checked',
      reason: expect.stringMatching(/Graph/),
    });
  });

  it('a missing, empty or padded alg is unsigned, with the unsigned finding', async () => {
    const claims = (sub: string) => ({ iss: 'https://issuer.example', sub, exp: T0 + 3600 });
    const tokens = [
      `${b64({ typ: 'JWT' })}.${b64(claims('no-alg'))}.`,
      `${b64({ alg: '', typ: 'JWT' })}.${b64(claims('empty-alg'))}.`,
      `${b64({ alg: 'none ', typ: 'JWT' })}.${b64(claims('padded-none'))}.`,
      `${b64({ alg: 'NoNe', typ: 'JWT' })}.${b64(claims('cased-none'))}.`,
    ];
    const r = await analyse(tokens.map((t, i) => bearer(t, 5 + i)));
    for (const sub of ['no-alg', 'empty-alg', 'padded-none', 'cased-none']) {
      const t = byJti(r.tokens, sub);
      expect([sub, t.signature.status]).toEqual([sub, 'unsigned']);
      expect(codes(t)).toContain('unsigned');
    }
  });
});

describe('keys that are never used to verify', () => {
  it('a symmetric key (kty oct) served in a JWKS does not verify an HS256 token', async () => {
    const k = Buffer.from('issuer-hmac-secret-of-32-bytes!!').toString('base64url');
    const keys = jwks(1, 'https://issuer.example/jwks', [{ kty: 'oct', k, kid: 'hs-1', alg: 'HS256' }]);
    const token = await sign(
      { kty: 'oct', k },
      { alg: 'HS256', typ: 'JWT', kid: 'hs-1' },
      { iss: 'https://issuer.example', sub: 'hs', exp: T0 + 3600 },
    );
    const s = byJti((await analyse([keys, bearer(token)])).tokens, 'hs').signature;
    expect(s.status).not.toBe('verified');
    expect(s.reason).toMatch(/symmetric/);
  });

  it('an RSA key with e = 1 verifies a signature forged without any private key: it is refused', async () => {
    const n = Buffer.from(ENTRA_PRIVATE.n, 'base64url');
    const header = b64({ alg: 'RS256', typ: 'JWT', kid: 'weak-1' });
    const payload = b64({ iss: 'https://issuer.example', sub: 'e1', exp: T0 + 3600 });
    // RSASSA-PKCS1-v1_5 (RFC 8017 §9.2): with e = 1 the signature is the encoded message itself.
    const digestInfo = Buffer.concat([
      Buffer.from('3031300d060960864801650304020105000420', 'hex'),
      createHash('sha256').update(`${header}.${payload}`).digest(),
    ]);
    const em = Buffer.concat([
      Buffer.from([0, 1]),
      Buffer.alloc(n.length - digestInfo.length - 3, 0xff),
      Buffer.from([0]),
      digestInfo,
    ]);
    const forged = `${header}.${payload}.${em.toString('base64url')}`;
    const keys = jwks(1, 'https://issuer.example/jwks', [{ kty: 'RSA', n: ENTRA_PRIVATE.n, e: 'AQ', kid: 'weak-1' }]);
    const s = byJti((await analyse([keys, bearer(forged)])).tokens, 'e1').signature;
    expect(s.status).toBe('not-checked');
    expect(s.reason).toMatch(/exponent/);
  });

  it('a key published for encryption (use: enc) is refused', async () => {
    const keys = jwks(1, 'https://issuer.example/jwks', [{ ...publicOf(ENTRA_PRIVATE), kid: 'enc-1', use: 'enc' }]);
    const token = await rs256(
      ENTRA_PRIVATE,
      { iss: 'https://issuer.example', sub: 'enc', exp: T0 + 3600 },
      { kid: 'enc-1' },
    );
    const s = byJti((await analyse([keys, bearer(token)])).tokens, 'enc').signature;
    expect(s.status).toBe('not-checked');
    expect(s.reason).toMatch(/use: enc/);
  });

  it('a 16,384-bit modulus is refused rather than worked through', async () => {
    const n = Buffer.alloc(2048, 0xc5);
    const keys = jwks(1, 'https://issuer.example/jwks', [
      { kty: 'RSA', n: n.toString('base64url'), e: 'AQAB', kid: 'big-1' },
    ]);
    const token = `${b64({ alg: 'RS256', kid: 'big-1' })}.${b64({ iss: 'https://issuer.example', sub: 'big', exp: T0 + 3600 })}.${Buffer.alloc(2048, 7).toString('base64url')}`;
    const s = byJti((await analyse([keys, bearer(token)])).tokens, 'big').signature;
    expect(s.status).toBe('not-checked');
    expect(s.reason).toMatch(/16384-bit.*8192/);
  });
});

describe('bounded key work that says when it stopped', () => {
  it('1,000 junk keys before the issuer’s JWKS do not turn a forgery into no-key: it is not fully checked, and a note says why', async () => {
    const junk = Array.from({ length: 10 }, (_, d) =>
      jwks(
        1,
        `https://cdn-${d}.junk.example/jwks.json`,
        Array.from({ length: 100 }, (_, i) => ({ kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: `junk-${d}-${i}` })),
      ),
    );
    const forged = await rs256(EVIL_PRIVATE, entraClaims('forged'));
    const r = await analyse([...junk, jwks(2, ENTRA_KEYS_URL, [ENTRA_PUBLIC]), bearer(forged)]);
    const s = byJti(r.tokens, 'forged').signature;
    expect(s.status).not.toBe('no-key');
    expect(s).toMatchObject({ status: 'not-checked', reason: expect.stringMatching(/not fully checked/) });
    expect(r.notes.join('\n')).toMatch(/not kept: the limit is 1000/);
  });

  it(
    '1,000 JWKS URLs with the issuer’s kid do not make each of 200 tokens try 1,000 keys',
    { timeout: 20_000 },
    async () => {
      const mirrors = Array.from({ length: 999 }, (_, i) => jwks(2, `https://mirror-${i}.example/keys`, [EVIL_PUBLIC]));
      // Entra's own tokens with their payload changed: no key in the capture verifies them.
      const signed = await rs256(ENTRA_PRIVATE, entraClaims('original'));
      const tokens = Array.from({ length: 200 }, (_, i) =>
        signed.replace(/\.[^.]+\./, `.${b64(entraClaims(`f-${i}`, { scp: 'Orders.ReadWrite' }))}.`),
      );
      const { ms, out: r } = await cpuMsAsync(() =>
        analyse([entraJwks, ...mirrors, ...tokens.map((t, i) => bearer(t, 5 + (i % 50)))]),
      );
      expect(ms).toBeLessThan(10_000);
      expect(new Set(r.tokens.map((t) => t.signature.status))).toEqual(new Set(['invalid']));
      expect(r.notes.join('\n')).toMatch(/at most \d+ keys are tried for one token/);
    },
  );
});
