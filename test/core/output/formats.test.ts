// The CLI's CI formats, read back the way their consumers read them: SARIF against the OASIS SARIF 2.1.0 schema
// (test/fixtures/sarif/, from the oasis-tcs/sarif-spec repository), JUnit through a JUnit parser.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseJunit } from 'junit2json';
import { describe, expect, it } from 'vitest';
import * as T from '../../fixtures/tokens.js';

const HAR = 'test/fixtures/sharepoint-addin.har';
const NOW = '2023-11-14T22:30:00Z';
function scan(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-formats-'));

const ajv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')));

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  partialFingerprints: Record<string, string>;
}

describe('--format sarif', () => {
  const run = () => JSON.parse(scan(['scan', HAR, '--format', 'sarif', '--now', NOW]).out);

  it('validates against the SARIF 2.1.0 schema, with one rule per finding code and results that point into the HAR', () => {
    const sarif = run();
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 1)).toBe(true);
    const [runOut] = sarif.runs;
    const rules: {
      id: string;
      shortDescription: { text: string };
      fullDescription: { text: string };
      help: { text: string };
    }[] = runOut.tool.driver.rules;
    const results: SarifResult[] = runOut.results;
    expect(rules.map((r) => r.id)).toEqual([...new Set(results.map((r) => r.ruleId))].sort());
    for (const r of rules)
      expect([r.shortDescription.text, r.fullDescription.text, r.help.text].every((s) => s.length > 10)).toBe(true);
    for (const r of results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
    const rejected = results.find((r) => r.ruleId === 'rejected');
    expect(rejected).toMatchObject({
      level: 'error',
      message: { text: expect.stringMatching(/^user\+add-in token 6c6d4f6d69a63ee3: The server answered 401/) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: 'test/fixtures/sharepoint-addin.har', uriBaseId: '%SRCROOT%' } },
          logicalLocations: [{ fullyQualifiedName: 'log.entries[2]' }],
        },
      ],
      partialFingerprints: { 'bearerscopeFinding/v1': '6c6d4f6d69a63ee3:rejected:company.sharepoint.com' },
    });
    expect(results.find((r) => r.ruleId === 'client-secret-in-browser')?.level).toBe('error');
    expect(results.some((r) => r.level === 'warning')).toBe(true);
  });

  it('never carries a raw token, and its fingerprints are the same on the next run and unique per result', () => {
    const first = scan(['scan', HAR, '--format', 'sarif', '--now', '2024-01-01T00:00:00Z']).out;
    for (const raw of [T.ACS_CONTEXT, T.ACS_USER_ADDIN, T.ACS_ADDIN_ONLY, T.OPAQUE_REFRESH])
      expect(first).not.toContain(raw);
    const prints = (text: string) =>
      (JSON.parse(text).runs[0].results as SarifResult[]).map((r) => r.partialFingerprints['bearerscopeFinding/v1']);
    // A later run (another day, so every "expired N d ago" message changes) matches the same alerts.
    const later = scan(['scan', HAR, '--format', 'sarif', '--now', '2024-02-01T00:00:00Z']).out;
    expect(prints(later)).toEqual(prints(first));
    expect(new Set(prints(first)).size).toBe(prints(first).length);
  });

  it('with several HAR files, points each result at its own file and its entry there', () => {
    const sarif = JSON.parse(
      scan(['scan', HAR, 'test/fixtures/refresh-session.har', '--format', 'sarif', '--now', NOW]).out,
    );
    expect(validateSarif(sarif)).toBe(true);
    expect(sarif.runs[0].artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual([
      'test/fixtures/sharepoint-addin.har',
      'test/fixtures/refresh-session.har',
    ]);
    const results: SarifResult[] = sarif.runs[0].results;
    // Entries count within their file: the 401 of the refresh session is its own entry 4.
    const rejected = results
      .filter((r) => r.ruleId === 'rejected')
      .map((r) => [
        r.locations[0]?.physicalLocation.artifactLocation.uri,
        r.locations[0]?.logicalLocations?.[0]?.fullyQualifiedName,
      ]);
    expect(rejected).toEqual(
      expect.arrayContaining([
        ['test/fixtures/sharepoint-addin.har', 'log.entries[2]'],
        ['test/fixtures/refresh-session.har', 'log.entries[4]'],
      ]),
    );
  });

  it('a token at the same entry number in two files: its finding points at the file where it holds, and says so', () => {
    // Sent at entry #2 of both captures: before its exp in the first, after it in the second.
    const exp = Date.parse('2023-11-14T22:00:00Z') / 1000;
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'https://api.contoso.example', iat: exp - 3600, exp })}.c2lnbmF0dXJl`;
    const capture = (name: string, at: string) => {
      const file = path.join(tmp, name);
      const call = (url: string, auth: string) => ({
        startedDateTime: at,
        time: 10,
        request: { method: 'GET', url, headers: auth ? [{ name: 'Authorization', value: auth }] : [] },
        response: { status: 200, headers: [] },
      });
      fs.writeFileSync(
        file,
        JSON.stringify({
          log: {
            version: '1.2',
            entries: [
              call('https://app.contoso.example/', ''),
              call('https://api.contoso.example/orders', `Bearer ${token}`),
            ],
          },
        }),
      );
      return file;
    };
    const before = capture('before-exp.har', '2023-11-14T21:30:00.000Z');
    const after = capture('after-exp.har', '2023-11-14T22:10:00.000Z');
    const sarif = JSON.parse(scan(['scan', before, after, '--format', 'sarif', '--now', NOW]).out);
    const late = (sarif.runs[0].results as SarifResult[]).filter((r) => r.ruleId === 'expired-when-sent');
    expect(late).toHaveLength(1);
    expect(late[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/\/after-exp\.har$/);
    expect(late[0]!.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName).toBe('log.entries[1]');
    expect(late[0]!.message.text).toContain(`(first: entry #2 of ${after}, GET https://api.contoso.example/orders)`);
    const json = JSON.parse(scan(['scan', before, after, '--json', '--now', NOW]).out);
    expect(json.tokens[0].findings.find((f: { code: string }) => f.code === 'expired-when-sent')).toMatchObject({
      entries: [1],
      files: [after],
    });
  });

  it('gives a report-level finding the same fingerprint whether its file is scanned alone or after another', () => {
    const fingerprints = (args: string[]) =>
      (JSON.parse(scan(['scan', ...args, '--format', 'sarif', '--now', NOW]).out).runs[0].results as SarifResult[])
        .filter((r) => r.ruleId === 'client-secret-in-browser')
        .map((r) => r.partialFingerprints);
    // A capture whose entry #6 (index 5, as the add-in capture's client-secret request) carries a token to another host.
    const other = path.join(tmp, 'other.har');
    const call = (i: number) => ({
      startedDateTime: `2023-11-14T22:0${i}:00.000Z`,
      time: 10,
      request: {
        method: 'GET',
        url: `https://api${i}.contoso.example/orders`,
        headers: [{ name: 'Authorization', value: `Bearer opaque-token-for-api-${i}-0123456789` }],
      },
      response: { status: 200, headers: [] },
    });
    fs.writeFileSync(other, JSON.stringify({ log: { version: '1.2', entries: [0, 1, 2, 3, 4, 5].map(call) } }));
    expect(fingerprints([other, HAR])).toEqual(fingerprints([HAR]));
  });

  it('--output writes the file and --json stays an alias of --format json', () => {
    const out = path.join(tmp, 'scan.sarif');
    const r = scan(['scan', HAR, '--format', 'sarif', '--output', out, '--now', NOW]);
    expect(r.out).toBe('');
    expect(r.code).toBe(1);
    expect(validateSarif(JSON.parse(fs.readFileSync(out, 'utf8')))).toBe(true);
    expect(scan(['scan', HAR, '--json', '--now', NOW]).out).toBe(
      scan(['scan', HAR, '--format', 'json', '--now', NOW]).out,
    );
  });

  it('refuses an unknown format and an unwritable output with exit 2', () => {
    expect(scan(['scan', HAR, '--format', 'xml'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format takes table, json, sarif, junit, html, not "xml"'),
    });
    expect(scan(['scan', HAR, '--output', path.join(tmp, 'no/such/dir/x.sarif')])).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot write'),
    });
  });
});

describe('--format junit', () => {
  type Suite = {
    tests?: number;
    failures?: number;
    testcase?: {
      name: string;
      classname: string;
      failure?: { message: string; inner?: string }[];
      'system-out'?: string[];
    }[];
  };
  const read = async (args: string[]) =>
    (await parseJunit(scan(['scan', HAR, '--format', 'junit', '--now', NOW, ...args]).out)) as {
      testsuite: Suite[];
      tests: number;
      failures: number;
    };

  it('is one test case per token and one for the capture, failed where a finding reaches --fail-on', async () => {
    const doc = await read([]);
    const [suite] = doc.testsuite;
    const cases = suite?.testcase ?? [];
    expect(cases).toHaveLength(8);
    expect(cases.at(-1)).toMatchObject({
      name: 'findings about the capture',
      failure: [{ message: 'client-secret-in-browser' }],
    });
    const userAddIn = cases.find((c) => c.name === 'user+add-in token 6c6d4f6d69a63ee3 for company.sharepoint.com');
    expect(userAddIn?.failure?.[0]?.message).toBe('expired-when-sent, cookie-leak, rejected');
    expect(userAddIn?.failure?.[0]?.inner).toContain(
      'x-ms-diagnostics: 3000006;reason="Token contains invalid signature."',
    );
    expect(userAddIn?.['system-out']?.[0]).toMatch(/^warning expired: /);
    expect(doc.failures).toBe(cases.filter((c) => c.failure).length);
    const never = await read(['--fail-on', 'never']);
    expect(never.failures).toBe(0);
    expect(never.testsuite[0]?.testcase?.some((c) => c.failure)).toBe(false);
    // A month later the Entra ID tokens have expired too: a warning, which fails only with --fail-on warning.
    const later = ['--now', '2024-01-01T00:00:00Z'];
    expect((await read(later)).failures).toBe(5);
    // All but the opaque refresh token, which has no finding at all.
    expect((await read([...later, '--fail-on', 'warning'])).failures).toBe(7);
  });

  it('escapes what the capture says: markup and control characters come back as the same text from a well-formed file', async () => {
    const har = path.join(tmp, 'hostile.har');
    const challenge = 'Bearer error="<script>alert(1)</script>", x="\u0001&amp;\'"';
    fs.writeFileSync(
      har,
      JSON.stringify({
        log: {
          entries: [
            {
              startedDateTime: '2023-11-14T22:20:00Z',
              request: {
                method: 'GET',
                url: 'https://api.example/<img src=x onerror=alert(2)>',
                headers: [{ name: 'Authorization', value: `Bearer ${T.HOSTILE}` }],
              },
              response: { status: 401, headers: [{ name: 'WWW-Authenticate', value: challenge }] },
            },
          ],
        },
      }),
    );
    const out = scan(['scan', har, '--format', 'junit', '--now', NOW]).out;
    expect(out).not.toMatch(/<script|<img/i);
    const doc = (await parseJunit(out)) as { testsuite: Suite[] };
    const failure = doc.testsuite[0]?.testcase?.[0]?.failure?.[0]?.inner ?? '';
    expect(failure).toContain('https://api.example/<img src=x onerror=alert(2)>');
    expect(failure).toContain('Bearer error="<script>alert(1)</script>", x="⟨U+0001⟩&amp;\'"');
  });
});
