import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { scanStorage } from '../../../src/core/find/storage.js';
import * as T from '../../fixtures/tokens.js';

const NOW = Date.parse('2023-11-14T22:30:00Z');
// Opaque refresh tokens as Entra ID, Microsoft accounts and Auth0 issue them
const MSA_REFRESH = 'M.C534_BAY.0.U.-CqhE3Zq7rWZpXxQ4*bD6!tTcS8yWz1kJvA2nPq$FgHhLmRsUuVvXx3dKoTeNcQ';
const AUTH0_REFRESH = 'v1.MhT8Jdq7oSxwqQvW0hL2yBbVgTNE0f4cRk-2kPtVZJxG9yVvLh7ZQaE1mUcD3nF5sW8pR';

/** A token response from `host` issuing `refresh` (and an opaque access token), as Entra ID, MSA and Auth0 answer. */
const tokenResponse = (started: string, refresh: string, host = 'login.microsoftonline.com') => ({
  startedDateTime: started,
  time: 80,
  request: {
    method: 'POST',
    url: `https://${host}/common/oauth2/v2.0/token`,
    headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
    postData: {
      mimeType: 'application/x-www-form-urlencoded',
      text: 'grant_type=authorization_code&code=0.AXEA-code&client_id=7d3f1a2b-0c4e-4f6a-9b8c-1d2e3f4a5b6c',
    },
  },
  response: {
    status: 200,
    headers: [{ name: 'Content-Type', value: 'application/json' }],
    content: {
      mimeType: 'application/json',
      text: JSON.stringify({
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: T.ENTRA_V1_DELEGATED,
        refresh_token: refresh,
      }),
    },
  },
});
/** The app's own server keeping the refresh token in a cookie scripts can read (no HttpOnly). */
const keptInCookie = (started: string, refresh: string) => ({
  startedDateTime: started,
  time: 30,
  request: { method: 'POST', url: 'https://app.contoso.com/session', headers: [] },
  response: {
    status: 204,
    headers: [{ name: 'Set-Cookie', value: `theme=dark; Path=/\nrt=${refresh}; Path=/; Secure; SameSite=Lax` }],
  },
});
const sentInUrl = (started: string, refresh: string) => ({
  startedDateTime: started,
  time: 30,
  request: {
    method: 'GET',
    url: `https://app.contoso.com/api/renew?sid=${encodeURIComponent(refresh)}`,
    headers: [{ name: 'Cookie', value: `rt=${refresh}` }],
  },
  response: { status: 200, headers: [] },
});

function rowOf(entries: unknown[], raw: string, a = new Analyzer()) {
  for (const e of entries) a.add(e);
  const t = a.report(NOW).tokens.find((x) => x.id === tokenId(raw));
  return (
    t && {
      places: t.sightings.map((s) => `${s.where}:${s.name}@${s.entry}`),
      findings: t.findings.map((f) => `${f.code}:${f.severity}`),
    }
  );
}

describe('opaque tokens linked by value, whatever the order', () => {
  for (const [label, refresh] of [
    ['Entra ID', T.OPAQUE_REFRESH],
    ['Microsoft account', MSA_REFRESH],
    ['Auth0', AUTH0_REFRESH],
  ] as const) {
    it(`${label}: a refresh token issued, then kept in a Set-Cookie without HttpOnly, then sent in a URL`, () => {
      expect(
        rowOf(
          [
            tokenResponse('2023-11-14T22:20:00Z', refresh),
            keptInCookie('2023-11-14T22:20:01Z', refresh),
            sentInUrl('2023-11-14T22:21:00Z', refresh),
          ],
          refresh,
        ),
      ).toEqual({
        places: ['response-body:refresh_token@0', 'set-cookie:rt@1', 'cookie:rt@2', 'query:sid@2'],
        findings: ['url-leak:error', 'cookie-leak:warning'],
      });
    });
  }

  it('the cookie and the URL first, the token response after: the response reaches back', () => {
    const row = rowOf(
      [
        keptInCookie('2023-11-14T22:20:01Z', T.OPAQUE_REFRESH),
        sentInUrl('2023-11-14T22:21:00Z', T.OPAQUE_REFRESH),
        tokenResponse('2023-11-14T22:22:00Z', T.OPAQUE_REFRESH),
      ],
      T.OPAQUE_REFRESH,
    );
    expect(row?.places.sort()).toEqual([
      'cookie:rt@1',
      'query:sid@1',
      'response-body:refresh_token@2',
      'set-cookie:rt@0',
    ]);
    expect(row?.findings).toEqual(['url-leak:error', 'cookie-leak:warning']);
  });

  it('in the same response as the token response (a backend-for-frontend setting the cookie)', () => {
    const both = tokenResponse('2023-11-14T22:20:00Z', AUTH0_REFRESH, 'contoso.eu.auth0.com');
    both.response.headers.push({ name: 'Set-Cookie', value: `auth0.rt=${AUTH0_REFRESH}; Path=/; Secure` });
    expect(rowOf([both], AUTH0_REFRESH)?.places).toEqual(['response-body:refresh_token@0', 'set-cookie:auth0.rt@0']);
  });

  it('in storage under a name that does not say token, read before or after the token response', async () => {
    const read = () =>
      scanStorage({
        url: 'https://app.contoso.com/',
        time: '2023-11-14T22:25:00Z',
        local: [{ key: 'app.session.r', value: MSA_REFRESH }],
        session: [],
        cookie: '',
        notes: [],
      });
    const before = new Analyzer();
    before.setStorage(await read());
    expect(rowOf([tokenResponse('2023-11-14T22:20:00Z', MSA_REFRESH)], MSA_REFRESH, before)?.places).toEqual([
      'response-body:refresh_token@0',
      'local-storage:app.session.r@-1',
    ]);
    const after = new Analyzer();
    after.add(tokenResponse('2023-11-14T22:20:00Z', MSA_REFRESH));
    after.setStorage(await read());
    expect(rowOf([], MSA_REFRESH, after)?.places).toEqual([
      'response-body:refresh_token@0',
      'local-storage:app.session.r@-1',
    ]);
  });

  it('values never issued or sent as tokens stay out of the report', () => {
    const a = new Analyzer();
    a.add(keptInCookie('2023-11-14T22:20:01Z', T.OPAQUE_REFRESH));
    a.add(sentInUrl('2023-11-14T22:21:00Z', T.OPAQUE_REFRESH));
    expect(a.report(NOW).tokens).toEqual([]);
  });
});
