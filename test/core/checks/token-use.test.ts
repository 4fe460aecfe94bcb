import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import type { Report } from '../../../src/core/model/report.js';
import { buildTimeline } from '../../../src/core/output/timeline.js';
import * as T from '../../fixtures/tokens.js';

/** test/fixtures/refresh-session.har: a code grant, calls, a refresh that rotates the refresh token, and the old one sent again (400 invalid_grant). */
const REFRESH_SESSION: Array<Record<string, unknown>> = JSON.parse(
  fs.readFileSync('test/fixtures/refresh-session.har', 'utf8'),
).log.entries;

function report(entries: unknown[], now = Date.parse('2023-11-14T22:55:00Z')): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(now);
}
const codesOf = (r: Report, raw: string) =>
  r.tokens.find((t) => t.id === tokenId(raw))?.findings.map((f) => f.code) ?? [];

describe('refresh-reused', () => {
  it('fires on the replaced refresh token sent again, spanning the replacing response and the reuse, quoting the refusal', () => {
    const r = report(REFRESH_SESSION);
    const f = r.tokens
      .find((t) => t.id === tokenId(T.OPAQUE_REFRESH))!
      .findings.find((x) => x.code === 'refresh-reused');
    expect(f).toMatchObject({ severity: 'error', entries: [3, 5] });
    expect(f!.message).toContain(
      'replaced by the token response of entry #4, then sent again (entry #6, POST https://login.microsoftonline.com/',
    );
    expect(f!.message).toContain(
      'The server answered 400: invalid_grant: AADSTS70000: The refresh token was already redeemed., as a server that detects reuse does',
    );
    // Only the reused token: its successor was used once.
    expect(r.tokens.filter((t) => t.findings.some((x) => x.code === 'refresh-reused'))).toHaveLength(1);
    expect(buildTimeline(r).lanes.find((l) => l.id === tokenId(T.OPAQUE_REFRESH))?.severity).toBe('error');
  });

  it('is quiet when the second refresh started before the rotating answer came back (two tabs at once)', () => {
    const entries = structuredClone(REFRESH_SESSION);
    // The reuse (entry 5) starts while the refresh of entry 3 is still in flight.
    entries[3]!.time = 11 * 60_000;
    expect(codesOf(report(entries), T.OPAQUE_REFRESH)).not.toContain('refresh-reused');
  });

  it('is quiet when the refresh token is never sent again', () => {
    expect(codesOf(report(REFRESH_SESSION.slice(0, 5)), T.OPAQUE_REFRESH)).not.toContain('refresh-reused');
  });
});

describe('id-token-as-bearer', () => {
  const call = (token: string, url: string, header = 'Authorization', value = `Bearer ${token}`) => ({
    startedDateTime: '2023-11-14T22:21:00.000Z',
    time: 80,
    _resourceType: 'fetch',
    request: { method: 'GET', url, headers: [{ name: header, value }] },
    response: {
      status: 200,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { mimeType: 'application/json', text: '{"value":[]}' },
    },
  });
  const at = Date.parse('2023-11-14T22:21:30Z');

  it('fires on an Entra ID token sent as Authorization: Bearer to the app’s API', () => {
    const r = report([call(T.ENTRA_V2_ID, 'https://api.contoso.com/orders')], at);
    const f = r.tokens[0]!.findings.find((x) => x.code === 'id-token-as-bearer');
    expect(f).toMatchObject({ severity: 'warning', entries: [0] });
    expect(f!.message).toContain(
      'sent as Authorization: Bearer to api.contoso.com (first: entry #1, GET https://api.contoso.com/orders)',
    );
  });

  it('is quiet on access tokens, on ID tokens in other headers (App Service’s X-MS-TOKEN-AAD-ID-TOKEN), and on Firebase ID tokens', () => {
    expect(
      codesOf(report([call(T.ENTRA_V1_DELEGATED, 'https://graph.microsoft.com/v1.0/me')], at), T.ENTRA_V1_DELEGATED),
    ).not.toContain('id-token-as-bearer');
    expect(
      codesOf(
        report([call(T.ENTRA_V2_ID, 'https://app.contoso.com/api', 'X-MS-TOKEN-AAD-ID-TOKEN', T.ENTRA_V2_ID)], at),
        T.ENTRA_V2_ID,
      ),
    ).not.toContain('id-token-as-bearer');
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const firebase = `${b64({ alg: 'RS256', kid: 'a0b1c2', typ: 'JWT' })}.${b64({ iss: 'https://securetoken.google.com/contoso-app', aud: 'contoso-app', auth_time: 1700000000, user_id: 'u1', sub: 'u1', iat: 1700000000, exp: 1700003600, nonce: 'n', firebase: { sign_in_provider: 'password' } })}.c2ln`;
    expect(codesOf(report([call(firebase, 'https://api.contoso.com/orders')], at), firebase)).not.toContain(
      'id-token-as-bearer',
    );
  });
});
