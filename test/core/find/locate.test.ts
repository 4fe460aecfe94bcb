import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../cpu-time.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { locate } from '../../../src/core/find/locate.js';
import * as P from '../../fixtures/proofs.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';

const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const found = (raw: unknown) =>
  locate(normalizeEntry(raw, 0)).map(({ raw: token, where, name, role }) => ({ token, where, name, role }));

describe('locate: Authorization header', () => {
  it('finds a bearer token whatever the case of the header name and the scheme (HTTP/2 lower-case names)', () => {
    expect(found(entries[2])).toEqual([
      { token: T.ACS_USER_ADDIN, where: 'authorization-header', name: 'Authorization', role: 'access' },
    ]);
    expect(found(entries[3])[0]).toMatchObject({ token: T.ACS_ADDIN_ONLY, where: 'authorization-header' });
    expect(
      found({ request: { headers: [{ name: 'AUTHORIZATION', value: `BEARER ${T.RFC7519_JWT}` }] } })[0]?.token,
    ).toBe(T.RFC7519_JWT);
  });

  it('does not take Basic, NTLM, Negotiate, Digest or an empty value for a token', () => {
    for (const value of [
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l',
      'NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==',
      'Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnagMDAu',
      'Digest username="Mufasa", realm="http-auth@example.org"',
      '',
      'Bearer',
      'Bearer ',
    ]) {
      expect(found({ request: { headers: [{ name: 'authorization', value }] } })).toEqual([]);
    }
  });
});

describe('locate: proofs of possession are not tokens', () => {
  it('takes the token of Authorization: DPoP, never the proof in the DPoP header (proofs.ts checks it)', () => {
    const req = {
      request: {
        method: 'GET',
        url: 'https://api.contoso.com/orders',
        headers: [
          { name: 'Authorization', value: `DPoP ${P.BOUND}` },
          { name: 'DPoP', value: P.PROOF_ORDERS },
        ],
      },
    };
    expect(found(req).map((c) => c.token)).toEqual([P.BOUND]);
  });

  it('does not list a Microsoft PoP signed request as a token (proofs.ts reports its inner access token)', () => {
    expect(
      found({
        request: {
          method: 'GET',
          url: 'https://api.contoso.com/orders',
          headers: [{ name: 'Authorization', value: `PoP ${P.POP_ORDERS}` }],
        },
      }),
    ).toEqual([]);
  });
});

describe('locate: form fields', () => {
  it('finds SPAppToken in the urlencoded form SharePoint posts to the add-in start page', () => {
    expect(found(entries[1]).filter((c) => c.where === 'form-field')).toEqual([
      { token: T.ACS_CONTEXT, where: 'form-field', name: 'SPAppToken', role: 'context' },
    ]);
  });

  it('finds SPAppToken in a multipart/form-data body, skipping file parts', () => {
    expect(found(entries[9])).toEqual([
      { token: T.ACS_CONTEXT, where: 'form-field', name: 'SPAppToken', role: 'context' },
    ]);
  });

  it('reads urlencoded text when the exporter gave no params (and does not read a client_secret as a token)', () => {
    const e = {
      request: {
        method: 'POST',
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: `grant_type=refresh_token&refresh_token=${encodeURIComponent(T.OPAQUE_REFRESH)}&client_secret=abcdefghijklmnopqrstu`,
        },
      },
    };
    expect(found(e)).toEqual([
      { token: T.OPAQUE_REFRESH, where: 'form-field', name: 'refresh_token', role: 'refresh' },
    ]);
  });

  it('finds a boundary in the body when the mime type lost it', () => {
    const e = {
      request: {
        postData: {
          mimeType: 'multipart/form-data',
          text: `--XyZ\r\nContent-Disposition: form-data; name="SPAppToken"\r\n\r\n${T.ACS_CONTEXT}\r\n--XyZ--\r\n`,
        },
      },
    };
    expect(found(e)[0]).toMatchObject({ token: T.ACS_CONTEXT, name: 'SPAppToken' });
  });
});

describe('locate: token responses', () => {
  it('finds access, ID and refresh tokens in an Entra ID token response, and dates an access token by expires_in', () => {
    const c = locate(normalizeEntry(entries[5], 5)).filter((x) => x.where === 'response-body');
    expect(c.map((x) => [x.name, x.role])).toEqual([
      ['access_token', 'access'],
      ['refresh_token', 'refresh'],
      ['id_token', 'id'],
    ]);
    // startedDateTime 22:20:09.000 plus the request's 80.512 ms, plus expires_in 4499 s
    expect((entries[5] as { startedDateTime: string }).startedDateTime).toBe('2023-11-14T22:20:09.000Z');
    expect(c[0]!.expiresAt).toBe(1700000409 + 4499);
  });

  it('takes expires_on as given (ACS sends it as a string), and reads a base64-encoded body', () => {
    const body = JSON.stringify({
      token_type: 'Bearer',
      access_token: T.MSA_OPAQUE,
      expires_in: '43199',
      expires_on: '1700043199',
    });
    const e = {
      startedDateTime: '2023-11-14T22:13:20Z',
      response: { content: { mimeType: 'application/json', encoding: 'base64', text: btoa(body) } },
    };
    expect(locate(normalizeEntry(e, 0))).toEqual([
      { raw: T.MSA_OPAQUE, where: 'response-body', name: 'access_token', role: 'access', expiresAt: 1700043199 },
    ]);
  });

  it('ignores bodies that are not JSON objects', () => {
    expect(found({ response: { content: { text: `["${T.RFC7519_JWT}"]` } } })).toEqual([]);
    expect(found({ response: { content: { text: '{"access_token": ' } } })).toEqual([]);
  });
});

describe('locate: cookies, URLs and other bodies', () => {
  it('finds a JWT in a Cookie header and in request.cookies once per cookie', () => {
    expect(found(entries[4])).toEqual([
      { token: T.ACS_USER_ADDIN, where: 'cookie', name: 'spAccessToken', role: null },
    ]);
  });

  it('finds tokens in Set-Cookie, with several cookies joined by newlines as Chromium exports them', () => {
    expect(found(entries[1]).filter((c) => c.where === 'set-cookie')).toEqual([
      { token: T.ACS_CONTEXT, where: 'set-cookie', name: 'SPContextToken', role: 'context' },
    ]);
  });

  it('ignores ordinary session cookies', () => {
    expect(
      found({
        request: {
          headers: [
            { name: 'cookie', value: 'FedAuth=77u/PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0idXRmLTgiPz4; rtFa=abc' },
          ],
        },
      }),
    ).toEqual([]);
  });

  it('finds access_token in a URL, and any JWT-valued parameter', () => {
    expect(found(entries[7])).toEqual([{ token: T.MSA_OPAQUE, where: 'query', name: 'access_token', role: 'access' }]);
    expect(found({ request: { url: `https://app.example/cb?state=1&assertion_x=${T.RFC7519_JWT}` } })[0]).toMatchObject(
      { where: 'query', name: 'assertion_x', role: null },
    );
    expect(found({ request: { url: `https://app.example/cb#id_token=${T.ENTRA_V2_ID}&state=1` } })[0]).toMatchObject({
      where: 'query',
      name: 'id_token',
      role: 'id',
    });
  });

  it('finds JWTs inside JSON and text request bodies', () => {
    const json = {
      request: {
        postData: {
          mimeType: 'application/json',
          text: JSON.stringify({ userAssertion: T.ENTRA_V1_DELEGATED, nested: { t: T.RFC7519_JWT } }),
        },
      },
    };
    expect(found(json).map((c) => [c.where, c.name, c.token])).toEqual([
      ['request-body', 'userAssertion', T.ENTRA_V1_DELEGATED],
      ['request-body', 'body', T.RFC7519_JWT],
    ]);
    expect(
      found({ request: { postData: { mimeType: 'text/plain', text: `token is ${T.ENTRA_V2_ID}.` } } })[0],
    ).toMatchObject({ where: 'request-body', token: T.ENTRA_V2_ID });
  });
});

describe('locate: tokens in any request header', () => {
  const withHeaders = (...headers: Array<[string, string]>) => ({
    request: {
      url: 'https://api.contoso.example/v1/orders',
      headers: headers.map(([name, value]) => ({ name, value })),
    },
  });
  const sightings = (...headers: Array<[string, string]>) =>
    locate(normalizeEntry(withHeaders(...headers), 0)).map(({ raw, where, name, scheme }) => ({
      raw,
      where,
      name,
      scheme,
    }));

  it('reads every Authorization scheme that carries a replayable credential, and records the scheme', () => {
    expect(sightings(['Authorization', `DPoP ${T.RFC7519_JWT}`])).toEqual([
      { raw: T.RFC7519_JWT, where: 'authorization-header', name: 'Authorization', scheme: 'DPoP' },
    ]);
    expect(sightings(['Authorization', `JWT ${T.RFC7519_JWT}`])).toEqual([
      { raw: T.RFC7519_JWT, where: 'authorization-header', name: 'Authorization', scheme: 'JWT' },
    ]);
    expect(sightings(['authorization', 'api_key mob-82856bdd-1e79-4d98-a55f-be43b733543b'])).toEqual([
      {
        raw: 'mob-82856bdd-1e79-4d98-a55f-be43b733543b',
        where: 'authorization-header',
        name: 'Authorization',
        scheme: 'api_key',
      },
    ]);
    expect(sightings(['Proxy-Authorization', `Bearer ${T.RFC7519_JWT}`])).toEqual([
      { raw: T.RFC7519_JWT, where: 'authorization-header', name: 'Proxy-Authorization', scheme: 'Bearer' },
    ]);
    expect(
      sightings([
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
      ]),
    ).toEqual([]);
    // no scheme at all: the value is the token
    expect(sightings(['Authorization', T.RFC7519_JWT])).toEqual([
      { raw: T.RFC7519_JWT, where: 'authorization-header', name: 'Authorization', scheme: undefined },
    ]);
  });

  it('finds a JWT in any other header, with or without a scheme, and an opaque value only under a credential’s name', () => {
    expect(sightings(['X-Auth-Token', T.RFC7519_JWT])).toEqual([
      { raw: T.RFC7519_JWT, where: 'header', name: 'X-Auth-Token', scheme: undefined },
    ]);
    expect(sightings(['apikey', T.RFC7519_JWT])).toEqual([
      { raw: T.RFC7519_JWT, where: 'header', name: 'apikey', scheme: undefined },
    ]);
    expect(sightings(['X-Ms-Token-Aad-Id-Token', `Bearer ${T.ENTRA_V2_ID}`])).toEqual([
      { raw: T.ENTRA_V2_ID, where: 'header', name: 'X-Ms-Token-Aad-Id-Token', scheme: 'Bearer' },
    ]);
    expect(sightings(['x-goog-api-key', 'AIzaSyDyT5W0Jh49F30Pqqtyfdf7pDLFKLJoAnw'])).toEqual([
      { raw: 'AIzaSyDyT5W0Jh49F30Pqqtyfdf7pDLFKLJoAnw', where: 'header', name: 'x-goog-api-key', scheme: undefined },
    ]);
    expect(sightings(['Ocp-Apim-Subscription-Key', '0123456789abcdef0123456789abcdef'])).toHaveLength(1);
    expect(sightings(['Referer', `https://app.example/cb?access_token=${T.RFC7519_JWT}&state=1`])).toEqual([
      { raw: T.RFC7519_JWT, where: 'header', name: 'Referer', scheme: undefined },
    ]);
  });

  it('does not take ordinary headers, anti-forgery tokens or short test values for credentials', () => {
    expect(
      sightings(
        ['X-Request-Id', '0f8fad5b-d9cb-469f-a165-70867728950e'],
        ['X-CSRF-Token', 'c2VjcmV0LWNzcmYtdG9rZW4tdmFsdWUtMTIzNDU2'],
        ['X-XSRF-TOKEN', 'eaf0c44a-5a9c-4b9e-a1c7-3f2d1e0b9a88'],
        ['If-None-Match', 'W/"5e15153d-120f"abcdefghijkl'],
        ['X-Api-Key', 'secret-key'],
        ['X-Auth-Token', 'Secret'],
        ['Accept', 'application/json'],
        [':path', `/cb?token=${T.RFC7519_JWT}`],
      ),
    ).toEqual([]);
  });
});

describe('locate: placeholders and redactions are not tokens', () => {
  const one = (name: string, value: string) =>
    locate(normalizeEntry({ request: { url: 'https://api.example/', headers: [{ name, value }] } }, 0));
  it.each([
    'Bearer ${token}',
    'Bearer ${accessToken}',
    'Bearer {{bearer_auth_token}}',
    'Bearer <token>',
    'Bearer <YOUR_ACCESS_TOKEN>',
    'Bearer [REDACTED]',
    'Bearer ***',
    'Bearer ******************',
    'Bearer xxx',
    'Bearer xxxxxxxxxxxxxxxxxxxx',
    'Bearer null',
    'Bearer undefined',
    'Bearer %TOKEN%',
    'Bearer $TOKEN',
    'Bearer REDACTED_BY_PROXYMAN',
    'Bearer your_token_here',
  ])('Authorization: %s', (value) => {
    expect(one('Authorization', value)).toEqual([]);
  });

  it('in other credential headers, cookies and form fields too', () => {
    expect(one('X-Api-Key', '${API_KEY}')).toEqual([]);
    expect(one('X-Auth-Token', '[REDACTED]')).toEqual([]);
    expect(
      locate(
        normalizeEntry(
          { request: { headers: [{ name: 'Cookie', value: 'access_token=[REDACTED]; session=***' }] } },
          0,
        ),
      ),
    ).toEqual([]);
    expect(
      locate(
        normalizeEntry(
          {
            request: {
              method: 'POST',
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                text: 'refresh_token=%7B%7Brefresh_token%7D%7D',
              },
            },
          },
          0,
        ),
      ),
    ).toEqual([]);
  });

  it('still takes a real opaque bearer token, however short', () => {
    expect(one('Authorization', 'Bearer abc123').map((c) => c.raw)).toEqual(['abc123']);
    expect(one('Authorization', `Bearer ${T.MSA_OPAQUE}`).map((c) => c.raw)).toEqual([T.MSA_OPAQUE]);
  });
});

describe('locate: hostile header values', () => {
  // A page sets its own headers, up to 240 KB. A search that starts a match at every "ey" rescans the value from
  // each one: seconds per header, for every request of a scan. Measured, with room for a busy machine.
  it.each([
    ['eyJ-ey-', 'eyJ-ey-'.repeat(40000)],
    ['eyJhbGci.', 'eyJhbGci.'.repeat(30000)],
  ])('a 240 KB value of "%s" repeated takes milliseconds, not seconds', (_, value) => {
    const { ms, out } = cpuMs(() => found({ request: { headers: [{ name: 'X-Data', value }] } }));
    expect(out).toEqual([]);
    expect(ms).toBeLessThan(2000);
  });

  it('finds a JWT whose header starts eyA inside a longer header value', () => {
    const spaced =
      'eyAiYWxnIjoiSFMyNTYiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsZXgifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(found({ request: { headers: [{ name: 'X-Context', value: `{"t":"${spaced}"}` }] } })).toEqual([
      { token: spaced, where: 'header', name: 'X-Context', role: null },
    ]);
  });
});

describe('locate: tokens inside form-field and body text', () => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  // A Firebase Auth ID token as every Firebase web app sends it to Firestore
  const FIREBASE_ID = `${b64({ alg: 'RS256', kid: 'a1b2c3d4e5f60718293a4b5c6d7e8f9001122334', typ: 'JWT' })}.${b64({ iss: 'https://securetoken.google.com/demo-notes', aud: 'demo-notes', auth_time: 1700000000, user_id: 'k3Yt9QmZ2hRwX8vN1pL4sD7fG6jB', sub: 'k3Yt9QmZ2hRwX8vN1pL4sD7fG6jB', iat: 1700000000, exp: 1700003600, firebase: { identities: {}, sign_in_provider: 'anonymous' } })}.bm90LWEtcmVhbC1zaWduYXR1cmUtYnV0LWxvbmctZW5vdWdo`;

  it("finds the ID token in the `headers` field of Firestore's WebChannel POST", () => {
    const headers = `X-Goog-Api-Client:gl-js/ fire/10.7.1\r\nContent-Type:text/plain\r\nX-Firebase-GMPID:1:123456789012:web:0a1b2c3d4e5f\r\nAuthorization:Bearer ${FIREBASE_ID}\r\n`;
    const body = `headers=${encodeURIComponent(headers)}&count=1&ofs=0&req0___data__=${encodeURIComponent('{"database":"projects/demo-notes/databases/(default)","addTarget":{"documents":{"documents":["projects/demo-notes/databases/(default)/documents/notes/a"]},"targetId":2}}')}`;
    const req = {
      request: {
        method: 'POST',
        url: 'https://firestore.googleapis.com/google.firestore.v1.Firestore/Listen/channel?VER=8&database=projects%2Fdemo-notes%2Fdatabases%2F(default)&RID=53412&CVER=22&X-HTTP-Session-Id=gsessionid&zx=k2l5m8n1&t=1',
        headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        postData: { mimeType: 'application/x-www-form-urlencoded', text: body },
      },
    };
    expect(found(req)).toEqual([{ token: FIREBASE_ID, where: 'form-field', name: 'headers', role: 'access' }]);
  });

  it('finds a JWT and an opaque bearer credential inside longer field, query and body text', () => {
    const form = {
      request: {
        method: 'POST',
        url: 'https://app.contoso.com/log',
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: `msg=${encodeURIComponent(`retrying with token=${T.RFC7519_JWT} after 401`)}&hdrs=Authorization%3A+Bearer+2YotnFZFEjr1zCsicMWpAA8xq0Zp`,
        },
      },
    };
    expect(found(form)).toEqual([
      { token: T.RFC7519_JWT, where: 'form-field', name: 'msg', role: null },
      { token: '2YotnFZFEjr1zCsicMWpAA8xq0Zp', where: 'form-field', name: 'hdrs', role: 'access' },
    ]);
    const query = {
      request: {
        method: 'GET',
        url: `https://app.contoso.com/c?$httpHeaders=${encodeURIComponent(`Authorization:Bearer ${T.RFC7519_JWT}`)}`,
      },
    };
    expect(found(query)).toEqual([{ token: T.RFC7519_JWT, where: 'query', name: '$httpHeaders', role: 'access' }]);
    const text = {
      request: {
        method: 'POST',
        url: 'https://app.contoso.com/log',
        postData: { mimeType: 'text/plain', text: 'GET /orders\nauthorization: bearer 2YotnFZFEjr1zCsicMWpAA8xq0Zp\n' },
      },
    };
    expect(found(text)).toEqual([
      { token: '2YotnFZFEjr1zCsicMWpAA8xq0Zp', where: 'request-body', name: 'body', role: 'access' },
    ]);
    // a word after "Bearer" in prose, a placeholder: no token
    const prose = {
      request: {
        method: 'POST',
        url: 'https://app.contoso.com/log',
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: `doc=${encodeURIComponent('Send Authorization: Bearer <your-access-token> with every call, bearer tokens expire')}`,
        },
      },
    };
    expect(found(prose)).toEqual([]);
  });
});

describe('locate: public-by-design analytics identifiers are not tokens', () => {
  it('Mixpanel `token`, Segment `writeKey`, Amplitude `api_key`/`client`, PostHog `token` to their own hosts only', () => {
    const get = (url: string) => ({ request: { method: 'GET', url } });
    const form = (url: string, params: Array<{ name: string; value: string }>) => ({
      request: {
        method: 'POST',
        url,
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: new URLSearchParams(params.map((p) => [p.name, p.value])).toString(),
        },
      },
    });
    expect(
      found(
        get(
          'https://api-js.mixpanel.com/engage/?verbose=1&ip=1&_=1700000000000&token=4b3c2a1f0e9d8c7b6a5f4e3d2c1b0a99',
        ),
      ),
    ).toEqual([]);
    expect(found(get('https://api.segment.io/v1/p?writeKey=WrItEkEy0123456789abcdefXYZ'))).toEqual([]);
    expect(
      found(
        form('https://api2.amplitude.com/', [
          { name: 'client', value: '0123456789abcdef0123456789abcdef' },
          { name: 'e', value: '[]' },
        ]),
      ),
    ).toEqual([]);
    expect(
      found(get('https://us.i.posthog.com/decide/?v=3&token=phc_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg')),
    ).toEqual([]);
    // the same parameter to any other host is still a token
    expect(found(get('https://api.contoso.com/export?token=4b3c2a1f0e9d8c7b6a5f4e3d2c1b0a99'))).toEqual([
      { token: '4b3c2a1f0e9d8c7b6a5f4e3d2c1b0a99', where: 'query', name: 'token', role: null },
    ]);
    expect(found(get('https://mixpanel.com.evil.example/track?token=4b3c2a1f0e9d8c7b6a5f4e3d2c1b0a99'))).toHaveLength(
      1,
    );
  });
});
