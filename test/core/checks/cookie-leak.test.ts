import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import * as T from '../../fixtures/tokens.js';

/** An add-in start page answering with a Set-Cookie, as Chromium records it in HAR (several headers joined by newlines). */
const setting = (cookie: string, attrs: string, token: string) => ({
  startedDateTime: '2023-11-14T22:20:00Z',
  time: 30,
  request: { method: 'POST', url: 'https://addin.contoso.com/Pages/Default.aspx', headers: [] },
  response: {
    status: 200,
    headers: [{ name: 'Set-Cookie', value: `theme=dark; Path=/\n${cookie}=${token}; ${attrs}` }],
  },
});
const sending = (cookie: string, token: string) => ({
  startedDateTime: '2023-11-14T22:21:00Z',
  time: 30,
  request: {
    method: 'GET',
    url: 'https://addin.contoso.com/Pages/List.aspx',
    headers: [{ name: 'Cookie', value: `${cookie}=${token}` }],
  },
  response: { status: 200, headers: [] },
});

function cookieLeak(entries: unknown[], raw: string) {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a
    .report(Date.parse('2023-11-14T22:30:00Z'))
    .tokens.find((t) => t.id === tokenId(raw))!
    .findings.find((f) => f.code === 'cookie-leak')!;
}

describe('cookie-leak graded by the Set-Cookie attributes', () => {
  it('a context token in a cookie without HttpOnly is a warning that says scripts can read it', () => {
    const f = cookieLeak([setting('SPContextToken', 'Path=/; Secure; SameSite=Lax', T.ACS_CONTEXT)], T.ACS_CONTEXT);
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('Scripts can read it: its Set-Cookie has no HttpOnly.');
    expect(f.message).toContain('add HttpOnly to the cookie');
  });

  it('a refresh token in a cookie without Secure is a warning too', () => {
    const f = cookieLeak([setting('refresh_token', 'Path=/; HttpOnly', T.OPAQUE_REFRESH)], T.OPAQUE_REFRESH);
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('Scripts cannot read it (HttpOnly).');
    expect(f.message).toContain('Without Secure it is also sent over plain HTTP.');
  });

  it('a context token in an HttpOnly, Secure cookie stays info', () => {
    const f = cookieLeak(
      [
        setting('SPContextToken', 'Path=/; Secure; HttpOnly; SameSite=Strict', T.ACS_CONTEXT),
        sending('SPContextToken', T.ACS_CONTEXT),
      ],
      T.ACS_CONTEXT,
    );
    expect(f.severity).toBe('info');
  });

  it('seen only in a request Cookie header: info, and the message says the attributes are unknown', () => {
    const f = cookieLeak([sending('SPContextToken', T.ACS_CONTEXT)], T.ACS_CONTEXT);
    expect(f.severity).toBe('info');
    expect(f.message).toContain('whether scripts can read it is not known');
  });

  it('an access token stays an error either way, and the message says whether scripts can read it', () => {
    const open = cookieLeak([setting('spAccessToken', 'Path=/; SameSite=Lax', T.ACS_USER_ADDIN)], T.ACS_USER_ADDIN);
    expect(open.severity).toBe('error');
    expect(open.message).toContain('Scripts can read it');
    const closed = cookieLeak(
      [setting('spAccessToken', 'Path=/; Secure; HttpOnly', T.ACS_USER_ADDIN)],
      T.ACS_USER_ADDIN,
    );
    expect(closed.severity).toBe('error');
    expect(closed.message).toContain('Scripts cannot read it (HttpOnly).');
  });
});

describe('anti-forgery tokens are no credential in a cookie', () => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const jwt = (claims: object) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.dGhlLXNpZ25hdHVyZS1ieXRlcw`;
  // PayPal-style x-csrf-jwt: the cookie half and the header half of a signed double-submit pair
  const cookieHalf = jwt({
    type: 'cookie',
    nonce: 'b5ddf0e6-93e8-4f3e-9c5c-3a7c3d1c6f21',
    iat: 1700000000,
    exp: 1700003600,
  });
  const headerHalf = jwt({
    type: 'header',
    nonce: 'b5ddf0e6-93e8-4f3e-9c5c-3a7c3d1c6f21',
    iat: 1700000000,
    exp: 1700003600,
  });
  const csrfNamed = jwt({ sub: 'session-4711', iat: 1700000000, exp: 1700003600 });

  function tokenFindings(entries: unknown[]) {
    const a = new Analyzer();
    for (const e of entries) a.add(e);
    return a.report(Date.parse('2023-11-14T22:30:00Z')).tokens.map((t) => [t.id, t.findings.map((f) => f.code)]);
  }

  it('by payload ({type:"cookie"}) whatever the cookie is called, and by name (csrf, xsrf)', () => {
    const post = {
      startedDateTime: '2023-11-14T22:21:00Z',
      time: 30,
      request: {
        method: 'POST',
        url: 'https://addin.contoso.com/api/cart',
        headers: [
          { name: 'Cookie', value: `x-csrf-jwt=${cookieHalf}; XSRF-TOKEN=${csrfNamed}` },
          { name: 'x-csrf-jwt', value: headerHalf },
        ],
      },
      response: { status: 200, headers: [] },
    };
    expect(tokenFindings([setting('x-csrf-jwt', 'Path=/; Secure', cookieHalf), post])).toEqual([
      [tokenId(cookieHalf), []],
      [tokenId(headerHalf), []],
      [tokenId(csrfNamed), []],
    ]);
    // the payload decides even under a neutral name
    expect(tokenFindings([setting('pp_state', 'Path=/; Secure', cookieHalf)])).toEqual([[tokenId(cookieHalf), []]]);
  });

  it('a credential under another name in the same capture is still reported', () => {
    expect(tokenFindings([setting('session_jwt', 'Path=/; Secure', csrfNamed)])).toEqual([
      [tokenId(csrfNamed), ['cookie-leak']],
    ]);
  });
});
