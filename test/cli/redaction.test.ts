// "Nothing secret is printed unless asked": each case of issue 19's review, through the CLI's real outputs. Every
// value below is one a capture can hold; none may be printed without --reveal.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as P from '../fixtures/proofs.js';

const NOW = '2026-03-01T12:00:00Z';
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (claims: object, sig: string) =>
  `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' }))}.${b64url(JSON.stringify(claims))}.${sig}`;

const SECRET = {
  clientSecret: 'Zx8Q~clientSecretInQuery0001',
  refreshInUrl: '0.AXkAqueryRefreshToken7Gd2Lk9pWm3Rt',
  fragmentToken: 'frag0paqueAccessToken4Hs9Kd2Lq7Wm',
  fragmentSecret: 'fragClientSecret5Jd8Lw2Pq',
  github: 'ghp_R2d9Kq4Lm7Wp3Xs8Vb6Nc1Zt5Hy0Jg2Fd4Ae',
  stripe: 'sk_live_51HfragKey9Qw3Er5Ty7Ui',
  password: 'userinfoPassw0rd-77',
  rejected: 'rejOpaqueToken8Fh3Jk6Lm9Np2Qr',
  proofQuery: 'proofQuerySig4Tg7Yh1Uj',
};
const PERSONAL = [
  'alice@contoso.example',
  'alice.user@contoso.example',
  'alice.hint@contoso.example',
  '+1 425 555 0100',
  '1 Microsoft Way',
  '203.0.113.77',
];
const NESTED_CREDENTIALS = ['sess-at-9f8e7d6c5b4a', 'ctx-rt-0a1b2c3d4e5f'];
const ACCESS = jwt(
  {
    iss: 'https://login.contoso.example/',
    aud: 'api://orders',
    sub: 'u-1',
    iat: 1772362800,
    exp: 1772366400,
    emails: [PERSONAL[0]],
    user: { email: PERSONAL[1] },
    login_hint: PERSONAL[2],
    phone_number: PERSONAL[3],
    address: { street_address: PERSONAL[4] },
    ipaddr: PERSONAL[5],
    session: { access_token: NESTED_CREDENTIALS[0] },
    ctx: JSON.stringify({ refresh_token: NESTED_CREDENTIALS[1] }),
  },
  'c2lnbmF0dXJlLW9mLWFjY2Vzcy10b2tlbi1xdWVyeQ',
);

const entry = (
  time: string,
  method: string,
  url: string,
  headers: Array<{ name: string; value: string }> = [],
  status = 200,
  responseHeaders: Array<{ name: string; value: string }> = [],
  body?: string,
) => ({
  startedDateTime: `2026-03-01T11:${time}Z`,
  time: 30,
  request: { method, url, httpVersion: 'HTTP/2', headers, queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
  response: {
    status,
    statusText: '',
    httpVersion: 'HTTP/2',
    headers: responseHeaders,
    cookies: [],
    content: { size: body?.length ?? 0, mimeType: 'application/json', ...(body ? { text: body } : {}) },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  },
  cache: {},
  timings: { send: 0, wait: 30, receive: 0 },
});

const HAR = {
  log: {
    version: '1.2',
    creator: { name: 'Chrome', version: '150' },
    entries: [
      entry('50:00', 'GET', `https://api.contoso.example/v1/orders?access_token=${ACCESS}`),
      entry(
        '50:05',
        'POST',
        `https://login.contoso.example/oauth2/token?grant_type=refresh_token&refresh_token=${SECRET.refreshInUrl}&client_secret=${SECRET.clientSecret}`,
        [],
        200,
        [],
        JSON.stringify({ token_type: 'Bearer', access_token: ACCESS, expires_in: 3600 }),
      ),
      entry(
        '50:10',
        'GET',
        `https://app.contoso.example/callback#access_token=${SECRET.fragmentToken}&client_secret=${SECRET.fragmentSecret}&token_type=bearer`,
      ),
      entry('50:15', 'GET', `https://api.github.com/repos/contoso/app/contents/${SECRET.github}/readme`),
      entry('50:20', 'GET', `https://pay.contoso.example/checkout#key=${SECRET.stripe}`),
      entry('50:25', 'GET', `http://alice:${SECRET.password}@files.contoso.example/report.csv`, [
        { name: 'Authorization', value: `Basic ${b64url(`alice:${SECRET.password}`)}` },
      ]),
      entry(
        '50:30',
        'GET',
        'https://api.contoso.example/v1/me',
        [{ name: 'Authorization', value: `Bearer ${SECRET.rejected}` }],
        401,
        [
          {
            name: 'WWW-Authenticate',
            value: `Bearer error="invalid_token", error_description="The access token ${SECRET.rejected} has been revoked"`,
          },
        ],
      ),
      entry('50:35', 'GET', `https://api.example/orders?sig=${SECRET.proofQuery}`, [
        { name: 'Authorization', value: `DPoP ${P.BOUND}` },
        { name: 'DPoP', value: P.PROOF_ORDERS },
      ]),
    ],
  },
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-redaction-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const harFile = path.join(tmp, 'secrets.har');
fs.writeFileSync(harFile, JSON.stringify(HAR));

function scan(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'scan', ...args, '--now', NOW], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const out = (format: string) => scan([harFile, '--format', format]).out;

describe('secrets in a capture are not printed without --reveal', () => {
  it('--json and the HTML timeline keep no raw token, refresh token or client_secret from a URL query (sightings, proofs, <title>s)', () => {
    const json = out('json');
    const report = JSON.parse(json) as {
      tokens: Array<{ sightings: Array<{ url: string }>; proofs: Array<{ url: string }> }>;
    };
    const urls = report.tokens.flatMap((t) => [...t.sightings.map((s) => s.url), ...t.proofs.map((p) => p.url)]);
    expect(urls).toContain(
      'https://api.contoso.example/v1/orders?access_token=[redacted: ' + ACCESS.length + ' characters]',
    );
    expect(urls.some((u) => u.startsWith('https://api.example/orders?sig=[redacted'))).toBe(true);
    for (const secret of [ACCESS, SECRET.refreshInUrl, SECRET.clientSecret, SECRET.proofQuery])
      expect(json).not.toContain(secret);
    const html = out('html');
    const titles = [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]).join('\n');
    expect(titles).toContain('api.contoso.example/v1/orders');
    for (const secret of [ACCESS, SECRET.refreshInUrl, SECRET.clientSecret]) expect(html).not.toContain(secret);
  });

  it('masks fragments, a secret in a path and userinfo in the table, SARIF, JUnit and HTML, the secret findings included', () => {
    const leaked = [SECRET.fragmentToken, SECRET.fragmentSecret, SECRET.github, SECRET.stripe, SECRET.password];
    const table = scan([harFile]).out;
    expect(table).toContain('✖ client-secret-in-browser');
    expect(table).toMatch(
      /secret-in-browser A server-side secret, a GitHub personal access token \(ghp_R2d9… \(40 characters\)\)/,
    );
    expect(table).toContain(
      'https://api.github.com/repos/contoso/app/contents/[redacted: ghp_R2d9… (40 characters)]/readme',
    );
    expect(table).toMatch(/http:\/\/\[redacted: \d+ characters\]@files\.contoso\.example\/report\.csv/);
    for (const text of [table, out('sarif'), out('junit'), out('html')])
      for (const secret of leaked) expect(text).not.toContain(secret);
  });

  it('quotes WWW-Authenticate with the token it echoes masked', () => {
    const report = JSON.parse(out('json')) as { tokens: Array<{ findings: Array<{ code: string; message: string }> }> };
    const rejected = report.tokens.flatMap((t) => t.findings).find((f) => f.code === 'rejected');
    expect(rejected?.message).toContain(
      `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token [redacted token: ${SECRET.rejected.length} characters] has been revoked"`,
    );
    expect(JSON.stringify(report)).not.toContain(SECRET.rejected);
  });

  it('redacts personal and credential claims at any depth: in arrays, objects and JSON inside a string', () => {
    const json = out('json');
    for (const value of [...PERSONAL, ...NESTED_CREDENTIALS]) expect(json).not.toContain(value);
    const token = (JSON.parse(json) as { tokens: Array<{ claims: Record<string, unknown> | null }> }).tokens.find(
      (t) => t.claims?.aud === 'api://orders',
    );
    expect(token?.claims).toMatchObject({
      sub: 'u-1',
      user: { email: '[redacted: 26 characters]' },
      session: { access_token: '[redacted: 20 characters]' },
      ctx: '{"refresh_token":"[redacted: 19 characters]"}',
    });
    const revealed = scan([harFile, '--json', '--reveal']).out;
    for (const value of [...PERSONAL, ...NESTED_CREDENTIALS, ACCESS, SECRET.rejected])
      expect(revealed).toContain(value);
  });

  it('prints no bytes of a broken file on stderr: no V8 snippet, no terminal escape', () => {
    const broken = path.join(tmp, 'broken.har');
    fs.writeFileSync(
      broken,
      `{"log":{"entries":[{"request":{"url":"https://login.contoso.example/token"},"x":\x1bcpassword=hunter2}]}}`,
    );
    const r = scan([broken]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `bearerscope: ${broken}: the HAR file is not valid JSON in entry #1: Unexpected token '⟨U+001B⟩': not valid JSON\n`,
    );
    expect(r.err).not.toContain('hunte');
  });
});
