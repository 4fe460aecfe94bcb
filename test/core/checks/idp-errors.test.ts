import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { errorFindings, explainError, quoteServer } from '../../../src/core/checks/idp-errors.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { buildTimeline } from '../../../src/core/output/timeline.js';
import * as T from '../../fixtures/tokens.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const REFRESH = T.OPAQUE_REFRESH;

/** An MSAL.js refresh at Entra's token endpoint, answered as Entra answers a failed one (MSAL.js #4544, #6765). */
function refresh(status: number, body: object, started = '2023-12-12T09:14:02.000Z') {
  return {
    startedDateTime: started,
    time: 180,
    _resourceType: 'fetch',
    request: {
      method: 'POST',
      url: TOKEN_URL,
      headers: [
        { name: 'Content-Type', value: 'application/x-www-form-urlencoded;charset=utf-8' },
        { name: 'Origin', value: 'https://app.contoso.com' },
      ],
      postData: {
        mimeType: 'application/x-www-form-urlencoded;charset=utf-8',
        text: `client_id=6e74172b-be56-4843-9ff4-e66a39bb12e3&scope=openid%20profile%20offline_access&grant_type=refresh_token&client_info=1&refresh_token=${encodeURIComponent(REFRESH)}`,
      },
    },
    response: {
      status,
      headers: [
        { name: 'Content-Type', value: 'application/json; charset=utf-8' },
        { name: 'Date', value: 'Tue, 12 Dec 2023 09:14:02 GMT' },
      ],
      content: { mimeType: 'application/json', text: JSON.stringify(body) },
    },
  };
}

const SPA_EXPIRED = {
  error: 'invalid_grant',
  error_description:
    'AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on 2023-12-11T12:31:44.1947275Z. Trace ID: 3464627b-53b7-4eeb-8111-3a1b1c759a00 Correlation ID: 5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9 Timestamp: 2023-12-12 09:14:02Z',
  error_codes: [700084],
  timestamp: '2023-12-12 09:14:02Z',
  trace_id: '3464627b-53b7-4eeb-8111-3a1b1c759a00',
  correlation_id: '5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9',
  error_uri: 'https://login.microsoftonline.com/error?code=700084',
};

const one = (raw: object) => errorFindings(normalizeEntry(raw, 3));

describe('idp-error: Entra AADSTS codes', () => {
  it('a token endpoint’s JSON error: keyed by number, quoted verbatim, explained, with its ids, time and lookup link', () => {
    const [f, ...rest] = one(refresh(400, SPA_EXPIRED));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      code: 'idp-error',
      severity: 'warning',
      entry: 3,
      serverError: {
        key: 'AADSTS700084',
        source: 'token-response',
        traceId: '3464627b-53b7-4eeb-8111-3a1b1c759a00',
        correlationId: '5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9',
        timestamp: '2023-12-12 09:14:02Z',
        link: 'https://login.microsoftonline.com/error?code=700084',
      },
    });
    expect(f!.serverError!.text).toBe(SPA_EXPIRED.error_description.split(' Trace ID:')[0]);
    expect(f!.message).toContain('single-page app: it lives 24 hours at most');
    expect(f!.message).toContain('correlation id 5b7c06c8-f9d2-46be-9fd0-c1aa18c278a9');
    expect(f!.message).toContain('https://login.microsoftonline.com/error?code=700084');
  });

  it('a redirect fragment (in the Location of the 302 that carries it) gives an idp-error, never also an oauth-error', () => {
    const location = `https://app.contoso.com/#error=login_required&error_description=AADSTS50058%3a+A+silent+sign-in+request+was+sent+but+no+user+is+signed+in.%0d%0aTrace+ID%3a+0b5f4a2c-7a59-4d0e-9a8c-8f1b7c1e2d00%0d%0aCorrelation+ID%3a+4a1f6b7e-1d2c-4e5f-8a9b-0c1d2e3f4a5b%0d%0aTimestamp%3a+2024-02-05+10%3a11%3a12Z&state=eyJpZCI6IjAxOGQ3YjYx`;
    const findings = one({
      startedDateTime: '2024-02-05T10:11:12.000Z',
      time: 90,
      _resourceType: 'document',
      request: {
        method: 'GET',
        url: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=6e74172b&prompt=none&response_mode=fragment`,
        headers: [],
      },
      response: { status: 302, headers: [{ name: 'Location', value: location }] },
    });
    expect(findings.map((f) => [f.code, f.serverError?.key, f.serverError?.source])).toEqual([
      ['idp-error', 'AADSTS50058', 'redirect'],
    ]);
    expect(findings[0]!.message).toContain('A silent sign-in (prompt=none');
    expect(findings[0]!.serverError).toMatchObject({
      traceId: '0b5f4a2c-7a59-4d0e-9a8c-8f1b7c1e2d00',
      timestamp: '2024-02-05 10:11:12Z',
    });
  });

  it('the sign-in page’s own error text ($Config strServiceExceptionMessage)', () => {
    const page =
      '<!DOCTYPE html><html><head><script>//<![CDATA[\n$Config={"iErrorCode":50011,"strServiceExceptionMessage":"AADSTS50011: The redirect URI \'https://app.contoso.com/callback\' specified in the request does not match the redirect URIs configured for the application \'6e74172b-be56-4843-9ff4-e66a39bb12e3\'.","strTraceId":"6b1c"};\n//]]></script></head><body></body></html>';
    const [f] = one({
      startedDateTime: '2024-02-05T10:11:12.000Z',
      time: 90,
      _resourceType: 'document',
      request: {
        method: 'GET',
        url: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=6e74172b&redirect_uri=https%3A%2F%2Fapp.contoso.com%2Fcallback`,
        headers: [],
      },
      response: { status: 200, headers: [], content: { mimeType: 'text/html; charset=utf-8', text: page } },
    });
    expect(f).toMatchObject({ code: 'idp-error', serverError: { key: 'AADSTS50011', source: 'error-page' } });
    expect(f!.serverError!.text).toContain(
      "AADSTS50011: The redirect URI 'https://app.contoso.com/callback' specified in the request does not match",
    );
    expect(f!.message).toContain('Add the exact redirect URI');
  });

  it('masks a JWT the server echoes', () => {
    const [f] = one(
      refresh(400, {
        error: 'invalid_grant',
        error_description: `AADSTS50173: The provided grant has expired due to it being revoked. Token: ${T.ENTRA_V2_ID}`,
      }),
    );
    expect(f!.serverError!.text).not.toContain(T.ENTRA_V2_ID);
    expect(f!.serverError!.text).toContain('…(JWT, ');
    expect(quoteServer(`x ${T.ENTRA_V2_ID} y`)).toMatch(/^x eyJ\S+…\(JWT, \d+ chars\) y$/);
  });

  it('every frequent code has a cause and a fix', () => {
    for (const code of [
      '50058',
      '50076',
      '50079',
      '50126',
      '50173',
      '65001',
      '70000',
      '70008',
      '70011',
      '700016',
      '700024',
      '700082',
      '700084',
      '7000215',
      '7000218',
      '9002313',
      '9002326',
      '50011',
      '50020',
      '53003',
      '90014',
      '900144',
      '500011',
      '50105',
      '65004',
      '50196',
    ]) {
      const e = explainError(`AADSTS${code}`);
      expect(e?.cause, code).toBeTruthy();
      expect(e?.fix, code).toBeTruthy();
    }
  });
});

describe('idp-error: SharePoint', () => {
  const api = (headers: Array<{ name: string; value: string }>) => ({
    startedDateTime: '2024-02-05T10:11:12.000Z',
    time: 90,
    _resourceType: 'fetch',
    request: {
      method: 'GET',
      url: 'https://contoso.sharepoint.com/sites/dev/_api/web',
      headers: [{ name: 'Authorization', value: `Bearer ${T.ENTRA_V1_DELEGATED}` }],
    },
    response: { status: 401, headers },
  });

  it('x-ms-diagnostics, keyed by its number, explained by its reason', () => {
    const [f] = one(
      api([
        {
          name: 'x-ms-diagnostics',
          value: '3000003;reason="Invalid audience Uri \'https://graph.microsoft.com\'.";category="invalid_client"',
        },
      ]),
    );
    expect(f).toMatchObject({
      code: 'idp-error',
      serverError: { key: 'x-ms-diagnostics 3000003', source: 'x-ms-diagnostics' },
    });
    expect(f!.message).toContain('The token is for another resource');
  });

  it('“Invalid issuer or signature” and “Token type is not allowed” in WWW-Authenticate', () => {
    const [f] = one(
      api([
        {
          name: 'WWW-Authenticate',
          value:
            'Bearer realm="72f988bf-86f1-41af-91ab-2d7cd011db47",error="invalid_token",error_description="Invalid issuer or signature."',
        },
      ]),
    );
    expect(f).toMatchObject({ code: 'idp-error', serverError: { source: 'www-authenticate' } });
    expect(f!.message).toContain('SharePoint does not trust who signed the token');
    expect(
      one(
        api([
          {
            name: 'WWW-Authenticate',
            value: 'Bearer error="invalid_token",error_description="Token type is not allowed."',
          },
        ]),
      )[0]!.message,
    ).toContain('does not accept this kind of token');
    // A plain expired-token challenge is rejected's to quote, not an identity provider's error.
    expect(
      one(
        api([
          { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token",error_description="The token is expired"' },
        ]),
      ),
    ).toEqual([]);
  });
});

describe('oauth-error: the generic codes, from the same table', () => {
  it('a token endpoint’s RFC 6749 §5.2 error is explained', () => {
    const [f] = one({
      ...refresh(403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' }),
      request: { ...refresh(0, {}).request, url: 'https://contoso.eu.auth0.com/oauth/token' },
    });
    expect(f).toMatchObject({
      code: 'oauth-error',
      serverError: { key: 'invalid_grant', source: 'token-response', text: 'Unknown or invalid refresh token.' },
    });
    expect(f!.message).toContain('Discard the cached grant and sign in again');
  });

  it('protocol steps are no error: device flow polling, the DPoP nonce; nor is an API’s own JSON error', () => {
    expect(
      one(
        refresh(400, {
          error: 'authorization_pending',
          error_description: 'AADSTS70016: OAuth 2.0 device flow error.',
        }),
      ),
    ).toEqual([]);
    expect(
      one(
        refresh(400, {
          error: 'use_dpop_nonce',
          error_description: 'Authorization server requires nonce in DPoP proof',
        }),
      ),
    ).toEqual([]);
    expect(
      one({
        startedDateTime: '2024-02-05T10:11:12.000Z',
        time: 90,
        request: { method: 'GET', url: 'https://api.contoso.com/orders?id=4', headers: [] },
        response: {
          status: 400,
          headers: [],
          content: {
            mimeType: 'application/json',
            text: '{"error":"invalid_request","error_description":"id must be a GUID"}',
          },
        },
      }),
    ).toEqual([]);
  });
});

describe('idp-error in the analysis', () => {
  it('is tied to the refresh token the request sent, is on that token’s row, and marks its lane in the timeline', () => {
    const a = new Analyzer();
    a.add(refresh(400, SPA_EXPIRED));
    const r = a.report(Date.parse('2023-12-12T10:00:00Z'));
    expect(r.findings.map((f) => [f.code, f.token])).toEqual([['idp-error', tokenId(REFRESH)]]);
    expect(r.tokens.find((t) => t.id === tokenId(REFRESH))?.findings).toEqual([
      { code: 'idp-error', severity: 'warning', message: r.findings[0]!.message, entries: [0], linked: true },
    ]);
    expect(buildTimeline(r).lanes.find((l) => l.id === tokenId(REFRESH))?.severity).toBe('warning');
  });

  it('AADSTS700024 (a client assertion out of its time window) points at the clock skew the capture shows', () => {
    const skewed = (s: number) => ({
      startedDateTime: new Date(Date.parse('2023-12-12T09:00:00Z') + s * 1000).toISOString(),
      time: 50,
      request: { method: 'GET', url: `https://graph.microsoft.com/v1.0/me?x=${s}`, headers: [] },
      response: {
        status: 200,
        headers: [{ name: 'Date', value: new Date(Date.parse('2023-12-12T09:40:00Z') + s * 1000).toUTCString() }],
      },
    });
    const a = new Analyzer();
    for (const s of [0, 5, 10]) a.add(skewed(s));
    a.add(
      refresh(
        400,
        {
          error: 'invalid_client',
          error_description:
            'AADSTS700024: Client assertion is not within its valid time range. Current time: 2023-12-12T09:40:20Z, assertion valid from 2023-12-12T09:00:20Z, expiry time of assertion 2023-12-12T09:10:20Z.',
          error_codes: [700024],
        },
        '2023-12-12T09:00:20.000Z',
      ),
    );
    const r = a.report(Date.parse('2023-12-12T10:00:00Z'));
    expect(r.findings.map((f) => f.code).sort()).toEqual(['clock-skew', 'idp-error']);
    expect(r.findings.find((f) => f.code === 'idp-error')!.message).toContain(
      'This capture shows a clock skew as well (entry #1)',
    );
  });
});
