import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import type { Report, TokenReport } from '../../../src/core/model/report.js';
import { decryptMsalEntry, msalEncryptionCookie, scanStorage, tokensInItem } from '../../../src/core/find/storage.js';
import * as T from '../../fixtures/tokens.js';

/** 2023-11-14T22:30Z: the Entra fixtures (iat 22:13:20Z) are valid. */
const NOW = Date.parse('2023-11-14T22:30:00Z');
const READ_AT = '2023-11-14T22:25:00.000Z';
const CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const HOME = '2b1c7f0c-6b0e-4f4e-9a43-6f3f6c1f2a11.72f988bf-86f1-41af-91ab-2d7cd011db47';
const MSAL_RT =
  '1.AXoAv4j5cvGGr0GRqy180BHbRysXdG5WvkNIn_TmajmLEuN6AHB6AA.AgABAwEAAADW6jl31mB3T7ugrWTT8pFeAwDs_wUA9P-opaque-refresh-token-for-tests';

/** MSAL.js v2/v3 localStorage, as msal-browser writes it (keys `<homeAccountId>-<environment>-<credentialType>-<clientId>-<realm>-<target>`). */
const MSAL_V2 = [
  {
    key: 'msal.token.keys.6e74172b-be56-4843-9ff4-e66a39bb12e3',
    value: `{"idToken":["${HOME}-login.microsoftonline.com-idtoken-${CLIENT}-72f988bf-86f1-41af-91ab-2d7cd011db47---"],"accessToken":["${HOME}-login.microsoftonline.com-accesstoken-${CLIENT}-72f988bf-86f1-41af-91ab-2d7cd011db47-user.read sites.read.all--"],"refreshToken":["${HOME}-login.microsoftonline.com-refreshtoken-${CLIENT}----"]}`,
  },
  {
    key: `${HOME}-login.microsoftonline.com-accesstoken-${CLIENT}-72f988bf-86f1-41af-91ab-2d7cd011db47-user.read sites.read.all--`,
    value: `{"homeAccountId":"${HOME}","environment":"login.microsoftonline.com","credentialType":"AccessToken","clientId":"${CLIENT}","secret":"${T.ENTRA_V1_DELEGATED}","realm":"72f988bf-86f1-41af-91ab-2d7cd011db47","target":"User.Read Sites.Read.All","cachedAt":"1700000000","expiresOn":"1700004499","extendedExpiresOn":"1700008099","tokenType":"Bearer"}`,
  },
  {
    key: `${HOME}-login.microsoftonline.com-idtoken-${CLIENT}-72f988bf-86f1-41af-91ab-2d7cd011db47---`,
    value: `{"credentialType":"IdToken","homeAccountId":"${HOME}","environment":"login.microsoftonline.com","clientId":"${CLIENT}","secret":"${T.ENTRA_V2_ID}","realm":"72f988bf-86f1-41af-91ab-2d7cd011db47"}`,
  },
  {
    key: `${HOME}-login.microsoftonline.com-refreshtoken-${CLIENT}----`,
    value: `{"credentialType":"RefreshToken","homeAccountId":"${HOME}","environment":"login.microsoftonline.com","clientId":"${CLIENT}","secret":"${MSAL_RT}","expiresOn":"1700086400"}`,
  },
];

const snapshot = (
  parts: Partial<Record<'local' | 'session', Array<{ key: string; value: string | null; size?: number }>>> & {
    cookie?: string;
    notes?: string[];
  },
) => ({
  url: 'https://app.contoso.com/',
  time: READ_AT,
  local: parts.local ?? [],
  session: parts.session ?? [],
  cookie: parts.cookie ?? '',
  notes: parts.notes ?? [],
});

async function reportOf(snap: unknown, entries: unknown[] = []): Promise<Report> {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  a.setStorage(await scanStorage(snap));
  return a.report(NOW);
}
const tokenOf = (r: Report, raw: string): TokenReport => {
  const t = r.tokens.find((x) => x.id === tokenId(raw));
  if (!t) throw new Error('token not in report');
  return t;
};
const exposure = (t: TokenReport) => t.findings.find((f) => f.code === 'storage-exposure');

describe('tokens in storage values', () => {
  it("MSAL.js v2/v3: access, ID and opaque refresh tokens, labelled, with the refresh token's expiry from expiresOn", async () => {
    const r = await reportOf(snapshot({ local: MSAL_V2 }));
    expect(r.tokens.map((t) => t.kind).sort()).toEqual(['delegated', 'id', 'refresh']);
    const rt = tokenOf(r, MSAL_RT);
    expect(rt.times.exp?.epoch).toBe(1700086400);
    expect(rt.times.expSource).toBe('cache');
    expect(rt.sightings).toEqual([
      expect.objectContaining({
        kind: 'storage',
        entry: -1,
        method: '',
        status: 0,
        where: 'local-storage',
        name: MSAL_V2[3]!.key,
        path: 'secret',
        library: 'MSAL.js',
        url: 'https://app.contoso.com/',
        cache: { clientId: CLIENT, homeAccountId: HOME },
      }),
    ]);
    expect(tokenOf(r, T.ENTRA_V1_DELEGATED).sightings[0]).toEqual(
      expect.objectContaining({
        kind: 'storage',
        cache: { scopes: 'User.Read Sites.Read.All', clientId: CLIENT, homeAccountId: HOME },
      }),
    );
    expect(exposure(rt)).toMatchObject({ severity: 'error' });
    expect(exposure(rt)!.message).toContain(`localStorage under key "${MSAL_V2[3]!.key}"`);
    expect(exposure(rt)!.message).toContain('by MSAL.js');
    expect(exposure(rt)!.message).toContain('cache.cacheLocation');
    expect(exposure(rt)!.message).toContain('backend-for-frontend');
    expect(exposure(tokenOf(r, T.ENTRA_V1_DELEGATED))).toMatchObject({ severity: 'warning' });
    expect(exposure(tokenOf(r, T.ENTRA_V2_ID))).toMatchObject({ severity: 'warning' });
  });

  it('the same cache in sessionStorage is info, refresh token included (as OWASP ZAP rates sessionStorage)', async () => {
    const r = await reportOf(snapshot({ session: MSAL_V2 }));
    expect(r.tokens.map((t) => exposure(t)?.severity)).toEqual(['info', 'info', 'info']);
  });

  it('MSAL.js v5 keys (msal.2|…) hold the same credential entities', () => {
    const key = `msal.2|${HOME}|login.microsoftonline.com|refreshtoken|${CLIENT}||`;
    const found = tokensInItem(
      'local-storage',
      key,
      `{"credentialType":"RefreshToken","secret":"${MSAL_RT}","clientId":"${CLIENT}","homeAccountId":"${HOME}","environment":"login.microsoftonline.com","lastUpdatedAt":"1700000000000"}`,
    );
    expect(found).toEqual([
      {
        raw: MSAL_RT,
        where: 'local-storage',
        key,
        path: 'secret',
        role: 'refresh',
        library: 'MSAL.js',
        cache: { clientId: CLIENT, homeAccountId: HOME },
      },
    ]);
  });

  it('Auth0 SPA SDK: access, ID and refresh tokens from @@auth0spajs@@ entries, expiry from expiresAt', () => {
    const key =
      '@@auth0spajs@@::Xk2cf3Pu1ZTIXmpTvcq3bF9zGS3RbDtT::https://api.contoso.com::openid profile offline_access';
    const value = `{"body":{"access_token":"${T.ENTRA_V2_APP_ONLY}","id_token":"${T.ENTRA_V2_ID}","refresh_token":"v1.MRrVXMSnTrhWI6Yh4oKcFwJ9ujcfN-1OBh4hfKI1cKqnbmuXwVNgd","scope":"openid profile offline_access","expires_in":86400,"token_type":"Bearer"},"expiresAt":1700086400}`;
    const found = tokensInItem('local-storage', key, value);
    expect(found.map((c) => [c.path, c.role, c.library, c.expiresAt])).toEqual([
      ['body.access_token', 'access', 'Auth0 SPA SDK', 1700086400],
      ['body.id_token', 'id', 'Auth0 SPA SDK', 1700086400],
      ['body.refresh_token', 'refresh', 'Auth0 SPA SDK', 1700086400],
    ]);
  });

  it('Okta: okta-token-storage, each token with its own expiresAt', () => {
    const value = `{"accessToken":{"accessToken":"${T.ENTRA_V2_APP_ONLY}","expiresAt":1700003599,"tokenType":"Bearer","scopes":["openid","email"]},"idToken":{"idToken":"${T.ENTRA_V2_ID}","expiresAt":1700003600},"refreshToken":{"refreshToken":"okta-opaque-refresh-9F3kLqZx7wPn2vB8","expiresAt":1700003600}}`;
    const found = tokensInItem('local-storage', 'okta-token-storage', value);
    expect(found.map((c) => [c.path, c.role, c.library, c.expiresAt])).toEqual([
      ['accessToken.accessToken', 'access', 'Okta Auth JS', 1700003599],
      ['idToken.idToken', 'id', 'Okta Auth JS', 1700003600],
      ['refreshToken.refreshToken', 'refresh', 'Okta Auth JS', 1700003600],
    ]);
  });

  it('a bare JWT, a "Bearer " value, a token-named key with an opaque value, and JWTs deep in JSON', () => {
    expect(tokensInItem('local-storage', 'jwt', T.ENTRA_V2_ID).map((c) => c.raw)).toEqual([T.ENTRA_V2_ID]);
    expect(tokensInItem('local-storage', 'auth', `Bearer ${T.ENTRA_V2_ID}`).map((c) => c.raw)).toEqual([T.ENTRA_V2_ID]);
    expect(tokensInItem('session-storage', 'refresh_token', 'opaque-refresh-0123456789abcdef')).toEqual([
      {
        raw: 'opaque-refresh-0123456789abcdef',
        where: 'session-storage',
        key: 'refresh_token',
        path: '',
        role: 'refresh',
        library: null,
      },
    ]);
    const deep = `{"app":{"state":[{"user":{"session":"{\\"token\\":\\"${T.ENTRA_V2_ID}\\"}"}}]}}`;
    expect(tokensInItem('local-storage', 'persist:root', deep).map((c) => [c.raw, c.path])).toEqual([
      [T.ENTRA_V2_ID, 'app.state[0].user.session.token'],
    ]);
  });

  it('near misses: an opaque value under an ordinary key, a short value under a token key, and settings JSON find nothing', () => {
    expect(tokensInItem('local-storage', 'theme', 'dark-mode-with-high-contrast-enabled')).toEqual([]);
    expect(tokensInItem('local-storage', 'access_token', 'short')).toEqual([]);
    expect(tokensInItem('local-storage', 'settings', '{"credentialType":"AccessToken","secret":""}')).toEqual([]);
    expect(tokensInItem('local-storage', 'ey.not', 'eyJhbGciOi')).toEqual([]);
    // MSAL's own index of cache keys: names that say "token", values that are keys.
    expect(tokensInItem('local-storage', MSAL_V2[0]!.key, MSAL_V2[0]!.value!)).toEqual([]);
  });

  it('a key that is itself a token, or holds a secret, is redacted wherever the key is shown', async () => {
    const r = await reportOf(
      snapshot({
        local: [
          { key: T.ENTRA_V2_ID, value: '1' },
          { key: 'cache:ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf', value: T.ENTRA_V1_DELEGATED },
        ],
      }),
    );
    expect(tokenOf(r, T.ENTRA_V2_ID).sightings[0]!.name).toBe(`[token: ${T.ENTRA_V2_ID.length} characters]`);
    expect(tokenOf(r, T.ENTRA_V1_DELEGATED).sightings[0]!.name).toBe('cache:[ghp_qsR6… (40 characters)]');
    const json = JSON.stringify(r);
    expect(json).not.toContain(T.ENTRA_V2_ID);
    expect(json).not.toContain('qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf');
  });

  it('a script-readable cookie holding a refresh token is an error, and says scripts can read it', async () => {
    const r = await reportOf(snapshot({ cookie: `theme=dark; refresh_token=${MSAL_RT}` }));
    const t = tokenOf(r, MSAL_RT);
    expect(t.sightings[0]).toMatchObject({ where: 'script-cookie', name: 'refresh_token' });
    expect(exposure(t)).toMatchObject({ severity: 'error' });
    expect(exposure(t)!.message).toContain('a cookie scripts can read (document.cookie)');
  });
});

describe('storage sightings join the token seen in traffic', () => {
  it('one row for the token sent in a request and kept in localStorage', async () => {
    const sent = {
      startedDateTime: '2023-11-14T22:20:00Z',
      time: 50,
      request: {
        method: 'GET',
        url: 'https://graph.microsoft.com/v1.0/me',
        headers: [{ name: 'authorization', value: `Bearer ${T.ENTRA_V1_DELEGATED}` }],
      },
      response: { status: 200, headers: [] },
    };
    const r = await reportOf(snapshot({ local: MSAL_V2 }), [sent]);
    expect(r.tokens.filter((t) => t.id === tokenId(T.ENTRA_V1_DELEGATED))).toHaveLength(1);
    const t = tokenOf(r, T.ENTRA_V1_DELEGATED);
    expect(t.sightings.map((s) => s.where)).toEqual(['authorization-header', 'local-storage']);
    expect(t.sightingCount).toBe(2);
    expect(t.firstSeen).toBe('2023-11-14T22:20:00Z');
  });

  it("what the cache says (role, expiry) reaches the traffic token's row: an opaque value becomes a refresh token", async () => {
    const posted = {
      startedDateTime: '2023-11-14T22:20:00Z',
      time: 50,
      request: {
        method: 'POST',
        url: 'https://app.contoso.com/api/session',
        headers: [],
        postData: { mimeType: 'application/json', text: `{"token":"${MSAL_RT}"}` },
      },
      response: { status: 200, headers: [] },
    };
    const a = new Analyzer();
    a.add(posted);
    expect(tokenOf(a.report(NOW), MSAL_RT).kind).toBe('opaque');
    a.setStorage(await scanStorage(snapshot({ local: MSAL_V2 })));
    const t = tokenOf(a.report(NOW), MSAL_RT);
    expect(t.kind).toBe('refresh');
    expect(t.times.exp?.epoch).toBe(1700086400);
    expect(t.sightings.map((s) => s.where)).toEqual(['request-body', 'local-storage']);
  });

  it('a token first read from storage and then sent keeps one row', async () => {
    const a = new Analyzer();
    a.setStorage(await scanStorage(snapshot({ local: MSAL_V2 })));
    a.add({
      startedDateTime: '2023-11-14T22:26:00Z',
      request: {
        method: 'GET',
        url: 'https://graph.microsoft.com/v1.0/me',
        headers: [{ name: 'authorization', value: `Bearer ${T.ENTRA_V1_DELEGATED}` }],
      },
      response: { status: 200 },
    });
    const r = a.report(NOW);
    expect(r.tokens.filter((t) => t.id === tokenId(T.ENTRA_V1_DELEGATED))).toHaveLength(1);
    expect(r.tokens).toHaveLength(3);
  });

  it('a new read replaces the old one: a token removed from storage is gone', async () => {
    const a = new Analyzer();
    a.setStorage(await scanStorage(snapshot({ local: MSAL_V2 })));
    expect(a.report(NOW).tokens).toHaveLength(3);
    a.setStorage(await scanStorage(snapshot({ local: MSAL_V2.slice(0, 2) })));
    expect(a.report(NOW).tokens.map((t) => t.kind)).toEqual(['delegated']);
  });
});

describe('what the reader could not read, and hostile snapshots', () => {
  it("a value too large to read and the reader's own notes reach the report's notes", async () => {
    const r = await reportOf(
      snapshot({
        local: [{ key: 'blob', value: null, size: 52_428_800 }],
        notes: ['localStorage: a getter threw: boom'],
      }),
    );
    expect(r.notes).toEqual([
      'localStorage: a getter threw: boom',
      'local-storage key "blob" holds 52428800 characters, more than the 2000000 read: not searched.',
    ]);
  });

  it('garbage where a snapshot should be yields no tokens and no exception', async () => {
    for (const junk of [
      null,
      42,
      'x',
      { local: 'nope', session: [null, 1, { key: 5 }], cookie: {} },
      { local: [{ key: '__proto__', value: '{"__proto__":{"access_token":"x"}}' }] },
    ]) {
      const scan = await scanStorage(junk);
      expect(scan.candidates).toEqual([]);
    }
  });

  it('JSON nested 10,000 deep is walked to a bound, not to a stack overflow', () => {
    const deep = '['.repeat(10_000) + `"${T.ENTRA_V2_ID}"` + ']'.repeat(10_000);
    expect(tokensInItem('local-storage', 'deep', deep)).toEqual([]);
  });
});

describe('MSAL.js v4+ encrypted localStorage', () => {
  // Generated with msal-browser's derivation (HKDF-SHA-256, salt = nonce, info = client ID; AES-GCM-256, zero IV):
  // base key 00 01 … 1f, nonce a0 … af, plaintext a RefreshToken entity whose secret is MSAL_RT.
  const COOKIE =
    'msal.cache.encryption=%7B%22id%22%3A%22c0ffee00-0000-4000-8000-000000000001%22%2C%22key%22%3A%22AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8%22%7D';
  const ENTRY =
    '{"id":"c0ffee00-0000-4000-8000-000000000001","nonce":"oKGio6SlpqeoqaqrrK2urw","data":"O6oZ-4l5HvBabiU8Wtw-ueQw0CGWTOxJSnRVX87To5qAa5BBu4fnyMO043H6-LtF838YTKeUYyNkAf8fweUw_zTYzg9rePuXrDfdcMETZ07Nhd7HCDVvq9ShQN-0Ww4heUNRClr9wRLshhCM85A0Tob7Gw8SmBgHxbTbjAVu3Dl7F13qMAqdG7jZee3YAVu0i5M53jojdhTLsEiqJeywTgu0PuQRsIypH3tIkO-o7McxCPHdbhkEGggLXUi0m_jdXYeciCD_7rd_hCUeGwZiRhkMGzxO9kjzyTsg1d-sBsuY6HuIvacFMVfV1KAelgO3RcHjWkkdk-viL4hOZJehN_hDdQol6iu7riH5tD8NeacuhQ7UYPQeB7MUeL1Xfg3uwKP6eRs9Tum5e0vbotGxe8pU9Msjxv6wfyFcib3vGmoyF9nHpPHJoO-3v65jaxLmaDkeQml4Z6Xjxz2JcngOBjCTBU-ScbOWe5t9RCaGSD88w5GRcuHFnTihQr0r_k3eAs_t8JNWVB5abyXYn21gIUR-yFDzAnMwVeT6DJHzWTuCMEFR0Wm34XePVCp1kdce","lastUpdatedAt":"1700000000000"}';
  const KEY = `msal.2|${HOME}|login.microsoftonline.com|refreshtoken|${CLIENT}||`;

  it('decrypts with the key from the script-readable cookie and says so', async () => {
    const r = await reportOf(snapshot({ local: [{ key: KEY, value: ENTRY }], cookie: COOKIE }));
    const t = tokenOf(r, MSAL_RT);
    expect(t.kind).toBe('refresh');
    expect(t.sightings[0]).toMatchObject({ where: 'local-storage', library: 'MSAL.js', encrypted: true });
    expect(exposure(t)).toMatchObject({ severity: 'error' });
    expect(exposure(t)!.message).toContain('It is encrypted, but readable by any script on this origin');
  });

  it('without the cookie, or with a wrong key, nothing is decrypted and a note says why', async () => {
    const noCookie = await reportOf(snapshot({ local: [{ key: KEY, value: ENTRY }] }));
    expect(noCookie.tokens).toEqual([]);
    expect(noCookie.notes[0]).toMatch(/^1 encrypted MSAL.js localStorage entry could not be decrypted/);
    const wrong = COOKIE.replace(
      'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
      'AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
    );
    expect((await reportOf(snapshot({ local: [{ key: KEY, value: ENTRY }], cookie: wrong }))).tokens).toEqual([]);
  });

  it('the context matters: the same entry under a key without the client ID does not decrypt', async () => {
    const key = msalEncryptionCookie([
      { name: 'msal.cache.encryption', value: decodeURIComponent(COOKIE.split('=')[1]!) },
    ])!.key;
    const e = JSON.parse(ENTRY) as { nonce: string; data: string };
    expect(await decryptMsalEntry(key, e.nonce, e.data, [''])).toBeNull();
    expect(await decryptMsalEntry(key, e.nonce, e.data, [CLIENT])).toContain(MSAL_RT);
  });
});
