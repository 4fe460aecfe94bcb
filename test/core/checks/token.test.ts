import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/core/token/classify.js';
import { decode } from '../../../src/core/token/decode.js';
import { audienceHosts, judge } from '../../../src/core/checks/token.js';
import type { Evidence, Gathered } from '../../../src/core/model/evidence.js';
import type { Role } from '../../../src/core/model/places.js';
import { readTimes, statusAt } from '../../../src/core/token/times.js';
import * as T from '../../fixtures/tokens.js';

/** judge() on its own: a token as the analyzer would hand it over, with what its sightings gathered. */
function findings(raw: string, nowMs: number, gathered: Partial<Gathered> = {}, roles: Role[] = []) {
  const d = decode(raw);
  const read = readTimes(d.claims);
  const cls = classify(d, { roles: new Set(roles), responseHosts: new Set() });
  const inner = typeof d.claims?.actortoken === 'string' ? decode(d.claims.actortoken) : null;
  return judge({
    claims: d.claims,
    header: d.header,
    error: d.error,
    times: read.times,
    timeProblems: read.problems,
    status: statusAt(read.times, d.claims !== null, nowMs),
    cls,
    innerHeader: inner?.header ?? null,
    nowMs,
    gathered: {
      sentExpired: [],
      sentExpiredCount: 0,
      sentEarly: [],
      sentEarlyCount: 0,
      cookies: [],
      urls: [],
      rejected: [],
      bearerHosts: new Map(),
      ...gathered,
    },
  });
}
const summary = (list: ReturnType<typeof judge>) => list.map((f) => [f.code, f.severity, f.entries]);
const evidence = (entry: number, url: string, extra: Partial<Evidence> = {}): Evidence => ({
  entry,
  name: 'Authorization',
  method: 'GET',
  url,
  host: new URL(url).hostname,
  status: 200,
  wwwAuthenticate: null,
  diagnostics: null,
  ...extra,
});
/** ENTRA_V1_DELEGATED: nbf/iat 2023-11-14T22:13:20Z, exp 23:28:19Z, aud https://graph.microsoft.com. */
const VALID = Date.parse('2023-11-14T22:30:00Z');
const GRAPH = 'https://graph.microsoft.com/v1.0/me';

describe('judge', () => {
  it('finds nothing wrong with a valid token used where its audience says', () => {
    expect(
      findings(T.ENTRA_V1_DELEGATED, VALID, { bearerHosts: new Map([['graph.microsoft.com', evidence(0, GRAPH)]]) }),
    ).toEqual([]);
  });

  it('expired, and expired-when-sent with the count, the first request and every entry', () => {
    const late = [evidence(3, `${GRAPH}?$select=id`), evidence(5, GRAPH)];
    const out = findings(T.ENTRA_V1_DELEGATED, Date.parse('2023-11-14T23:35:00Z'), {
      sentExpired: late,
      sentExpiredCount: 2,
    });
    expect(summary(out)).toEqual([
      ['expired', 'warning', []],
      ['expired-when-sent', 'error', [3, 5]],
    ]);
    expect(out[0]!.message).toContain('2023-11-14T23:28:19Z');
    expect(out[1]!.message).toContain('2 times');
    expect(out[1]!.message).toContain('entry #4, GET https://graph.microsoft.com/v1.0/me'); // entry index 3, counted from 1 like HAR viewers
    expect(out[1]!.message).not.toContain('$select'); // the query is left out: it can hold a token
  });

  it('not-yet-valid: a warning before nbf, an error once a request went out before nbf', () => {
    const early = Date.parse('2023-11-14T22:00:00Z');
    expect(summary(findings(T.ENTRA_V1_DELEGATED, early))).toEqual([['not-yet-valid', 'warning', []]]);
    expect(
      summary(findings(T.ENTRA_V1_DELEGATED, VALID, { sentEarly: [evidence(1, GRAPH)], sentEarlyCount: 1 })),
    ).toEqual([['not-yet-valid', 'error', [1]]]);
  });

  it('no-expiry for a JWT without exp, but not for a refresh token', () => {
    expect(summary(findings(T.NO_EXP, VALID))).toEqual([['no-expiry', 'warning', []]]);
    expect(findings(T.NO_EXP, VALID, {}, ['refresh'])).toEqual([]);
  });

  it('unsigned for alg none; a high-trust outer token is unsigned by design unless its actor token is too', () => {
    expect(summary(findings(T.RFC7519_UNSECURED, Date.parse('2011-03-22T18:00:00Z')))).toEqual([
      ['unsigned', 'error', []],
    ]);
    expect(findings(T.HIGH_TRUST_OUTER, Date.parse('2023-11-15T00:00:00Z')).map((f) => f.code)).not.toContain(
      'unsigned',
    );
  });

  it('malformed, with the reason, for a JWT that cannot be read or a time claim that is not a number', () => {
    const bad = findings(T.BAD_JSON, VALID);
    expect(summary(bad)).toEqual([['malformed', 'error', []]]);
    expect(bad[0]!.message).toMatch(/part #2/);
  });

  it('cookie-leak: an error for an access token, info for a context or refresh token', () => {
    const cookie = [evidence(4, 'https://app.example/', { name: 'spAccessToken' })];
    expect(summary(findings(T.ENTRA_V1_DELEGATED, VALID, { cookies: cookie }))).toEqual([
      ['cookie-leak', 'error', [4]],
    ]);
    const context = findings(T.ACS_CONTEXT, Date.parse('2012-05-01T00:00:00Z'), { cookies: cookie });
    expect(summary(context)).toEqual([['cookie-leak', 'info', [4]]]);
    expect(context[0]!.message).toContain('(spAccessToken)');
  });

  it('url-leak names the parameter; rejected quotes what the server said', () => {
    const url = [evidence(7, 'https://app.example/cb', { name: 'access_token' })];
    expect(summary(findings(T.ENTRA_V1_DELEGATED, VALID, { urls: url }))).toEqual([['url-leak', 'error', [7]]]);
    const rejected = [
      evidence(2, GRAPH, {
        status: 401,
        wwwAuthenticate: 'Bearer error="invalid_token"',
        diagnostics: '3000003;reason="Invalid audience"',
      }),
    ];
    const out = findings(T.ENTRA_V1_DELEGATED, VALID, { rejected });
    expect(summary(out)).toEqual([['rejected', 'error', [2]]]);
    expect(out[0]!.message).toContain(
      'WWW-Authenticate: Bearer error="invalid_token"; x-ms-diagnostics: 3000003;reason="Invalid audience"',
    );
  });

  it('audience-mismatch: sent to a host its audience does not name', () => {
    const hosts = new Map([
      ['graph.microsoft.com', evidence(0, GRAPH)],
      ['api.contoso.example', evidence(6, 'https://api.contoso.example/orders')],
    ]);
    const out = findings(T.ENTRA_V1_DELEGATED, VALID, { bearerHosts: hosts });
    expect(summary(out)).toEqual([['audience-mismatch', 'warning', [6]]]);
    expect(out[0]!.message).toContain('api.contoso.example');
  });

  it('audience-mismatch: not for a Microsoft resource reached under another of its audiences', () => {
    const jwt = (aud: string) =>
      `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${btoa(JSON.stringify({ aud, iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/', nbf: 1700000000, iat: 1700000000, exp: 1700003600 })).replace(/=+$/, '')}.c2lnbmF0dXJl`;
    const sentTo = (url: string) => ({ bearerHosts: new Map([[new URL(url).hostname, evidence(4, url)]]) });
    const codes = (aud: string, url: string) => findings(jwt(aud), VALID, sentTo(url)).map((f) => f.code);
    // Azure CLI / PowerShell / the portal ask for Resource Manager's classic audience
    expect(
      codes(
        'https://management.core.windows.net/',
        'https://management.azure.com/subscriptions?api-version=2022-12-01',
      ),
    ).toEqual([]);
    expect(codes('https://vault.azure.net', 'https://contoso-kv.vault.azure.net/secrets/db?api-version=7.4')).toEqual(
      [],
    );
    expect(codes('https://storage.azure.com/', 'https://contosodata.blob.core.windows.net/photos/a.png')).toEqual([]);
    expect(codes('499b84ac-1321-427f-aa17-267ca6975798', 'https://dev.azure.com/contoso/_apis/projects')).toEqual([]);
    expect(codes('https://analysis.windows.net/powerbi/api', 'https://api.powerbi.com/v1.0/myorg/groups')).toEqual([]);
    expect(codes('00000003-0000-0ff1-ce00-000000000000', 'https://contoso.sharepoint.com/_api/web')).toEqual([]);
    // the table widens a resource to its own hosts only
    expect(codes('https://management.core.windows.net/', 'https://graph.microsoft.com/v1.0/me')).toEqual([
      'audience-mismatch',
    ]);
    expect(codes('https://vault.azure.net', 'https://vault.azure.net.evil.example/secrets')).toEqual([
      'audience-mismatch',
    ]);
    expect(codes('https://storage.azure.com/', 'https://contoso.sharepoint.com/_api/web')).toEqual([
      'audience-mismatch',
    ]);
  });

  it('an anti-forgery JWT ({type:"header"}) is no credential: expired or in a URL says nothing; unsigned still does', () => {
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
    // electrode-csrf-jwt's header half, as Walmart's pages send it (test/fixtures/real/pagexray/304.har)
    const payload = { type: 'header', uuid: 'e636a5d0-3200-11e8-8ea4-d946764ef646', iat: 1522184007, exp: 1522185207 };
    const signed = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJlLW9mLXRoZS1jc3JmLWp3dA`;
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    const inUrl = {
      urls: [evidence(2, 'https://shop.example/api/logger?x-csrf-jwt=abc', { name: 'x-csrf-jwt' })],
      sentExpired: [evidence(2, 'https://shop.example/api/logger')],
      sentExpiredCount: 1,
    };
    expect(findings(signed, VALID, inUrl)).toEqual([]);
    expect(findings(unsigned, VALID, inUrl).map((f) => f.code)).toEqual(['unsigned']);
  });

  it('long-lifetime: past about 12 h for SharePoint, past 90 min for Entra ID (28 h with continuous access evaluation)', () => {
    const jwt = (claims: string) =>
      `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${btoa(claims).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.c2lnbmF0dXJl`;
    const entra = (exp: number, extra = '') =>
      jwt(
        `{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","iat":1700000000,"nbf":1700000000,"exp":${exp},"scp":"User.Read"${extra}}`,
      );
    const acs = (exp: number) =>
      jwt(
        `{"aud":"00000003-0000-0ff1-ce00-000000000000/company.sharepoint.com@040f2415-e6e3-4480-96ce-26ef73275f73","iss":"00000001-0000-0000-c000-000000000000@040f2415-e6e3-4480-96ce-26ef73275f73","nbf":1700000000,"exp":${exp},"nameid":"10033fff84e7cb2b@live.com","actor":"a044e184-7de2-4d05-aacf-52118008c44e@040f2415-e6e3-4480-96ce-26ef73275f73"}`,
      );
    const codes = (raw: string) => findings(raw, VALID).map((f) => f.code);
    expect(codes(entra(1700000000 + 24 * 3600))).toEqual(['long-lifetime']);
    expect(findings(entra(1700000000 + 24 * 3600), VALID)[0]!.message).toContain('24 h');
    expect(codes(entra(1700000000 + 90 * 60))).toEqual([]);
    expect(codes(entra(1700000000 + 24 * 3600, ',"xms_cc":["cp1"]'))).toEqual([]);
    expect(codes(acs(1700000000 + 14 * 3600))).toEqual(['long-lifetime']);
    expect(codes(acs(1700000000 + 12 * 3600))).toEqual([]);
  });
});

describe('audienceHosts', () => {
  it('reads SharePoint principal audiences, URLs and Microsoft Graph’s ID', () => {
    expect(audienceHosts(decode(T.ACS_USER_ADDIN).claims)).toEqual(['company.sharepoint.com']);
    expect(audienceHosts(decode(T.ENTRA_V1_DELEGATED).claims)).toEqual(['graph.microsoft.com']);
    expect(
      audienceHosts({
        aud: [
          '00000003-0000-0000-c000-000000000000',
          'https://Contoso.SharePoint.com:443/',
          'api://orders',
          'https://',
        ],
      }),
    ).toEqual(['graph.microsoft.com', 'contoso.sharepoint.com']);
    expect(audienceHosts({ aud: '00000003-0000-0ff1-ce00-000000000000/SP.contoso.local:8443@realm' })).toEqual([
      'sp.contoso.local',
    ]);
    expect(audienceHosts(null)).toEqual([]);
  });
});
