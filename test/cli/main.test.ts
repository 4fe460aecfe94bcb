import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as T from '../fixtures/tokens.js';

const HAR = 'test/fixtures/sharepoint-addin.har';
const NOW = '2023-11-14T22:30:00Z';
function scan(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-cli-'));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
};

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('bearerscope scan', () => {
  it('prints a table and the findings, and exits 1 when an error-level finding is present', () => {
    const r = scan(['scan', HAR, '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Bearerscope: 10 entries, 7 tokens, \d+ errors, \d+ warnings/);
    expect(r.out).toMatch(/user\+add-in\s+expired 10 y ago\s+company\.sharepoint\.com/);
    expect(r.out).toContain('✖ client-secret-in-browser');
    expect(r.err).toBe('');
  });

  it('--json prints the report, without raw tokens or credential claims unless --reveal', () => {
    const r = scan(['scan', HAR, '--json', '--now', NOW]);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({
      tool: 'bearerscope',
      reportVersion: 1,
      now: '2023-11-14T22:30:00.000Z',
      entries: 10,
    });
    expect(report.tokens).toHaveLength(7);
    expect(r.out).not.toContain(T.ACS_CONTEXT);
    expect(r.out).not.toContain(T.OPAQUE_REFRESH);
    const context = report.tokens.find((t: { kind: string }) => t.kind === 'context');
    expect(context.claims.refreshtoken).toMatch(/^\[redacted: \d+ characters\]$/);
    const revealed = JSON.parse(scan(['scan', HAR, '--json', '--reveal', '--now', NOW]).out);
    expect(revealed.tokens.map((t: { raw: string }) => t.raw)).toContain(T.ACS_CONTEXT);
  });

  it('--fail-on sets the bar: never exits 0, warning fails on warnings alone', () => {
    expect(scan(['scan', HAR, '--fail-on', 'never', '--now', NOW]).code).toBe(0);
    const warningsOnly = file(
      'warn.har',
      JSON.stringify({
        log: {
          entries: [
            { startedDateTime: '2023-11-14T22:20:00Z', request: { url: 'https://app/cb?error=access_denied' } },
          ],
        },
      }),
    );
    expect(scan(['scan', warningsOnly]).code).toBe(0);
    expect(scan(['scan', warningsOnly, '--fail-on', 'warning']).code).toBe(1);
  });

  it('reads a HAR from standard input with "-"', () => {
    const r = scan(['scan', '-', '--json', '--now', NOW], fs.readFileSync(HAR));
    expect(JSON.parse(r.out).entries).toBe(10);
  });

  it('flags server secrets and grades cookies by their Set-Cookie attributes', () => {
    const har = file(
      'secrets.har',
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            {
              startedDateTime: '2023-11-14T22:20:00Z',
              request: {
                method: 'POST',
                url: 'https://api.stripe.com/v1/payment_intents',
                headers: [{ name: 'Authorization', value: 'Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE' }],
              },
              response: { status: 200, headers: [] },
            },
            {
              startedDateTime: '2023-11-14T22:21:00Z',
              request: { method: 'POST', url: 'https://addin.contoso.com/Pages/Default.aspx', headers: [] },
              response: {
                status: 200,
                headers: [{ name: 'Set-Cookie', value: `SPContextToken=${T.ACS_CONTEXT}; Path=/; Secure` }],
              },
            },
          ],
        },
      }),
    );
    const r = scan(['scan', har, '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '✖ secret-in-browser A server-side secret, a Stripe live secret key (sk_live_yR… (32 characters)), was sent from the browser in request header Authorization',
    );
    expect(r.out).toMatch(
      /▲ cookie-leak \[context \w+\] This context token is kept in a cookie \(SPContextToken\)\. Scripts can read it: its Set-Cookie has no HttpOnly\./,
    );
    expect(r.out).not.toContain('yRh6nRuyLeXE7At07YbTCyAE');
    const json = JSON.parse(scan(['scan', har, '--json', '--now', NOW]).out);
    expect(json.findings.map((f: { code: string; severity: string }) => [f.code, f.severity])).toEqual([
      ['secret-in-browser', 'error'],
    ]);
  });

  it('finds secrets in entries with no token at all, and in long bodies, which the streaming reader would otherwise skip', () => {
    const filler = 'lorem ipsum '.repeat(100);
    const har = file(
      'only-secrets.har',
      JSON.stringify({
        log: {
          version: '1.2',
          entries: [
            {
              startedDateTime: '2023-11-14T22:20:00Z',
              request: {
                method: 'GET',
                url: 'https://api.contoso.com/repos?access=ghp_qsR6RZ24lPoQj3oPUlieI2nVsbBi1RMar1jf',
                headers: [],
              },
              response: { status: 200, headers: [] },
            },
            {
              startedDateTime: '2023-11-14T22:20:01Z',
              request: { method: 'GET', url: 'https://app.contoso.com/config.json', headers: [] },
              response: {
                status: 200,
                headers: [],
                content: {
                  mimeType: 'application/json',
                  text: `{"about":"${filler}","aws":{"accessKeyId":"AKIA2F7JHDWDLF3T2TPQ","secretAccessKey":"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"}}`,
                },
              },
            },
          ],
        },
      }),
    );
    const json = JSON.parse(scan(['scan', har, '--json', '--now', NOW]).out);
    expect(json.findings.map((f: { message: string }) => f.message.split(' (')[0])).toEqual([
      'A server-side secret, a GitHub personal access token',
      'A server-side secret, an AWS access key ID',
    ]);
    expect(json.findings[1].message).toContain('Its secret access key was beside it.');
  });

  it('reports no tokens in a HAR without any, and exits 0', () => {
    const r = scan([
      'scan',
      file(
        'none.har',
        JSON.stringify({ log: { version: '1.2', entries: [{ request: { url: 'https://example.com/' } }] } }),
      ),
    ]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('No bearer tokens found.');
  });

  it.each([
    [
      'a missing file',
      () => path.join(tmp, 'missing.har'),
      /^bearerscope: cannot read .*missing\.har: no such file\n$/,
    ],
    [
      'an empty file',
      () => file('empty.har', ''),
      /^bearerscope: .*empty\.har: not a HAR file: it is empty or does not start with a JSON object\n$/,
    ],
    [
      'a truncated HAR',
      () => file('cut.har', fs.readFileSync(HAR, 'utf8').slice(0, 20_000)),
      /^bearerscope: .*cut\.har: the HAR file is truncated: it ends inside entry #\d+ \(\d+ complete entr(y|ies) read\)\n$/,
    ],
    [
      'JSON that is not a HAR',
      () => file('package.json', '{"name":"x","version":"1.0.0"}'),
      /^bearerscope: .*package\.json: not a HAR file: there is no "log" object\n$/,
    ],
    [
      'a binary file',
      () => file('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
      /^bearerscope: .*image\.png: not a HAR file: it does not start with a JSON object\n$/,
    ],
    [
      'a directory with no HAR in it',
      () => fs.mkdtempSync(path.join(tmp, 'empty-')),
      /^bearerscope: .*empty-\w+: no \.har, \.har\.gz or \.zip file in this directory\n$/,
    ],
  ])('exits 2 with one clear line for %s', (_what, make, message) => {
    const r = scan(['scan', make()]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('exits 2 on bad usage and shows help with --help', () => {
    expect(scan([]).code).toBe(2);
    expect(scan(['scan', HAR, '--now', 'yesterday']).err).toContain('--now takes an ISO 8601 date, not "yesterday"');
    expect(scan(['scan', HAR, '--fail-on', 'info']).code).toBe(2);
    expect(scan(['--help'])).toMatchObject({ code: 0 });
    expect(scan(['--help']).out).toContain('Usage: bearerscope scan <file.har>...');
  });

  it('shows control and direction characters from token data as escapes, not raw', () => {
    const sneaky = file(
      'sneaky.har',
      JSON.stringify({
        log: {
          entries: [
            {
              startedDateTime: '2023-11-14T22:20:00Z',
              request: { url: 'https://app/cb?error=access_denied&error_description=ok\u001b[2J\u202Etxt.exe' },
            },
          ],
        },
      }),
    );
    const r = scan(['scan', sneaky]);
    expect(r.out).not.toContain('\u001b');
    expect(r.out).not.toContain('\u202E');
    expect(r.out).toContain('⟨U+001B⟩[2J⟨U+202E⟩txt.exe');
  });
});

describe('bearerscope scan on real captures', () => {
  const REAL = 'test/fixtures/real';
  it('counts in words: "1 entry, 1 token, 0 errors, 0 warnings"', () => {
    const r = scan(['scan', `${REAL}/har-to-k6/headers.har`, '--now', NOW]);
    expect(r.out).toMatch(/^Bearerscope: 1 entry, 1 token, 0 errors, 0 warnings {2}\(judged at/);
    expect(r.code).toBe(0);
  });

  it('--reveal shows the raw value under the token’s row in the table; without it the value is nowhere', () => {
    const revealed = scan(['scan', `${REAL}/mitmproxy/event_stream.har`, '--reveal', '--now', NOW]).out;
    expect(revealed).toMatch(/\n {18}raw: mob-82856bdd-1e79-4d98-a55f-be43b733543b\n/);
    expect(scan(['scan', `${REAL}/mitmproxy/event_stream.har`, '--now', NOW]).out).not.toContain('mob-82856bdd');
  });

  it('--json with several files names the file of each sighting', () => {
    const a = `${REAL}/har-to-k6/headers.har`;
    const b = `${REAL}/mitmproxy/event_stream.har`;
    const report = JSON.parse(scan(['scan', a, b, '--json', '--now', NOW]).out);
    const files = report.tokens.flatMap(
      (t: { sightings: Array<{ file: string; entry: number; where: string; name: string; scheme: string }> }) =>
        t.sightings.map((s) => [s.file, s.entry, s.where, s.name, s.scheme]),
    );
    expect(files).toEqual([
      [a, 0, 'authorization-header', 'Authorization', 'Bearer'],
      [b, 0, 'authorization-header', 'Authorization', 'api_key'],
      [b, 1, 'authorization-header', 'Authorization', 'api_key'],
    ]);
    // one file: no file field, as before
    expect(JSON.parse(scan(['scan', a, '--json', '--now', NOW]).out).tokens[0].sightings[0].file).toBeUndefined();
  });

  it('says a stripped capture is stripped, in the summary line and instead of "No bearer tokens found", and fails --fail-on warning', () => {
    const r = scan(['scan', `${REAL}/derived/ericduran-cookies-redacted.har`, '--fail-on', 'warning']);
    expect(r.out).toMatch(
      /^Bearerscope: 31 entries, 0 tokens, 0 errors, 1 warning; the capture looks stripped of its credentials/,
    );
    expect(r.out).toContain('▲ capture-stripped');
    expect(r.out).toContain(
      'No bearer tokens found, but the capture looks stripped of its credentials: this proves nothing',
    );
    expect(r.code).toBe(1);
  });

  it('catches a capture made with the clock 2 h slow, from four entries, in words for the capturing machine', () => {
    const r = scan(['scan', `${REAL}/derived/firefox-clock-2h-slow-4-entries.har`, '--fail-on', 'warning']);
    expect(r.out).toContain(
      "▲ clock-skew The capturing machine's clock looks 1 h 59 min behind the servers': 2 of 2 fresh responses from mitmproxy.org agree (first: entry #2).",
    );
    expect(r.code).toBe(1);
  });

  it('passes the real Firefox, Safari and Charles captures that used to fail on clock-skew', () => {
    for (const f of ['firefox', 'safari', 'charles'])
      expect(scan(['scan', `${REAL}/mitmproxy/${f}.har`, '--fail-on', 'warning']).code, f).toBe(0);
  });
});
