// The redaction promise as a property: HAR captures carrying marked secrets (random, unique marker strings as
// tokens, client secrets, refresh tokens, passwords, GitHub and Stripe keys, userinfo; in URL queries, fragments,
// paths, headers, bodies, claims at any depth, and echoed back in WWW-Authenticate) go through every output: the
// CLI's table, JSON, SARIF, JUnit and HTML, the panel's export and its cURL copy, and the CLI's stderr on a broken
// file. No marker may appear in any of them; with --reveal the raw token does, so the check can fail.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { formatReport } from '../../src/cli/output.js';
import { curlOf } from '../../src/panel/components/menus.js';
import { createStore } from '../../src/panel/store/index.js';
import { fakeClock, fakeSource } from '../panel/fakes.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n: number) => fc.array(fc.constantFrom(...ALNUM), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** A secret and how the capture carries it; `marker` is the part that must never be printed. */
interface Planted {
  marker: string;
  /** The raw bearer token, when the secret is one: --reveal must print it. */
  bearer?: string;
}

interface Capture {
  entries: unknown[];
  planted: Planted[];
}

const entry = (
  i: number,
  method: string,
  url: string,
  headers: Array<{ name: string; value: string }>,
  o: { status?: number; responseHeaders?: Array<{ name: string; value: string }>; body?: string; post?: string } = {},
) => ({
  startedDateTime: new Date(NOW - 600_000 + i * 1000).toISOString(),
  time: 20,
  request: {
    method,
    url,
    httpVersion: 'HTTP/2',
    headers,
    queryString: [],
    cookies: [],
    headersSize: -1,
    bodySize: o.post?.length ?? 0,
    ...(o.post ? { postData: { mimeType: 'application/x-www-form-urlencoded', text: o.post } } : {}),
  },
  response: {
    status: o.status ?? 200,
    statusText: '',
    httpVersion: 'HTTP/2',
    headers: o.responseHeaders ?? [],
    cookies: [],
    content: { size: o.body?.length ?? 0, mimeType: 'application/json', ...(o.body ? { text: o.body } : {}) },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  },
  cache: {},
  timings: { send: 0, wait: 20, receive: 0 },
});

/** A claims object with `value` under `name`, `depth` levels down, through objects, arrays or a JSON string. */
function nest(name: string, value: string, path: Array<'object' | 'array' | 'json'>): Record<string, unknown> {
  let inner: unknown = { [name]: value };
  for (const step of path)
    inner = step === 'array' ? [inner] : step === 'json' ? { ctx: JSON.stringify(inner) } : { wrap: inner };
  return Array.isArray(inner) ? { list: inner } : (inner as Record<string, unknown>);
}

const PLACE = fc.constantFrom('query', 'fragment', 'body');
const plan = fc.record({
  seed: alnum(20),
  opaque: fc.record({ echo: fc.boolean(), status: fc.constantFrom(200, 401) }),
  jwt: fc.record({
    place: fc.constantFrom('header', 'query', 'query-encoded', 'fragment'),
    claim: fc.constantFrom(
      'email',
      'emails',
      'login_hint',
      'phone_number',
      'ipaddr',
      'access_token',
      'refresh_token',
      'password',
    ),
    path: fc.array(fc.constantFrom('object' as const, 'array' as const, 'json' as const), { maxLength: 3 }),
  }),
  clientSecret: PLACE,
  refresh: fc.constantFrom('query', 'body'),
  password: fc.constantFrom('query', 'fragment', 'userinfo'),
  github: fc.constantFrom('path', 'query', 'header', 'body'),
  stripe: fc.constantFrom('path', 'fragment', 'header'),
});

let unique = 0;
function make(p: {
  seed: string;
  opaque: { echo: boolean; status: number };
  jwt: { place: string; claim: string; path: Array<'object' | 'array' | 'json'> };
  clientSecret: string;
  refresh: string;
  password: string;
  github: string;
  stripe: string;
}): Capture {
  const n = unique++;
  // Unique per marker and per run, and alphanumeric so that it fits every format planted here.
  const m = (kind: string) => `Mk${kind}${n}x${p.seed}`.slice(0, 30).padEnd(30, 'Q');
  const planted: Planted[] = [];
  const plant = (marker: string, bearer?: string) => (planted.push(bearer ? { marker, bearer } : { marker }), marker);
  const entries: unknown[] = [];
  const add = (...args: Parameters<typeof entry> extends [number, ...infer R] ? R : never) =>
    entries.push(entry(entries.length, ...args));

  const opaque = plant(m('op'), m('op'));
  add('GET', 'https://api.contoso.example/v1/me', [{ name: 'Authorization', value: `Bearer ${opaque}` }], {
    status: p.opaque.status,
    responseHeaders: p.opaque.echo
      ? [
          {
            name: 'WWW-Authenticate',
            value: `Bearer error="invalid_token", error_description="token ${opaque} is not valid"`,
          },
        ]
      : [],
  });

  const claimSecret = plant(m('cl'));
  const sig = plant(m('sg'));
  const claims = {
    iss: 'https://login.contoso.example/',
    aud: 'api://orders',
    sub: 'user-1',
    iat: NOW / 1000 - 300,
    exp: NOW / 1000 + 3000,
    ...nest(
      p.jwt.claim,
      p.jwt.claim.startsWith('email') || p.jwt.claim === 'login_hint' ? `${claimSecret}@contoso.example` : claimSecret,
      p.jwt.path,
    ),
  };
  const jwt = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' }))}.${b64url(JSON.stringify(claims))}.${sig}`;
  planted.push({ marker: jwt, bearer: jwt });
  const jwtInUrl = p.jwt.place === 'query-encoded' ? jwt.replace(/\./g, '%2e') : jwt;
  if (p.jwt.place === 'header')
    add('GET', 'https://api.contoso.example/v1/orders', [{ name: 'Authorization', value: `Bearer ${jwt}` }]);
  else if (p.jwt.place === 'fragment') add('GET', `https://app.contoso.example/cb#id_token=${jwtInUrl}&state=s1`, []);
  else add('GET', `https://api.contoso.example/v1/orders?access_token=${jwtInUrl}&page=2`, []);

  const cs = plant(m('cs'));
  const refresh = plant(m('rt'));
  const tokenBody = JSON.stringify({
    token_type: 'Bearer',
    access_token: jwt,
    refresh_token: refresh,
    expires_in: 3600,
  });
  const form = `grant_type=refresh_token&client_id=spa${p.clientSecret === 'body' ? `&client_secret=${cs}` : ''}${p.refresh === 'body' ? `&refresh_token=${refresh}` : ''}`;
  const tokenUrl = `https://login.contoso.example/oauth2/v2.0/token${p.clientSecret === 'query' ? `?client_secret=${cs}` : ''}${p.refresh === 'query' ? `${p.clientSecret === 'query' ? '&' : '?'}refresh_token=${refresh}` : ''}${p.clientSecret === 'fragment' ? `#client_secret=${cs}` : ''}`;
  add('POST', tokenUrl, [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }], {
    body: tokenBody,
    post: form,
  });

  const password = plant(m('pw'));
  add(
    'GET',
    p.password === 'userinfo'
      ? `https://alice:${password}@files.contoso.example/report.csv`
      : `https://files.contoso.example/login${p.password === 'query' ? '?' : '#'}user=alice&password=${password}`,
    [],
  );

  const github = `ghp_${plant(m('gh').slice(0, 30) + 'ZZZZZZ')}`;
  if (p.github === 'path') add('GET', `https://api.github.com/repos/contoso/app/${github}/contents`, []);
  else if (p.github === 'query') add('GET', `https://api.contoso.example/proxy?to=github&q=${github}`, []);
  else if (p.github === 'header')
    add('GET', 'https://api.github.com/user', [{ name: 'X-GitHub-Token', value: github }]);
  else add('POST', 'https://api.contoso.example/settings', [], { post: `github=${github}` });

  const stripe = `sk_live_${plant(m('sk'))}`;
  if (p.stripe === 'path') add('GET', `https://pay.contoso.example/keys/${stripe}/charges`, []);
  else if (p.stripe === 'fragment') add('GET', `https://pay.contoso.example/checkout#key=${stripe}`, []);
  else add('POST', 'https://api.stripe.com/v1/charges', [{ name: 'Authorization', value: `Bearer ${stripe}` }]);

  return { entries, planted };
}

const leaks = (text: string, planted: Planted[]) =>
  planted.filter((x) => text.includes(x.marker)).map((x) => x.marker.slice(0, 40));

async function inProcessOutputs(c: Capture, reveal: boolean): Promise<Record<string, string>> {
  const analyzer = new Analyzer();
  for (const e of c.entries) analyzer.add(e);
  await analyzer.verifySignatures();
  const report = analyzer.report(NOW, { reveal });
  const o = {
    inputs: [{ uri: 'capture.har', name: 'capture.har', firstEntry: 0, entries: c.entries.length }],
    failOn: 'error' as const,
    version: 'test',
    nowMs: NOW,
  };
  const clock = fakeClock(NOW);
  const store = createStore(fakeSource(c.entries), clock);
  await Promise.resolve();
  await Promise.resolve();
  clock.advance(200);
  store.includeRaw.value = reveal;
  return {
    json: formatReport('json', report, o),
    sarif: formatReport('sarif', report, o),
    junit: formatReport('junit', report, o),
    html: formatReport('html', report, o),
    'panel export': (await store.exportReport('json')).text,
    'panel SARIF export': (await store.exportReport('sarif')).text,
    'panel HTML export': (await store.exportReport('html')).text,
    'panel cURL': store.report.value.tokens.map((t) => curlOf(store, t) ?? '').join('\n'),
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-redaction-property-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the redaction promise, on generated captures with marked secrets', () => {
  it('no marker in JSON, SARIF, JUnit, HTML, the panel’s export or its cURL copy; --reveal shows the raw tokens', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const c = make(p);
        const outs = await inProcessOutputs(c, false);
        for (const [format, text] of Object.entries(outs)) expect(leaks(text, c.planted), format).toEqual([]);
        const revealed = await inProcessOutputs(c, true);
        for (const x of c.planted) if (x.bearer) expect(revealed.json).toContain(x.bearer);
        expect(revealed['panel cURL']).toContain(c.planted[0]!.bearer);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('no marker in the CLI’s table, nor any piece of one on its stderr for a broken file', () => {
    const captures = fc.sample(plan, { numRuns: 6, seed: 19 }).map((p) => make(p));
    const files = captures.map((c, i) => {
      const f = path.join(tmp, `capture-${i}.har`);
      fs.writeFileSync(
        f,
        JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries: c.entries } }),
      );
      return f;
    });
    const planted = captures.flatMap((c) => c.planted);
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['dist/cli.js', 'scan', ...args, '--now', new Date(NOW).toISOString()], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const table = run(files);
    expect(table.stdout).toContain('secret-in-browser');
    expect(leaks(table.stdout + table.stderr, planted)).toEqual([]);
    expect(run([...files, '--reveal']).stdout).toContain(planted[0]!.bearer);

    // A file broken just before each marker: the reader's error quotes the file around the break.
    for (const [i, c] of captures.slice(0, 2).entries()) {
      const text = fs.readFileSync(files[i]!, 'utf8');
      for (const x of c.planted.filter((y) => text.includes(y.marker)).slice(0, 3)) {
        const at = text.indexOf(x.marker);
        const broken = path.join(tmp, `broken-${i}.har`);
        fs.writeFileSync(broken, `${text.slice(0, at)}\x1bc${text.slice(at)}`);
        const r = run([broken]);
        expect(r.stderr).not.toMatch(/\x1b/);
        // No 8 characters of the marker: V8 quotes only 10 around the break, which is a piece of a secret too.
        for (let k = 0; k + 8 <= x.marker.length; k += 4) expect(r.stderr).not.toContain(x.marker.slice(k, k + 8));
      }
    }
  }, 60_000);
});
