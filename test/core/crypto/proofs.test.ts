import { describe, expect, it } from 'vitest';
import { CompactSign, calculateJwkThumbprint, importJWK } from 'jose';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { accessTokenHash, jwkThumbprint } from '../../../src/core/crypto/thumbprint.js';
import { verifyWith } from '../../../src/core/crypto/verify.js';
import type { TokenReport } from '../../../src/core/model/report.js';
import * as P from '../../fixtures/proofs.js';
import { CLIENT_PRIVATE, publicOf } from '../../fixtures/trust.js';

// RFC 7638 §3.1: the example RSA key and its thumbprint.
const RFC7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};
// RFC 9449 §4.1, Figure 3 (the proof for a token request) and §6.1 (its key's jkt); §7.1 (ath of an access token).
const RFC9449_PROOF =
  'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg';
const RFC9449_JWK = {
  kty: 'EC',
  x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
  y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
  crv: 'P-256',
};

const T0 = 1763900000;
const at = (s: number) => new Date((T0 + s) * 1000).toISOString();
const NOW = (T0 + 60) * 1000;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned-looking JWT with this header and payload (the signature part is never checked in these cases). */
const jwt = (header: object, payload: object) => `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;

type H = Array<{ name: string; value: string }>;
const entry = (
  started: string,
  method: string,
  url: string,
  headers: H,
  response: { status?: number; headers?: H; json?: unknown } = {},
) => ({
  startedDateTime: started,
  time: 10,
  request: { method, url, headers },
  response: {
    status: response.status ?? 200,
    headers: response.headers ?? [],
    content: response.json === undefined ? {} : { mimeType: 'application/json', text: JSON.stringify(response.json) },
  },
});
const discovery = entry(at(0), 'GET', 'https://issuer.example/.well-known/openid-configuration', [], {
  json: {
    issuer: 'https://issuer.example',
    jwks_uri: 'https://issuer.example/jwks',
    token_endpoint: 'https://issuer.example/token',
  },
});
const jwks = entry(at(1), 'GET', 'https://issuer.example/jwks', [], { json: P.ISSUER_JWKS });
const bearer = (token: string, s = 5, url = 'https://api.example/orders') =>
  entry(at(s), 'GET', url, [{ name: 'Authorization', value: `Bearer ${token}` }]);
const dpop = (token: string, proof: string, s: number, url = 'https://api.example/orders', extra: H = []) =>
  entry(at(s), 'GET', url, [
    { name: 'Authorization', value: `DPoP ${token}` },
    { name: 'DPoP', value: proof },
    ...extra,
  ]);

async function analyse(entries: unknown[]) {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  await a.verifySignatures();
  return a.report(NOW);
}
const find = (tokens: TokenReport[], jti: string) => {
  const t = tokens.find((x) => x.claims?.jti === jti);
  if (!t) throw new Error(`no token with jti ${jti}`);
  return t;
};
const codes = (t: TokenReport) => t.findings.map((f) => f.code);
const check = (t: TokenReport, name: string) => t.proofs[0]?.checks.find((c) => c.name === name);

describe('key and hash vectors', () => {
  it('computes RFC 7638’s example thumbprint, and agrees with jose on other keys', async () => {
    expect(jwkThumbprint(RFC7638_KEY)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(jwkThumbprint(P.CLIENT_JWK)).toBe(await calculateJwkThumbprint(P.CLIENT_JWK));
    expect(jwkThumbprint({ kty: 'EC', x: 'only-x' })).toBeNull();
  });

  it('gives RFC 9449’s jkt for its example key, verifies its example proof and computes its example ath', async () => {
    expect(jwkThumbprint(RFC9449_JWK)).toBe('0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I');
    expect(await verifyWith(RFC9449_PROOF, 'ES256', { jwk: RFC9449_JWK, certificate: null })).toBe(true);
    expect(await verifyWith(RFC9449_PROOF, 'ES256', { jwk: P.CLIENT_JWK, certificate: null })).toBe(false);
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });
});

describe('signatures from keys in the traffic', () => {
  it('verifies a token with the JWKS its issuer’s discovery document named, and says where the key came from', async () => {
    const r = await analyse([discovery, jwks, bearer(P.PLAIN)]);
    const t = find(r.tokens, 'at-2');
    expect(t.signature).toMatchObject({
      status: 'verified',
      kid: 'issuer-ec-1',
      source: 'https://issuer.example/jwks',
      entry: 1,
    });
    expect(codes(t)).not.toContain('signature-invalid');
  });

  it('verifies a token seen before its keys once they arrive, and says "not checked yet" only while a check is due', async () => {
    const a = new Analyzer();
    a.add(bearer(P.PLAIN));
    expect(a.report(NOW).tokens[0]?.signature.status).toBe('no-key'); // known without waiting: no key at all
    expect(await a.verifySignatures()).toBe(false); // nothing the report showed changed
    a.add(jwks);
    expect(a.report(NOW).tokens[0]?.signature).toMatchObject({ status: 'no-key' }); // judged before the JWKS came
    expect(await a.verifySignatures()).toBe(true);
    expect(a.report(NOW).tokens[0]?.signature).toMatchObject({
      status: 'verified',
      source: 'https://issuer.example/jwks',
    });
    a.add(bearer(P.TAMPERED, 7));
    expect(a.report(NOW).tokens.find((t) => t.claims?.sub === 'admin')?.signature).toMatchObject({
      status: 'not-checked',
      reason: 'Not checked yet.',
    });
  });

  it('reports signature-invalid for a tampered token and for one signed by another key under the issuer’s kid', async () => {
    const r = await analyse([jwks, bearer(P.TAMPERED), bearer(P.WRONG_KEY_SAME_KID, 6)]);
    for (const t of [find(r.tokens, 'at-2'), find(r.tokens, 'at-4')]) {
      expect(t.signature.status).toBe('invalid');
      expect(t.findings.find((f) => f.code === 'signature-invalid')).toMatchObject({ severity: 'error', entries: [0] });
    }
  });

  it('says no-key for a kid no captured key has', async () => {
    const t = find((await analyse([jwks, bearer(P.FOREIGN)])).tokens, 'at-3');
    expect(t.signature).toMatchObject({ status: 'no-key', kid: 'rogue-1', source: null });
    expect(codes(t)).not.toContain('signature-invalid');
  });

  it('flags an HS256 token naming the issuer’s EC key as alg-confusion and invalid', async () => {
    const t = find((await analyse([discovery, jwks, bearer(P.HS256_WITH_EC_KID)])).tokens, 'at-5');
    expect(t.signature.status).toBe('invalid');
    expect(codes(t)).toEqual(expect.arrayContaining(['alg-confusion', 'signature-invalid']));
  });

  it('flags an HS256 token without a kid when its issuer’s discovery document names a JWKS of public keys only', async () => {
    const hs = jwt({ alg: 'HS256', typ: 'JWT' }, { iss: 'https://issuer.example', sub: 'u', exp: T0 + 3600 });
    expect(codes((await analyse([discovery, jwks, bearer(hs)])).tokens[0] as TokenReport)).toContain('alg-confusion');
    const other = jwt({ alg: 'HS256', typ: 'JWT' }, { iss: 'https://elsewhere.example', sub: 'u', exp: T0 + 3600 });
    expect(codes((await analyse([discovery, jwks, bearer(other)])).tokens[0] as TokenReport)).not.toContain(
      'alg-confusion',
    );
  });

  it('does not check Graph tokens (header nonce), JWE or opaque tokens, and calls alg none unsigned', async () => {
    const graph = jwt(
      { typ: 'JWT', nonce: 'abc', alg: 'RS256', x5t: 'issuer-ec-1', kid: 'issuer-ec-1' },
      { aud: '00000003-0000-0000-c000-000000000000', exp: T0 + 3600 },
    );
    const none = jwt({ alg: 'none' }, { sub: 'x', exp: T0 + 3600 });
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a2V5.aXY.Y2lwaGVy.dGFn';
    const r = await analyse([
      jwks,
      bearer(graph),
      bearer(none, 6),
      bearer(jwe, 7),
      entry(at(8), 'GET', 'https://api.example/x', [
        { name: 'Authorization', value: 'Bearer 8xLOxBtZp8-opaque-token-value' },
      ]),
    ]);
    const by = (raw: string) => r.tokens.find((t) => t.sightings[0]?.entry === [graph, none, jwe].indexOf(raw) + 1);
    expect(by(graph)?.signature).toMatchObject({
      status: 'not-checked',
      reason: expect.stringMatching(/nonce.*Graph/),
    });
    expect(codes(by(graph) as TokenReport)).not.toContain('signature-invalid');
    expect(by(none)?.signature.status).toBe('unsigned');
    expect(by(jwe)?.signature).toMatchObject({ status: 'not-checked', reason: expect.stringMatching(/JWE/) });
    expect(r.tokens.find((t) => t.format === 'opaque')?.signature.status).toBe('not-checked');
  });
});

describe('header risks', () => {
  const risky = async (header: object, payload: object = { iss: 'https://issuer.example', sub: 'u', exp: T0 + 3600 }) =>
    codes((await analyse([bearer(jwt(header, payload))])).tokens[0] as TokenReport);

  it('flags an embedded jwk and a jku or x5u off the issuer’s host, not one on it', async () => {
    expect(await risky({ alg: 'RS256', jwk: RFC9449_JWK })).toContain('header-key-injection');
    expect(await risky({ alg: 'RS256', jku: 'https://evil.example/keys' })).toContain('header-key-injection');
    expect(await risky({ alg: 'RS256', x5u: 'https://evil.example/cert.pem' })).toContain('header-key-injection');
    expect(await risky({ alg: 'RS256', jku: 'https://issuer.example/jwks' })).not.toContain('header-key-injection');
  });

  it('flags a kid with path or quote characters, unknown crit names and b64: false', async () => {
    expect(await risky({ alg: 'HS256', kid: '../../../dev/null' })).toContain('kid-suspicious');
    expect(await risky({ alg: 'HS256', kid: "k' OR '1'='1" })).toContain('kid-suspicious');
    expect(await risky({ alg: 'HS256', kid: 'key-2025-11' })).not.toContain('kid-suspicious');
    expect(await risky({ alg: 'RS256', crit: ['exp-extension'], 'exp-extension': 1 })).toContain('crit-unknown');
    expect(await risky({ alg: 'RS256', crit: ['b64'], b64: false })).toEqual(expect.arrayContaining(['b64-false']));
    expect(await risky({ alg: 'RS256', crit: ['b64'], b64: false })).not.toContain('crit-unknown');
  });

  it('lists the RFC 9068 claims an at+jwt lacks', async () => {
    const t = (
      await analyse([
        bearer(
          jwt({ alg: 'RS256', typ: 'at+jwt' }, { iss: 'https://issuer.example', sub: 'u', exp: T0 + 3600, aud: 'api' }),
        ),
      ])
    ).tokens[0] as TokenReport;
    expect(t.findings.find((f) => f.code === 'at-jwt-claims-missing')?.message).toContain('lacks client_id, iat, jti');
    expect(codes(find((await analyse([bearer(P.PLAIN)])).tokens, 'at-2'))).not.toContain('at-jwt-claims-missing');
  });
});

describe('DPoP', () => {
  it('passes a correct proof with a bound token: every check, the signature included', async () => {
    const t = find((await analyse([dpop(P.BOUND, P.PROOF_ORDERS, 10)])).tokens, 'at-1');
    expect(t.proofs).toHaveLength(1);
    expect(t.proofs[0]?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['typ', true],
      ['alg', true],
      ['jwk', true],
      ['signature', true],
      ['htm', true],
      ['htu', true],
      ['iat', true],
      ['jti replay', true],
      ['ath', true],
      ['binding', true],
    ]);
    expect(t.proofs[0]?.thumbprint).toBe(P.CLIENT_JKT);
    expect(codes(t).filter((c) => c.startsWith('dpop'))).toEqual([]);
  });

  it('flags a replayed proof, a wrong htu, a missing ath, a stale iat and a Bearer downgrade', async () => {
    const replay = find(
      (await analyse([dpop(P.BOUND, P.PROOF_ORDERS, 10), dpop(P.BOUND, P.PROOF_ORDERS, 40)])).tokens,
      'at-1',
    );
    expect(replay.findings.find((f) => f.code === 'dpop-replayed')).toMatchObject({ severity: 'error', entries: [1] });
    const htu = find((await analyse([dpop(P.BOUND, P.PROOF_WRONG_HTU, 20)])).tokens, 'at-1');
    expect(htu.findings.find((f) => f.code === 'dpop-invalid')?.message).toContain(
      'htu: htu is "https://api.example/other" but the request went to https://api.example/orders',
    );
    const ath = find((await analyse([dpop(P.BOUND, P.PROOF_NO_ATH, 30)])).tokens, 'at-1');
    expect(check(ath, 'ath')).toMatchObject({ ok: false, detail: expect.stringContaining('ath is missing') });
    const stale = find((await analyse([dpop(P.BOUND, P.PROOF_ORDERS, 900)])).tokens, 'at-1');
    expect(check(stale, 'iat')).toMatchObject({
      ok: false,
      detail: 'iat is 890 s before the request (more than the 300 s a server allows)',
    });
    const down = find((await analyse([bearer(P.BOUND)])).tokens, 'at-1');
    expect(down.findings.find((f) => f.code === 'dpop-downgrade')?.message).toContain(`cnf.jkt ${P.CLIENT_JKT}`);
    expect(codes(find((await analyse([bearer(P.PLAIN)])).tokens, 'at-2'))).not.toContain('dpop-downgrade');
  });

  it('does not call the same request captured twice a replay', async () => {
    const e = dpop(P.BOUND, P.PROOF_ORDERS, 10);
    expect(codes(find((await analyse([e, e])).tokens, 'at-1'))).not.toContain('dpop-replayed');
  });

  it('flags a token sent with a proof but not bound to its key (dpop-unbound)', async () => {
    const t = find((await analyse([dpop(P.PLAIN, P.PROOF_ORDERS, 10)])).tokens, 'at-2');
    expect(check(t, 'binding')?.ok).toBe(false);
    expect(codes(t)).toEqual(expect.arrayContaining(['dpop-unbound', 'dpop-invalid'])); // ath is of BOUND, not PLAIN
  });

  it('requires the nonce a server asked for with DPoP-Nonce', async () => {
    const asked = entry(
      at(5),
      'GET',
      'https://api.example/orders',
      [{ name: 'Authorization', value: `DPoP ${P.BOUND}` }],
      {
        status: 401,
        headers: [
          { name: 'DPoP-Nonce', value: 'eyJ7S_zG.eyJH0-Z.HX4w-7v' },
          {
            name: 'WWW-Authenticate',
            value: 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
          },
        ],
      },
    );
    const t = find((await analyse([asked, dpop(P.BOUND, P.PROOF_ORDERS, 10)])).tokens, 'at-1');
    expect(t.proofs[1]?.checks.find((c) => c.name === 'nonce')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('carries none'),
    });
    // The challenge is a step of the protocol (RFC 9449 §9), answered by the retry: no refusal.
    expect(codes(t)).not.toContain('rejected');
    expect(t.sightings.find((s) => s.kind === 'request' && s.status === 401)).toMatchObject({ step: 'dpop-nonce' });
  });

  it('counts a DPoP nonce challenge as a refusal only when the retry with the nonce is challenged or refused again', async () => {
    const challenge = (s: number) =>
      entry(at(s), 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `DPoP ${P.BOUND}` }], {
        status: 401,
        headers: [
          { name: 'DPoP-Nonce', value: `nonce-${s}` },
          {
            name: 'WWW-Authenticate',
            value:
              'DPoP algs="ES256", error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
          },
        ],
      });
    const again = find((await analyse([challenge(5), challenge(10)])).tokens, 'at-1');
    expect(again.findings.find((f) => f.code === 'rejected')).toMatchObject({ entries: [1] });
    expect(again.findings.find((f) => f.code === 'rejected')?.message).toContain(
      'DPoP algs="ES256", error="use_dpop_nonce"',
    );
    // A later challenge, after the retry was answered, starts a new round (the server rotated its nonce).
    const ok = (s: number) =>
      entry(at(s), 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `DPoP ${P.BOUND}` }]);
    expect(codes(find((await analyse([challenge(5), ok(6), challenge(20), ok(21)])).tokens, 'at-1'))).not.toContain(
      'rejected',
    );
    const refused = find(
      (
        await analyse([
          challenge(5),
          entry(at(10), 'GET', 'https://api.example/orders', [{ name: 'Authorization', value: `DPoP ${P.BOUND}` }], {
            status: 403,
          }),
        ])
      ).tokens,
      'at-1',
    );
    expect(refused.findings.find((f) => f.code === 'rejected')).toMatchObject({ entries: [1] });
  });

  it('checks a proof sent to a token endpoint against the token it issued', async () => {
    const tokenRequest = entry(
      at(0),
      'POST',
      'https://issuer.example/token',
      [{ name: 'DPoP', value: P.PROOF_TOKEN_REQUEST }],
      { json: { access_token: P.BOUND, token_type: 'DPoP', expires_in: 3600 } },
    );
    const t = find((await analyse([tokenRequest])).tokens, 'at-1');
    expect(t.proofs[0]?.checks.filter((c) => c.ok !== true)).toEqual([]);
    const asBearer = entry(
      at(0),
      'POST',
      'https://issuer.example/token',
      [{ name: 'DPoP', value: P.PROOF_TOKEN_REQUEST }],
      { json: { access_token: P.PLAIN, token_type: 'Bearer' } },
    );
    expect(codes(find((await analyse([asBearer])).tokens, 'at-2'))).toContain('dpop-unbound');
  });
});

describe('Microsoft PoP signed requests', () => {
  const pop = (shr: string, s: number, method = 'GET', url = 'https://api.example:8443/orders?top=5') =>
    entry(at(s), method, url, [{ name: 'Authorization', value: `PoP ${shr}` }]);

  it('shows the inner access token with its signed request, every check passing', async () => {
    const r = await analyse([pop(P.POP_ORDERS, 5)]);
    const t = find(r.tokens, 'at-pop');
    expect(t.proofs[0]).toMatchObject({
      kind: 'pop',
      thumbprint: P.POP_KEY_ID,
      claims: { m: 'GET', u: 'api.example:8443', p: '/orders', q: [[], 'top=5'] },
    });
    expect(t.proofs[0]?.claims?.at).toMatch(/^\[the access token: \d+ characters\]$/);
    expect(t.proofs[0]?.checks.map((c) => [c.name, c.ok])).toEqual([
      ['typ', true],
      ['alg', true],
      ['jwk', true],
      ['signature', true],
      ['m', true],
      ['u', true],
      ['p', true],
      ['q', true],
      ['ts', true],
      ['binding', true],
    ]);
    expect(codes(t)).not.toContain('pop-invalid');
  });

  it('flags a signed request whose method, path and query do not match, or that is stale', async () => {
    const t = find((await analyse([pop(P.POP_WRONG_REQUEST, 5)])).tokens, 'at-pop');
    const f = t.findings.find((x) => x.code === 'pop-invalid');
    expect(f?.message).toContain('m: m is "PUT" but the request is GET');
    expect(f?.message).toContain('p: p is "/other" but the request path is /orders');
    const other = find(
      (await analyse([pop(P.POP_ORDERS, 5, 'GET', 'https://other.example/orders?top=5')])).tokens,
      'at-pop',
    );
    expect(check(other, 'u')).toMatchObject({
      ok: false,
      detail: 'u is "api.example:8443" but the request went to other.example',
    });
    const stale = find((await analyse([pop(P.POP_ORDERS, 3600)])).tokens, 'at-pop');
    expect(check(stale, 'ts')?.ok).toBe(false);
  });
});

describe('hostile keys and proofs', () => {
  it('a JWKS key that cannot be imported leaves the token not-checked with the reason; a garbage DPoP header is a failed check', async () => {
    const broken = entry(at(1), 'GET', 'https://issuer.example/jwks', [], {
      json: {
        keys: [
          { kty: 'EC', crv: 'P-256', kid: 'issuer-ec-1', x: 'not-a-point', y: 'nope' },
          { kty: 'RSA', kid: 'r', n: 'AQAB', e: 'x'.repeat(10_000) },
          'text',
          null,
        ],
      },
    });
    const garbage = dpop(P.BOUND, 'eyJhbGciOiJFUzI1NiJ9.not-json.x', 10);
    const r = await analyse([broken, bearer(P.PLAIN), garbage]);
    expect(find(r.tokens, 'at-2').signature).toMatchObject({
      status: 'not-checked',
      reason: expect.stringContaining('could not be used'),
    });
    const t = find(r.tokens, 'at-1');
    expect(t.proofs[0]?.checks).toEqual([
      { name: 'proof', ok: false, detail: expect.stringContaining('not a readable JWT') },
    ]);
    expect(codes(t)).toContain('dpop-invalid');
  });

  it('keeps a crit-unknown message short whatever the header lists', async () => {
    const crit = Array.from({ length: 5000 }, (_, i) => `ext-${i}`);
    const t = (await analyse([bearer(jwt({ alg: 'RS256', crit }, { exp: T0 + 3600 }))])).tokens[0] as TokenReport;
    expect(t.findings.find((f) => f.code === 'crit-unknown')?.message.length).toBeLessThan(700);
  });
});

describe('a proof that leaks the client’s private key', () => {
  it('fails the jwk check and the report never carries the private member', async () => {
    const leaky = jwt(
      { typ: 'dpop+jwt', alg: 'ES256', jwk: { ...RFC9449_JWK, d: 'PRIVATE-SCALAR-VALUE' } },
      { jti: 'leak-1', htm: 'GET', htu: 'https://api.example/orders', iat: T0 + 10 },
    );
    const r = await analyse([dpop(P.BOUND, leaky, 10)]);
    const t = find(r.tokens, 'at-1');
    expect(check(t, 'jwk')).toMatchObject({ ok: false, detail: expect.stringContaining('private members (d)') });
    expect(JSON.stringify(r)).not.toContain('PRIVATE-SCALAR-VALUE');
    expect((t.proofs[0]?.header?.jwk as Record<string, unknown>).d).toBe('[redacted: private key member]');
  });
});

describe('every proof judged, htu compared as RFC 3986 normalises it', () => {
  const clientPublic = publicOf(CLIENT_PRIVATE);
  const signProof = async (header: object, payload: object) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256', ...header } as never)
      .sign(await importJWK(CLIENT_PRIVATE, 'ES256'));
  /** An access token bound to the client key (cnf.jkt); its own signature plays no part here. */
  const token = async () =>
    jwt(
      { alg: 'ES256', typ: 'at+jwt', kid: 'issuer-ec-1' },
      {
        iss: 'https://issuer.example',
        sub: 'u',
        aud: 'https://api.example',
        client_id: 'spa',
        iat: T0,
        exp: T0 + 3600,
        jti: 'at-bound',
        cnf: { jkt: await calculateJwkThumbprint(clientPublic) },
      },
    );
  const proof = async (access: string, jti: string, s: number, htu = 'https://api.example/orders') =>
    signProof(
      { typ: 'dpop+jwt', jwk: clientPublic },
      { jti, htm: 'GET', htu, iat: T0 + s, ath: accessTokenHash(access) },
    );

  it('judges proofs past the 20 shown: a replay and a wrong htu after 20 good proofs are reported', async () => {
    const access = await token();
    const good = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => dpop(access, await proof(access, `good-${i}`, 10 + i), 10 + i)),
    );
    const replayed = dpop(access, await proof(access, 'good-0', 10), 40);
    const wrongHtu = dpop(access, await proof(access, 'late-1', 41, 'https://api.example/admin'), 41);
    const t = find((await analyse([...good, replayed, wrongHtu])).tokens, 'at-bound');
    expect(t.findings.find((f) => f.code === 'dpop-replayed')).toMatchObject({ entries: [20] });
    expect(t.findings.find((f) => f.code === 'dpop-invalid')?.message).toContain('htu is "https://api.example/admin"');
    // Only the display is capped, and the report says how many there were.
    expect(t.proofs).toHaveLength(20);
    expect(t.proofsSent).toBe(22);
  });

  it('a proof past the 20 shown with a bad signature is reported once its signature is checked', async () => {
    const access = await token();
    const good = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => dpop(access, await proof(access, `good-${i}`, 10 + i), 10 + i)),
    );
    const valid = await proof(access, 'late-sig', 40);
    const broken = `${valid.slice(0, valid.lastIndexOf('.'))}.${Buffer.alloc(64, 1).toString('base64url')}`;
    const t = find((await analyse([...good, dpop(access, broken, 40)])).tokens, 'at-bound');
    expect(t.findings.find((f) => f.code === 'dpop-invalid')?.message).toContain(
      "signature: the ES256 signature does not match the proof's key",
    );
  });

  it('compares htu after RFC 3986 normalisation: case, percent-encoding, unreserved characters, default port, dot segments', async () => {
    const access = await token();
    const cases: Array<[string, string]> = [
      ['https://api.example/caf%c3%a9', 'https://api.example/caf%C3%A9'],
      ['https://api.example/~user/orders', 'https://api.example/%7Euser/orders'],
      ['HTTPS://API.Example:443/a/../orders', 'https://api.example/orders'],
    ];
    for (const [htu, url] of cases) {
      const t = find((await analyse([dpop(access, await proof(access, 'n-1', 10, htu), 10, url)])).tokens, 'at-bound');
      expect([htu, check(t, 'htu')?.ok]).toEqual([htu, true]);
    }
    const other = find(
      (
        await analyse([
          dpop(
            access,
            await proof(access, 'n-2', 10, 'https://api.example/caf%C3%A8'),
            10,
            'https://api.example/caf%C3%A9',
          ),
        ])
      ).tokens,
      'at-bound',
    );
    expect(check(other, 'htu')?.ok).toBe(false);
  });

  it('refuses a malformed htu that WHATWG parsing would repair: a tab, backslashes, userinfo, a relative URI', async () => {
    const access = await token();
    for (const htu of [
      'https://api.example/ord\ters',
      'https:\\\\api.example\\orders',
      'https://alice@api.example/orders',
      '/orders',
    ]) {
      const t = find((await analyse([dpop(access, await proof(access, 'm-1', 10, htu), 10)])).tokens, 'at-bound');
      expect([htu, check(t, 'htu')]).toEqual([
        htu,
        expect.objectContaining({ ok: false, detail: expect.stringContaining('is refused') }),
      ]);
    }
  });

  it('flags a PoP signed request without q when the request URL has a query', async () => {
    const jkt = await calculateJwkThumbprint(clientPublic);
    const inner = jwt(
      { alg: 'ES256', typ: 'JWT', kid: 'pop-issuer' },
      {
        iss: 'https://issuer.example',
        aud: 'https://api.example',
        sub: 'u',
        iat: T0,
        exp: T0 + 3600,
        jti: 'at-pop-q',
        cnf: { kid: jkt },
      },
    );
    const shr = await signProof(
      { typ: 'pop', kid: jkt },
      {
        at: inner,
        ts: T0 + 5,
        nonce: '5b7c7e4d-6f5e-4e8a-9a53-2f3c0c1e9d11',
        m: 'GET',
        u: 'api.example:8443',
        p: '/orders',
        cnf: { jwk: clientPublic },
      },
    );
    const t = find(
      (
        await analyse([
          entry(at(5), 'GET', 'https://api.example:8443/orders?top=5&admin=true', [
            { name: 'Authorization', value: `PoP ${shr}` },
          ]),
        ])
      ).tokens,
      'at-pop-q',
    );
    expect(check(t, 'q')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('q is missing but the request has a query'),
    });
    expect(codes(t)).toContain('pop-invalid');
  });
});
