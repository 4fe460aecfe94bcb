/** What real Microsoft traffic holds that a generic checker gets wrong: CAE lifetimes, claims challenges, MSA tokens, Basic client secrets. */
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { claimsChallenge } from '../../../src/core/checks/token.js';
import { redactClaims } from '../../../src/core/token/redact.js';
import type { Report, TokenReport } from '../../../src/core/model/report.js';
import * as T from '../../fixtures/tokens.js';

const NOW = Date.parse('2023-11-14T22:30:00Z');
function analyze(entries: unknown[], nowMs = NOW, reveal = false): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(nowMs, { reveal });
}
const bearer = (token: string, status = 200, responseHeaders: Array<{ name: string; value: string }> = []) => ({
  startedDateTime: '2023-11-14T22:20:00Z',
  time: 50,
  request: {
    method: 'GET',
    url: 'https://graph.microsoft.com/v1.0/me',
    headers: [{ name: 'Authorization', value: `Bearer ${token}` }],
  },
  response: { status, headers: responseHeaders },
});
const tokenOf = (r: Report, raw: string): TokenReport => r.tokens.find((t) => t.id === tokenId(raw))!;
const b64url = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const jwt = (claims: Record<string, unknown>) => `eyJhbGciOiJSUzI1NiJ9.${b64url(claims)}.c2lnbmF0dXJl`;
const entraClaims = {
  iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
  aud: 'https://graph.microsoft.com',
  scp: 'User.Read',
  tid: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  nbf: 1700000000,
};

describe('continuous access evaluation', () => {
  it('a CAE token (xms_cc holding CP1) valid 26 h is not long-lived; the same without CP1 is', () => {
    const cae = jwt({ ...entraClaims, exp: 1700000000 + 26 * 3600, xms_cc: ['CP1'] });
    const plain = jwt({ ...entraClaims, exp: 1700000000 + 26 * 3600 });
    expect(tokenOf(analyze([bearer(cae)]), cae).findings.map((f) => f.code)).toEqual([]);
    expect(tokenOf(analyze([bearer(plain)]), plain).findings.map((f) => f.code)).toEqual(['long-lifetime']);
  });

  it('explains a 401 claims challenge (error="insufficient_claims") with the claims decoded', () => {
    const token = jwt({ ...entraClaims, exp: 1700003600, xms_cc: ['CP1'] });
    const challenge =
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="';
    const f = tokenOf(
      analyze([bearer(token, 401, [{ name: 'WWW-Authenticate', value: challenge }])]),
      token,
    ).findings.find((x) => x.code === 'rejected')!;
    expect(f.message).toContain('claims challenge');
    expect(f.message).toContain('{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}');
    expect(f.message).toContain('continuous access evaluation');
    expect(claimsChallenge('Bearer realm="x", error="invalid_token"')).toBeNull();
    expect(claimsChallenge('Bearer error="insufficient_claims", claims="%%%"')).toBe('%%% (not base64: shown as sent)');
  });
});

describe('Microsoft account access tokens', () => {
  it('an opaque EwB…/EwC… token is a Microsoft account access token, opaque by design, with no finding', () => {
    const t = tokenOf(analyze([bearer(T.MSA_OPAQUE)]), T.MSA_OPAQUE);
    expect(t).toMatchObject({
      format: 'opaque',
      family: 'microsoft-account',
      type: 'access',
      kind: 'opaque',
      error: null,
    });
    expect(t.findings).toEqual([]);
  });
});

describe('ID tokens', () => {
  it('an expired ID token’s advice does not talk about API calls', () => {
    const later = Date.parse('2023-11-15T10:00:00Z');
    const r = analyze(
      [
        {
          startedDateTime: '2023-11-14T22:14:00Z',
          time: 40,
          request: {
            method: 'POST',
            url: 'https://app.example/signin-oidc',
            postData: { mimeType: 'application/x-www-form-urlencoded', text: `id_token=${T.ENTRA_V2_ID}&state=x` },
          },
          response: { status: 302, headers: [] },
        },
      ],
      later,
    );
    const f = tokenOf(r, T.ENTRA_V2_ID).findings.find((x) => x.code === 'expired')!;
    expect(tokenOf(r, T.ENTRA_V2_ID).kind).toBe('id');
    expect(f.message).not.toMatch(/401|calls?/i);
    expect(f.message).toContain('sign in again');
  });
});

describe('personal claims in exports', () => {
  it('email, upn, unique_name, name, preferred_username, given_name and family_name are redacted unless revealed', () => {
    const person = {
      email: 'alex@contoso.com',
      upn: 'alex@contoso.com',
      unique_name: 'alex@contoso.com',
      name: 'Alex Doe',
      preferred_username: 'alex@contoso.com',
      given_name: 'Alex',
      family_name: 'Doe',
    };
    const token = jwt({ ...entraClaims, exp: 1700003600, ...person });
    const redacted = tokenOf(analyze([bearer(token)]), token).claims!;
    for (const [k, v] of Object.entries(person)) expect(redacted[k]).toBe(`[redacted: ${v.length} characters]`);
    expect(redacted.scp).toBe('User.Read');
    expect(tokenOf(analyze([bearer(token)], NOW, true), token).claims).toMatchObject(person);
    // the panel's own display (credential claims only) still shows who signed in
    expect(redactClaims({ name: 'Alex Doe', refreshtoken: 'abc' })).toEqual({
      name: 'Alex Doe',
      refreshtoken: '[redacted: 3 characters]',
    });
  });
});

describe('client-secret-in-browser with Authorization: Basic', () => {
  const tokenRequest = (
    url: string,
    basic: string,
    body = 'grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
  ) => ({
    startedDateTime: '2023-11-14T22:20:00Z',
    time: 80,
    request: {
      method: 'POST',
      url,
      headers: [
        { name: 'Authorization', value: `Basic ${basic}` },
        { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
      ],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: body },
    },
    response: { status: 200, headers: [] },
  });
  // base64("6e74172b-be56-4843-9ff4-e66a39bb12e3:Qx~8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789")
  const basic = btoa('6e74172b-be56-4843-9ff4-e66a39bb12e3:Qx~8Q~abcDEFghiJKLmnoPQRstuVWXyz0123456789');

  it('flags client_id:client_secret sent to a token endpoint, names the client id and never the secret', () => {
    const r = analyze([
      tokenRequest('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token', basic),
    ]);
    expect(r.findings.map((f) => [f.code, f.severity, f.entry])).toEqual([['client-secret-in-browser', 'error', 0]]);
    expect(r.findings[0]!.message).toContain(
      'Authorization: Basic header (client_id "6e74172b-be56-4843-9ff4-e66a39bb12e3")',
    );
    expect(JSON.stringify(r)).not.toContain('Qx~8Q~');
    expect(JSON.stringify(r)).not.toContain(basic);
  });

  it('also for any token request (grant_type in the body), form-decoding the client id (RFC 6749 §2.3.1)', () => {
    const r = analyze([tokenRequest('https://idp.example/oauth/issue', btoa('my%20app:s3cr3t'))]);
    expect(r.findings[0]!.message).toContain('client_id "my app"');
  });

  it('not for Basic to an ordinary API, nor for a Basic value that holds no secret', () => {
    expect(analyze([tokenRequest('https://api.example.com/basic', btoa('test:test'), '{}')]).findings).toEqual([]);
    expect(analyze([tokenRequest('https://login.example/oauth2/token', btoa('only-an-id:'))]).findings).toEqual([]);
    expect(analyze([tokenRequest('https://login.example/oauth2/token', '%%%notbase64')]).findings).toEqual([]);
  });
});
