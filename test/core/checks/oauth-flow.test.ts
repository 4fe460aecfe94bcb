import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import type { Report } from '../../../src/core/model/report.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const AUTHORITY = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0`;
const CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const APP = 'https://app.contoso.com/';
const T0 = Date.parse('2024-03-04T08:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An Entra v2 ID token as the token endpoint returns it (signature bytes are not what is judged here). */
const idToken = (nonce: string | undefined) =>
  `${b64({ typ: 'JWT', alg: 'RS256', kid: 'L1KfKFI_jnXbwWc22xZxw1sUHH0' })}.${b64({
    aud: CLIENT,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: T0 / 1000,
    nbf: T0 / 1000,
    exp: T0 / 1000 + 3600,
    name: 'Megan Bowen',
    oid: '48d31887-5fad-4d73-a9f5-3c356e68a038',
    preferred_username: 'meganb@contoso.com',
    sub: 'MF4f-ggWMEji12KynJUNQZphaUTvLcQug5jMF2nzXwc',
    tid: TENANT,
    ver: '2.0',
    ...(nonce === undefined ? {} : { nonce }),
  })}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;

const STATE =
  'eyJpZCI6IjAxOGUwYjE0LTk3ZTQtNzY0MS05YjM1LTU0ZDM2NDk1ZjI0ZCIsIm1ldGEiOnsiaW50ZXJhY3Rpb25UeXBlIjoicmVkaXJlY3QifX0=';
const NONCE = '018e0b14-97e5-7cc4-a1a8-5c8bd1d3cc38';
const CHALLENGE = 'K2-ltc83acc4h0c9w6ESC_rEMTJ3bww-uCHaoeK1t8U';
const VERIFIER = 'Kx4mJ8_hQ7zN2pR5sT9vW3yA6bC1dE4fG7hJ0kL3mN6';
const CODE = '1.AXEAv4j5cvGGr0GRqy180BHbR3EXdG5WvkNIn_Tmajm7EuNxAGY.AgABBAIAAADnfolhJpSnRYB1SVj-Hgd8AgDs_wUA9P_';

interface Flow {
  params?: Record<string, string | undefined>;
  redirectState?: string | undefined;
  token?: Record<string, string | undefined>;
  idTokenNonce?: string | undefined;
}

function params(o: Record<string, string | undefined>): string {
  return Object.entries(o)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}

/** An MSAL.js redirect sign-in as Chrome records it: authorize (302 with the code in the fragment), the app's page, the code redeemed by fetch. */
function signIn(flow: Flow = {}): unknown[] {
  const authorize = params({
    client_id: CLIENT,
    scope: 'User.Read openid profile offline_access',
    redirect_uri: APP,
    'client-request-id': '018e0b14-97e5-7cc4-a1a8-5c8bd1d3cc39',
    response_mode: 'fragment',
    response_type: 'code',
    'x-client-SKU': 'msal.js.browser',
    'x-client-VER': '3.10.0',
    client_info: '1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    nonce: NONCE,
    state: STATE,
    ...flow.params,
  });
  const back = params({
    code: CODE,
    client_info: 'eyJ1aWQiOiI0OGQzMTg4NyJ9',
    state: 'redirectState' in flow ? flow.redirectState : STATE,
    session_state: '9a1d7c5e-0b3f-4e2a-8c6d-1f2e3a4b5c6d',
  });
  const body = params({
    client_id: CLIENT,
    redirect_uri: APP,
    scope: 'User.Read openid profile offline_access',
    code: CODE,
    code_verifier: VERIFIER,
    grant_type: 'authorization_code',
    client_info: '1',
    ...flow.token,
  });
  return [
    {
      startedDateTime: at(0),
      time: 420,
      _resourceType: 'document',
      request: {
        method: 'GET',
        url: `${AUTHORITY}/authorize?${authorize}`,
        headers: [{ name: 'Sec-Fetch-Mode', value: 'navigate' }],
      },
      response: { status: 302, headers: [{ name: 'Location', value: `${APP}#${back}` }] },
    },
    {
      startedDateTime: at(1),
      time: 60,
      _resourceType: 'document',
      request: { method: 'GET', url: APP, headers: [{ name: 'Sec-Fetch-Mode', value: 'navigate' }] },
      response: {
        status: 200,
        headers: [{ name: 'Content-Type', value: 'text/html' }],
        content: { mimeType: 'text/html', text: '<!doctype html><div id="root"></div>' },
      },
    },
    {
      startedDateTime: at(2),
      time: 310,
      _resourceType: 'fetch',
      request: {
        method: 'POST',
        url: `${AUTHORITY}/token`,
        headers: [{ name: 'Origin', value: 'https://app.contoso.com' }],
        postData: { mimeType: 'application/x-www-form-urlencoded;charset=utf-8', text: body },
      },
      response: {
        status: 200,
        headers: [{ name: 'Content-Type', value: 'application/json; charset=utf-8' }],
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({
            token_type: 'Bearer',
            scope: 'User.Read openid profile',
            expires_in: 4378,
            ext_expires_in: 4378,
            id_token: idToken('idTokenNonce' in flow ? flow.idTokenNonce : NONCE),
            client_info: 'eyJ1aWQiOiI0OGQzMTg4NyJ9',
          }),
        },
      },
    },
  ];
}

function report(entries: unknown[]): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(T0 + 60_000);
}
const flowFindings = (r: Report) => r.findings.map((f) => [f.code, f.severity, f.entries]);

describe('the OAuth flow audit', () => {
  it('is quiet on a sign-in done right: PKCE S256, state and nonce round-tripped, the same redirect_uri', () => {
    expect(report(signIn()).findings).toEqual([]);
  });

  it('pkce-plain: the challenge is the verifier; no method means plain', () => {
    expect(
      flowFindings(report(signIn({ params: { code_challenge: VERIFIER, code_challenge_method: 'plain' }, token: {} }))),
    ).toEqual([['pkce-plain', 'warning', [0, 2]]]);
    // Without the code redeemed in the capture it is the authorization request alone.
    expect(
      flowFindings(
        report(signIn({ params: { code_challenge: VERIFIER, code_challenge_method: 'plain' } }).slice(0, 1)),
      ),
    ).toEqual([['pkce-plain', 'warning', [0]]]);
    expect(report(signIn({ params: { code_challenge_method: undefined } })).findings[0]!.message).toContain(
      'no code_challenge_method, which means plain',
    );
  });

  it('pkce-missing: no challenge sent and no verifier redeemed, spanning the authorize and the token request', () => {
    const r = report(
      signIn({
        params: { code_challenge: undefined, code_challenge_method: undefined },
        token: { code_verifier: undefined },
      }),
    );
    expect(flowFindings(r)).toEqual([['pkce-missing', 'warning', [0, 2]]]);
    expect(r.findings[0]!.message).toContain('sent no code_challenge');
  });

  it('state-mismatch: the redirect carries another state (or none)', () => {
    const r = report(signIn({ redirectState: 'c3RhdGUtZnJvbS1hbm90aGVyLXRhYg' }));
    expect(flowFindings(r)).toEqual([['state-mismatch', 'error', [0]]]);
    expect(r.findings[0]!.message).toContain('carries state "c3RhdGUtZnJvbS1hbm90aGVyLXRhYg"');
    expect(flowFindings(report(signIn({ redirectState: undefined })))).toEqual([['state-mismatch', 'error', [0]]]);
  });

  it('nonce-mismatch: the ID token’s nonce is not the one sent, or missing', () => {
    const r = report(signIn({ idTokenNonce: '018e0b14-0000-7cc4-a1a8-5c8bd1d3cc38' }));
    expect(flowFindings(r)).toEqual([['nonce-mismatch', 'error', [0, 2]]]);
    expect(flowFindings(report(signIn({ idTokenNonce: undefined })))).toEqual([['nonce-mismatch', 'error', [0, 2]]]);
  });

  it('redirect-uri-mismatch: the token request names another redirect_uri', () => {
    const r = report(signIn({ token: { redirect_uri: 'https://app.contoso.com/callback' } }));
    expect(flowFindings(r)).toEqual([['redirect-uri-mismatch', 'warning', [0, 2]]]);
  });

  it('implicit-grant: tokens asked for in the redirect', () => {
    const implicit = signIn({
      params: { response_type: 'id_token token', code_challenge: undefined, code_challenge_method: undefined },
    }).slice(0, 1);
    expect(flowFindings(report(implicit))).toEqual([['implicit-grant', 'warning', [0]]]);
    // response_type=id_token alone (OIDC form post sign-in) carries no access token.
    expect(report(signIn({ params: { response_type: 'id_token' } }).slice(0, 1)).findings).toEqual([]);
  });

  it('password-grant: the app posts the user’s password', () => {
    const ropc = {
      startedDateTime: at(0),
      time: 300,
      _resourceType: 'xhr',
      request: {
        method: 'POST',
        url: `${AUTHORITY}/token`,
        headers: [],
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: params({
            client_id: CLIENT,
            scope: 'User.Read openid',
            username: 'meganb@contoso.com',
            password: 'Summer2024!',
            grant_type: 'password',
          }),
        },
      },
      response: {
        status: 200,
        headers: [],
        content: { mimeType: 'application/json', text: '{"token_type":"Bearer","expires_in":3599}' },
      },
    };
    const r = report([ropc]);
    expect(flowFindings(r)).toEqual([['password-grant', 'error', [0]]]);
    expect(r.findings[0]!.message).not.toContain('Summer2024');
  });

  it('repeated silent renewals of one client are one finding that lists their requests', () => {
    const plain = { params: { code_challenge: VERIFIER, code_challenge_method: 'plain' } };
    const r = report([...signIn(plain), ...signIn(plain)]);
    expect(flowFindings(r)).toEqual([['pkce-plain', 'warning', [0, 2, 3, 5]]]);
  });
});
