import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { atLeast, bySeverity, severityRank, worst } from '../../../src/core/model/findings.js';
import type { Report, TokenReport } from '../../../src/core/model/report.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';

const harEntries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const at = (iso: string) => Date.parse(iso);
/** 2023-11-14T22:30Z: the Entra tokens (iat 22:13:20Z) are valid, Microsoft's example SharePoint tokens long expired. */
const NOW = at('2023-11-14T22:30:00Z');

function analyze(entries: unknown[], nowMs = NOW): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(nowMs);
}
const bearer = (
  token: string,
  extra: Record<string, unknown> = {},
  url = 'https://graph.microsoft.com/v1.0/me',
  started = '2023-11-14T22:20:00Z',
) => ({
  startedDateTime: started,
  time: 50,
  request: { method: 'GET', url, headers: [{ name: 'authorization', value: `Bearer ${token}` }] },
  response: { status: 200, headers: [] },
  ...extra,
});
/** Reports carry no raw value unless revealed: find a token by its id, which is derived from the raw value. */
const tokenOf = (r: Report, raw: string): TokenReport => {
  const t = r.tokens.find((x) => x.id === tokenId(raw));
  if (!t) throw new Error('token not in report');
  return t;
};
const codes = (t: TokenReport) => t.findings.map((f) => f.code).sort();

describe('findings on the SharePoint add-in fixture HAR', () => {
  const report = analyze(harEntries);

  it('finds one token per distinct value, with all its sightings', () => {
    expect(report.entries).toBe(10);
    expect(report.tokens.map((t) => t.kind).sort()).toEqual([
      'add-in-only',
      'context',
      'delegated',
      'id',
      'opaque',
      'refresh',
      'user+add-in',
    ]);
    const context = tokenOf(report, T.ACS_CONTEXT);
    expect(context.sightingCount).toBe(3);
    expect(context.sightings.map((s) => [s.entry, s.where, s.name])).toEqual([
      [1, 'form-field', 'SPAppToken'],
      [1, 'set-cookie', 'SPContextToken'],
      [9, 'form-field', 'SPAppToken'],
    ]);
  });

  it('flags the user+add-in token: expired, already expired when sent, rejected with the server’s reason, and leaked into a cookie', () => {
    const t = tokenOf(report, T.ACS_USER_ADDIN);
    // The server's x-ms-diagnostics error on the 401 is a report finding about this token: its row repeats it.
    expect(codes(t)).toEqual(['cookie-leak', 'expired', 'expired-when-sent', 'idp-error', 'rejected']);
    expect(t.findings.find((f) => f.code === 'idp-error')?.linked).toBe(true);
    const rejected = t.findings.find((f) => f.code === 'rejected')!;
    expect(rejected.message).toContain('x-ms-diagnostics: 3000006;reason="Token contains invalid signature."');
    expect(rejected.message).toContain('WWW-Authenticate: Bearer realm="040f2415-e6e3-4480-96ce-26ef73275f73"');
    expect(rejected.entries).toEqual([2]);
    expect(t.findings.find((f) => f.code === 'cookie-leak')).toMatchObject({ severity: 'error', entries: [4] });
  });

  it('rates a context token in a cookie as info only: the guidance allows it', () => {
    expect(tokenOf(report, T.ACS_CONTEXT).findings.find((f) => f.code === 'cookie-leak')).toMatchObject({
      severity: 'info',
      entries: [1],
    });
  });

  it('leaves the valid Entra tokens without findings', () => {
    expect(codes(tokenOf(report, T.ENTRA_V1_DELEGATED))).toEqual([]);
    expect(codes(tokenOf(report, T.ENTRA_V2_ID))).toEqual([]);
    expect(tokenOf(report, T.ENTRA_V1_DELEGATED)).toMatchObject({ status: 'valid', statusText: 'expires in 58 min' });
  });

  it('flags the access token in a URL', () => {
    expect(tokenOf(report, T.MSA_OPAQUE).findings).toMatchObject([
      { code: 'url-leak', severity: 'error', entries: [7] },
    ]);
  });

  it('reports the client secret sent from the browser, the code redeemed without PKCE, and the Entra and SharePoint errors', () => {
    expect(report.findings.map((f) => [f.code, f.severity, f.entry])).toEqual([
      ['client-secret-in-browser', 'error', 5],
      ['idp-error', 'warning', 2],
      ['idp-error', 'warning', 8],
      ['pkce-missing', 'warning', 5],
    ]);
    expect(report.findings[1]!.message).toContain(
      'x-ms-diagnostics 3000006 “3000006;reason="Token contains invalid signature."',
    );
    expect(report.findings[2]!.message).toContain(
      'AADSTS65004 “AADSTS65004: User declined to consent to access the app.”',
    );
  });
});

describe('time findings', () => {
  it('expired: fires after exp, not before', () => {
    const entries = [bearer(T.ENTRA_V1_DELEGATED)];
    expect(codes(analyze(entries, at('2023-11-15T00:00:00Z')).tokens[0]!)).toEqual(['expired']);
    expect(codes(analyze(entries, at('2023-11-14T23:00:00Z')).tokens[0]!)).toEqual([]);
  });

  it('expired-when-sent: fires for a request sent after exp, and counts each one', () => {
    const late = [
      bearer(T.ENTRA_V1_DELEGATED, {}, undefined, '2023-11-14T23:30:00Z'),
      bearer(T.ENTRA_V1_DELEGATED, {}, undefined, '2023-11-14T23:31:00Z'),
    ];
    const t = analyze(late, at('2023-11-14T23:35:00Z')).tokens[0]!;
    expect(t.findings.find((f) => f.code === 'expired-when-sent')).toMatchObject({
      severity: 'error',
      entries: [0, 1],
    });
    expect(t.findings.find((f) => f.code === 'expired-when-sent')!.message).toMatch(
      /^Sent 2 times after it expired at 2023-11-14T23:28:19Z/,
    );
    expect(t.sightings.map((s) => s.validityWhenSent)).toEqual(['expired', 'expired']);
  });

  it('not-yet-valid: a warning when nbf is ahead of now, an error when a request went out before nbf', () => {
    const early = analyze(
      [bearer(T.ENTRA_V1_DELEGATED, {}, undefined, '2023-11-14T22:00:00Z')],
      at('2023-11-14T22:10:00Z'),
    ).tokens[0]!;
    expect(early.status).toBe('not-yet-valid');
    expect(early.findings).toMatchObject([{ code: 'not-yet-valid', severity: 'error', entries: [0] }]);
    const future = analyze([], at('2023-11-14T22:10:00Z'));
    expect(future.tokens).toEqual([]);
    const onTime = analyze([bearer(T.ENTRA_V1_DELEGATED)], at('2023-11-14T22:10:00Z')).tokens[0]!;
    expect(onTime.findings).toMatchObject([{ code: 'not-yet-valid', severity: 'warning', entries: [] }]);
  });

  it('no-expiry: fires for a JWT without exp, not for one with exp or for a refresh token', () => {
    expect(codes(analyze([bearer(T.NO_EXP, {}, 'https://api.contoso.example/x')]).tokens[0]!)).toEqual(['no-expiry']);
    expect(codes(analyze([bearer(T.ENTRA_V2_ID)]).tokens[0]!)).not.toContain('no-expiry');
  });

  it('reads the context token’s string times (Microsoft’s example "nbf":"1335822895")', () => {
    const t = analyze([{ request: { url: `https://addin.example/?SPAppToken=${T.ACS_CONTEXT}` } }]).tokens[0]!;
    expect(t.times).toMatchObject({
      nbf: { epoch: 1335822895, utc: '2012-04-30T21:54:55.000Z' },
      exp: { epoch: 1335866095, utc: '2012-05-01T09:54:55.000Z' },
    });
  });

  it('gives an opaque access token the expiry its token response stated', () => {
    const e = {
      startedDateTime: '2023-11-14T22:00:00Z',
      time: 0,
      request: { url: 'https://login.live.com/oauth20_token.srf' },
      response: {
        status: 200,
        content: {
          mimeType: 'application/json',
          text: JSON.stringify({ access_token: T.MSA_OPAQUE, expires_in: 3600 }),
        },
      },
    };
    const t = analyze([e], at('2023-11-14T22:30:00Z')).tokens[0]!;
    expect(t).toMatchObject({
      family: 'microsoft-account',
      status: 'valid',
      statusText: 'expires in 30 min',
      times: { exp: { utc: '2023-11-14T23:00:00.000Z' }, expSource: 'token-response' },
    });
  });
});

describe('signature and shape findings', () => {
  it('unsigned: fires for alg none (RFC 7519 §6.1), not for a signed token', () => {
    expect(
      codes(
        analyze(
          [bearer(T.RFC7519_UNSECURED, {}, 'https://example.com/', '2011-03-22T00:00:00Z')],
          at('2011-03-22T00:00:00Z'),
        ).tokens[0]!,
      ),
    ).toEqual(['unsigned']);
    expect(
      codes(
        analyze([bearer(T.RFC7519_JWT, {}, 'https://example.com/', '2011-03-22T00:00:00Z')], at('2011-03-22T00:00:00Z'))
          .tokens[0]!,
      ),
    ).toEqual([]);
  });

  it('does not call a SharePoint high-trust token’s designed-in alg none an error, and decodes its inner actor token', () => {
    const t = analyze([bearer(T.HIGH_TRUST_OUTER, {}, 'https://sp2019.contoso.local/_api/web', '2023-11-14T22:20:00Z')])
      .tokens[0]!;
    expect(codes(t)).toEqual([]);
    expect(t).toMatchObject({ family: 'sharepoint-high-trust', policy: 'user+add-in' });
    expect(t.inner).toMatchObject({
      claim: 'actortoken',
      format: 'jwt',
      header: { alg: 'RS256' },
      family: 'sharepoint-high-trust',
      policy: 'add-in-only',
    });
    expect(t.claims!.actortoken).toMatch(/^\[redacted: \d+ characters\]$/);
  });

  it('malformed: says what is wrong with a JWT that does not decode', () => {
    const t = analyze([bearer(T.BAD_JSON)]).tokens[0]!;
    expect(t.findings).toMatchObject([{ code: 'malformed', severity: 'error' }]);
    expect(t.findings[0]!.message).toContain('invalid json for part #2');
    expect(t.status).toBe('unknown');
    const badTime = `eyJhbGciOiJIUzI1NiJ9.${btoa('{"exp":"tomorrow"}').replace(/=+$/, '')}.c2ln`;
    expect(analyze([bearer(badTime)]).tokens[0]!.findings[0]!.message).toContain('exp is not a number ("tomorrow")');
    expect(codes(analyze([bearer(T.ENTRA_V2_ID)]).tokens[0]!)).not.toContain('malformed');
  });
});

describe('where-it-went findings', () => {
  it('audience-mismatch: fires when sent to a host its aud does not name, not to the right host', () => {
    const wrong = analyze([bearer(T.ENTRA_V1_DELEGATED, {}, 'https://evil.example/api')]).tokens[0]!;
    expect(wrong.findings).toMatchObject([{ code: 'audience-mismatch', severity: 'warning', entries: [0] }]);
    expect(wrong.findings[0]!.message).toContain('names graph.microsoft.com, but it was sent to evil.example');
    expect(codes(analyze([bearer(T.ENTRA_V1_DELEGATED)]).tokens[0]!)).toEqual([]);
    const sp = analyze(
      [bearer(T.ACS_ADDIN_ONLY, {}, 'https://other.sharepoint.com/_api/web', '2014-06-21T01:00:00Z')],
      at('2014-06-21T02:00:00Z'),
    ).tokens[0]!;
    expect(codes(sp)).toEqual(['audience-mismatch']);
  });

  it('rejected: fires on 401 and 403, not on 200, nor for a cookie that merely rode along', () => {
    expect(
      codes(analyze([bearer(T.ENTRA_V1_DELEGATED, { response: { status: 403, headers: [] } })]).tokens[0]!),
    ).toEqual(['rejected']);
    expect(codes(analyze([bearer(T.ENTRA_V1_DELEGATED)]).tokens[0]!)).toEqual([]);
    const cookie = {
      startedDateTime: '2023-11-14T22:20:00Z',
      request: {
        url: 'https://addin.contoso.example/x',
        headers: [{ name: 'Cookie', value: `session=${T.ENTRA_V2_ID}` }],
      },
      response: { status: 401 },
    };
    expect(codes(analyze([cookie]).tokens[0]!)).toEqual(['cookie-leak']);
  });

  it('long-lifetime: fires past the issuer’s norm (ACS about 12 h, Entra 60–90 min), not within it', () => {
    const claims = (c: object) =>
      `eyJhbGciOiJSUzI1NiJ9.${btoa(JSON.stringify(c)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2ln`;
    const entra = (hours: number) =>
      claims({
        iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
        aud: 'https://graph.microsoft.com',
        scp: 'User.Read',
        nbf: 1700000000,
        exp: 1700000000 + hours * 3600,
      });
    expect(codes(analyze([bearer(entra(24))]).tokens[0]!)).toEqual(['long-lifetime']);
    expect(codes(analyze([bearer(entra(1.25))]).tokens[0]!)).toEqual([]);
    const acs = (hours: number) =>
      claims({
        iss: '00000001-0000-0000-c000-000000000000@040f2415-e6e3-4480-96ce-26ef73275f73',
        aud: '00000003-0000-0ff1-ce00-000000000000/graph.microsoft.com@040f2415-e6e3-4480-96ce-26ef73275f73',
        actor: 'x@y',
        nbf: 1700000000,
        exp: 1700000000 + hours * 3600,
      });
    expect(codes(analyze([bearer(acs(12))]).tokens[0]!)).toEqual([]);
    expect(codes(analyze([bearer(acs(48))]).tokens[0]!)).toEqual(['long-lifetime']);
  });
});

describe('a standard-base64 access token in cookies keeps its `+`', () => {
  const PLUS_TOKEN = 'AbC+dEf/GhI+jKl/MnO+pQr/StU+vWx/Yz0+1a2/3b4+5c6/7d8+9e0==';
  const sent = {
    startedDateTime: '2023-11-14T22:20:00Z',
    request: {
      method: 'GET',
      url: 'https://app.example/api',
      headers: [{ name: 'Cookie', value: `session=1; access_token=${PLUS_TOKEN}` }],
    },
    response: { status: 200, headers: [] },
  };
  const set = {
    startedDateTime: '2023-11-14T22:19:00Z',
    request: { method: 'POST', url: 'https://app.example/login', headers: [] },
    response: { status: 200, headers: [{ name: 'Set-Cookie', value: `access_token=${PLUS_TOKEN}; Path=/; Secure` }] },
  };

  it.each([
    ['Cookie', [sent]],
    ['Set-Cookie', [set]],
    ['both', [set, sent]],
  ])('in %s: found as itself, with a cookie-leak error', (_, entries) => {
    const a = new Analyzer();
    for (const e of entries) a.add(e);
    const r = a.report(NOW, { reveal: true });
    expect(r.tokens.map((t) => t.raw)).toEqual([PLUS_TOKEN]);
    expect(r.tokens[0]!.findings.find((f) => f.code === 'cookie-leak')).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('(access_token)'),
    });
  });
});

describe('report-level findings', () => {
  // clock-skew has its own file: test/core/clock-skew.test.ts

  it('client-secret-in-browser: in a URL or a JSON body too; not for a public client’s code exchange', () => {
    expect(
      analyze([{ request: { url: 'https://login.example/token?client_id=a&client_secret=s3cr3t' } }]).findings[0],
    ).toMatchObject({ code: 'client-secret-in-browser' });
    expect(
      analyze([
        {
          request: {
            method: 'POST',
            url: 'https://x/token',
            postData: { mimeType: 'application/json', text: '{"client_secret":"s"}' },
          },
        },
      ]).findings[0],
    ).toMatchObject({ code: 'client-secret-in-browser' });
    expect(
      analyze([
        {
          request: {
            method: 'POST',
            url: 'https://x/token',
            postData: { mimeType: 'application/x-www-form-urlencoded', text: 'client_id=a&code=b&code_verifier=c' },
          },
        },
      ]).findings,
    ).toEqual([]);
  });

  it('oauth-error: a known OAuth error code, or any code with a description; not an app’s own ?error=1', () => {
    expect(analyze([{ request: { url: 'https://app/cb?error=invalid_scope' } }]).findings[0]).toMatchObject({
      code: 'oauth-error',
    });
    expect(analyze([{ request: { url: 'https://app/cb?error=1' } }]).findings).toEqual([]);
    expect(analyze([{ request: { url: 'https://app/search?q=error' } }]).findings).toEqual([]);
  });
});

describe('the severity order', () => {
  it('ranks info below warning below error, and none below all three', () => {
    const ranks = ([null, 'info', 'warning', 'error'] as const).map(severityRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(4);
  });

  it('agrees with worst, atLeast and bySeverity', () => {
    expect(worst(['info', 'error', 'warning'])).toBe('error');
    expect(worst([])).toBeNull();
    expect(atLeast('warning', 'warning') && atLeast('error', 'warning') && !atLeast('info', 'warning')).toBe(true);
    const sorted = [
      { severity: 'info' as const },
      { severity: 'error' as const },
      { severity: 'warning' as const },
    ].sort(bySeverity);
    expect(sorted.map((f) => f.severity)).toEqual(['error', 'warning', 'info']);
  });
});
