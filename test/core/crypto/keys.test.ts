import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { wantsResponseBody } from '../../../src/core/har/capture.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { KeyRing } from '../../../src/core/crypto/keys.js';
import * as P from '../../fixtures/proofs.js';

const live = (url: string) => ({
  startedDateTime: '2026-11-22T10:00:00.000Z',
  request: { method: 'GET', url },
  response: { status: 200, content: { mimeType: 'application/json', size: 1200 } },
});
const response = (index: number, url: string, body: unknown) =>
  normalizeEntry(
    {
      request: { method: 'GET', url },
      response: { status: 200, content: { mimeType: 'application/json', text: JSON.stringify(body) } },
    },
    index,
  );

describe('key documents in a live capture', () => {
  it.each([
    ['OIDC discovery', 'https://issuer.example/.well-known/openid-configuration'],
    ['a JWKS', 'https://issuer.example/oidc/jwks'],
    ['Entra keys', 'https://login.microsoftonline.com/common/discovery/v2.0/keys'],
    ['Google certs', 'https://www.googleapis.com/oauth2/v3/certs'],
  ])('fetches the body of %s', (_, url) => {
    expect(wantsResponseBody(live(url))).toBe(true);
  });
});

describe('KeyRing', () => {
  it('collects JWKS keys, ties them to the issuer a discovery document names, and ignores other JSON', () => {
    const ring = new KeyRing();
    ring.addEntry(
      response(0, 'https://issuer.example/.well-known/openid-configuration', {
        issuer: 'https://issuer.example',
        jwks_uri: 'https://cdn.example/keys.json',
      }),
    );
    ring.addEntry(response(1, 'https://cdn.example/keys.json', P.ISSUER_JWKS));
    ring.addEntry(response(2, 'https://api.example/list', { keys: ['a', 'b'] }));
    expect(ring.keys.map((k) => [k.kid, k.kty, k.source, k.entry])).toEqual([
      ['issuer-ec-1', 'EC', 'https://cdn.example/keys.json', 1],
    ]);
    expect(ring.forIssuer('https://issuer.example').map((k) => k.kid)).toEqual(['issuer-ec-1']);
    expect(ring.forIssuer('https://other.example')).toEqual([]);
    expect(ring.match({ alg: 'ES256', kid: 'issuer-ec-1' }, 'some-token')).toHaveLength(1);
    expect(ring.match({ alg: 'ES256', kid: 'other' }, 'some-token')).toHaveLength(0);
  });

  it('takes an x5c certificate from a header, matched by its SHA-1 x5t, but not for the token that carried it', () => {
    const ring = new KeyRing();
    ring.addHeader({ alg: 'ES256', x5c: [P.TEST_CERT_X5C] }, 'carrier', 3);
    expect(ring.keys.map((k) => [k.x5t, k.kty, k.source, k.entry])).toEqual([
      [P.TEST_CERT_X5T, 'certificate', 'x5c in the header of token carrier', 3],
    ]);
    expect(ring.match({ alg: 'ES256', x5t: P.TEST_CERT_X5T }, 'another')).toHaveLength(1);
    expect(ring.match({ alg: 'ES256', x5t: P.TEST_CERT_X5T }, 'carrier')).toHaveLength(0);
  });

  it('a certificate another token carried is no trust anchor: a token naming it by x5t is untrusted-key, and the carrier is not vouched for by its own x5c', async () => {
    const a = new Analyzer();
    const sent = (token: string, started: string) => ({
      startedDateTime: started,
      request: {
        method: 'GET',
        url: 'https://api.example/x',
        headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
      },
      response: { status: 200 },
    });
    a.add(sent(P.X5C_CARRIER, '2025-11-23T12:13:30Z'));
    a.add(sent(P.X5T_NAMED, '2025-11-23T12:13:31Z'));
    await a.verifySignatures();
    const bySub = (sub: string) =>
      a.report(Date.parse('2025-11-23T12:14:00Z')).tokens.find((t) => t.claims?.sub === sub)?.signature;
    expect(bySub('named')).toMatchObject({
      status: 'untrusted-key',
      kid: P.TEST_CERT_X5T,
      entry: 0,
      source: expect.stringMatching(/^x5c in the header of token [0-9a-f]{16}$/),
    });
    expect(bySub('carrier')?.status).toBe('no-key');
  });
});
