// The CI gate a team adopts: a baseline of the findings it knows, rules that accept findings for a reason, and the
// SARIF it uploads read back against the OASIS SARIF 2.1.0 schema (test/fixtures/sarif/) as the other SARIF tests do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, ConfigError, gate } from '../../src/cli/api.js';
import { FINGERPRINT_KEY } from '../../src/core/output/sarif.js';

const HAR = 'test/fixtures/sharepoint-addin.har';
const NOW = '2023-11-14T22:30:00Z';
const CLI = path.resolve('dist/cli.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-gate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function scan(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args, '--now', NOW], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ajv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')));

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  suppressions?: { kind: string; status: string; justification: string }[];
}

const original = JSON.parse(fs.readFileSync(HAR, 'utf8')) as { log: { entries: { request: { url: string } }[] } };
/** The same capture a week of work later: the consent error is gone, and a Stripe live key is sent from the page. */
const later = structuredClone(original);
later.log.entries = later.log.entries.filter((e) => !e.request.url.includes('error=access_denied'));
later.log.entries.push({
  startedDateTime: '2023-11-14T22:20:00Z',
  request: {
    method: 'POST',
    url: 'https://api.stripe.com/v1/payment_intents',
    headers: [{ name: 'Authorization', value: 'Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE' }],
  },
  response: { status: 200, headers: [] },
} as unknown as (typeof later.log.entries)[number]);
const before = path.join(tmp, 'before.har');
const after = path.join(tmp, 'after.har');
fs.writeFileSync(before, JSON.stringify(original));
fs.writeFileSync(after, JSON.stringify(later));

describe('--baseline and --update-baseline', { timeout: 30_000 }, () => {
  const baseline = path.join(tmp, 'bearerscope-baseline.json');

  it('records every finding, then fails a re-run on the new finding only and reports the one gone as fixed', () => {
    expect(scan([before, '--fail-on', 'warning']).code).toBe(1);
    const written = scan([before, '--baseline', baseline, '--update-baseline']);
    expect(written.code).toBe(0);
    expect(written.err).toMatch(/bearerscope-baseline\.json now records 14 findings/);
    const recorded = JSON.parse(fs.readFileSync(baseline, 'utf8'));
    expect(recorded).toMatchObject({ tool: 'bearerscope', baselineVersion: 1, fingerprintKey: FINGERPRINT_KEY });
    expect(JSON.stringify(recorded)).not.toContain('sk_live_yRh6nRuyLeXE7At07YbTCyAE');

    expect(scan([before, '--baseline', baseline, '--fail-on', 'warning']).code).toBe(0);

    const table = scan([after, '--baseline', baseline]);
    expect(table.code).toBe(1);
    expect(table.out).toContain('✖ secret-in-browser');
    expect(table.out).toMatch(/^baselined client-secret-in-browser \[login\.microsoftonline\.com\]$/m);
    expect(table.out).toMatch(/^fixed idp-error: A sign-in redirect to the app returned error=access_denied/m);
    expect(table.out).toContain(
      `Gate against ${baseline}: 1 finding fails the run (--fail-on error), 13 baselined, 1 fixed`,
    );

    const sarif = JSON.parse(scan([after, '--baseline', baseline, '--format', 'sarif']).out);
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 1)).toBe(true);
    const results: SarifResult[] = sarif.runs[0].results;
    const state = (s: string) => results.filter((r) => r.baselineState === s).map((r) => r.ruleId);
    expect(state('new')).toEqual(['secret-in-browser']);
    expect(state('unchanged')).toHaveLength(13);
    expect(state('absent')).toEqual(['idp-error']);
    expect(results.every((r) => r.baselineState)).toBe(true);
    const fixed = results.find((r) => r.baselineState === 'absent')!;
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('idp-error');
    expect(recorded.findings.map((f: { fingerprint: string }) => f.fingerprint)).toContain(
      fixed.partialFingerprints[FINGERPRINT_KEY],
    );

    const json = JSON.parse(scan([after, '--baseline', baseline, '--json']).out);
    expect(json.findings.find((f: { code: string }) => f.code === 'secret-in-browser')).toMatchObject({
      baselineState: 'new',
      fails: true,
    });
    expect(json.findings.find((f: { code: string }) => f.code === 'client-secret-in-browser')).toMatchObject({
      baselineState: 'unchanged',
      fails: false,
    });
    expect(json.gate).toMatchObject({ failOn: 'error', failing: 1, fixed: [{ code: 'idp-error' }] });
  });

  it('reads a SARIF log of an earlier run as a baseline', () => {
    const sarif = path.join(tmp, 'earlier.sarif');
    expect(scan([before, '--format', 'sarif', '--output', sarif]).code).toBe(1);
    const r = scan([after, '--baseline', sarif]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 finding fails the run (--fail-on error), 13 baselined, 1 fixed');
  });

  it('refuses, in one line and with exit 2, a baseline that is missing or not one', () => {
    expect(scan([before, '--baseline', path.join(tmp, 'none.json')])).toMatchObject({
      code: 2,
      out: '',
      err: `bearerscope: the baseline ${path.join(tmp, 'none.json')} does not exist (write it with --update-baseline)\n`,
    });
    const bad = path.join(tmp, 'bad-baseline.json');
    fs.writeFileSync(
      bad,
      '{"tool":"bearerscope","baselineVersion":1,"fingerprintKey":"bearerscopeFinding/v0","findings":[]}',
    );
    expect(scan([before, '--baseline', bad]).err).toBe(
      `bearerscope: the baseline ${bad} cannot be used: its fingerprints are bearerscopeFinding/v0, not ${FINGERPRINT_KEY}: update the baseline\n`,
    );
    expect(scan([before, '--update-baseline'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^bearerscope: --update-baseline needs a baseline file[^\n]*\n$/),
    });
  });
});

describe('bearerscope.config.json', { timeout: 20_000 }, () => {
  const repo = path.join(tmp, 'repo');
  const sub = path.join(repo, 'tests', 'recordings');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(sub, { recursive: true });
  const write = (dir: string, config: unknown) =>
    fs.writeFileSync(path.join(dir, 'bearerscope.config.json'), JSON.stringify(config));
  const accepting = {
    failOn: 'error',
    accept: [
      {
        code: 'client-secret-in-browser',
        host: 'LOGIN.microsoftonline.com',
        reason: 'A test tenant whose secret is rotated nightly',
      },
      { token: '6c6d4f6d69a63ee3', reason: 'Recorded against the staging farm' },
      { code: 'expired-when-sent', reason: 'The capture is replayed long after it was made' },
      { code: 'expired', reason: 'The capture is replayed long after it was made' },
      { code: 'url-leak', host: 'addin.contoso.example', reason: 'The add-in is retired next quarter' },
    ],
  };

  it('is found in a folder above the working directory, up to the repository root, and accepts findings with their reason', () => {
    write(repo, accepting);
    const r = scan([path.resolve(HAR)], sub);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'accepted client-secret-in-browser [login.microsoftonline.com]: A test tenant whose secret is rotated nightly',
    );
    expect(r.out).toContain('accepted rejected [user+add-in 6c6d4f6d69a63ee3]: Recorded against the staging farm');
    expect(r.out).toContain(
      `0 findings fail the run (--fail-on error), 10 accepted by ${path.join('..', '..', 'bearerscope.config.json')}`,
    );

    const sarif = JSON.parse(scan([path.resolve(HAR), '--format', 'sarif'], sub).out);
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors, null, 1)).toBe(true);
    const secret = (sarif.runs[0].results as SarifResult[]).find((x) => x.ruleId === 'client-secret-in-browser')!;
    expect(secret.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'A test tenant whose secret is rotated nightly' },
    ]);
    expect(
      (sarif.runs[0].results as SarifResult[]).find((x) => x.ruleId === 'idp-error')!.suppressions,
    ).toBeUndefined();
    // Without a baseline there is nothing to compare with: no result has a baselineState.
    expect((sarif.runs[0].results as SarifResult[]).some((x) => 'baselineState' in x)).toBe(false);
  });

  it('gives failOn, which --fail-on overrides', () => {
    write(repo, { failOn: 'never' });
    expect(scan([path.resolve(HAR)], sub).code).toBe(0);
    expect(scan([path.resolve(HAR), '--fail-on', 'error'], sub).code).toBe(1);
  });

  it('is not looked for above the repository root', () => {
    write(tmp, { failOn: 'never' });
    fs.rmSync(path.join(repo, 'bearerscope.config.json'));
    try {
      expect(scan([path.resolve(HAR)], sub).code).toBe(1);
      expect(scan([path.resolve(HAR)], tmp).code).toBe(0);
    } finally {
      fs.rmSync(path.join(tmp, 'bearerscope.config.json'));
    }
  });

  it('refuses a rule without a reason, in one line and with exit 2', () => {
    const file = path.join(tmp, 'no-reason.json');
    fs.writeFileSync(file, JSON.stringify({ accept: [{ code: 'cookie-leak', reason: 'ok' }, { code: 'url-leak' }] }));
    expect(scan([HAR, '--config', file], process.cwd())).toEqual({
      code: 2,
      out: '',
      err: `bearerscope: ${file}: accept[1] needs a "reason": why the finding is acceptable\n`,
    });
  });
});

describe('the Node API gate', () => {
  const entries = (JSON.parse(fs.readFileSync(HAR, 'utf8')) as { log: { entries: unknown[] } }).log.entries;

  it('takes the config object the file holds, and a baseline the CLI wrote', async () => {
    const report = await analyze(entries, { now: NOW });
    expect(gate(report).failing).toBe(7);
    const g = gate(report, {
      config: { accept: [{ code: 'client-secret-in-browser', reason: 'test tenant' }], failOn: 'error' },
    });
    expect(g.failing).toBe(6);
    expect(g.findings.find((f) => f.finding.code === 'client-secret-in-browser')).toMatchObject({
      accepted: { reason: 'test tenant' },
      fails: false,
    });

    const baseline = path.join(tmp, 'api-baseline.json');
    expect(scan([before, '--baseline', baseline, '--update-baseline']).code).toBe(0);
    const later = await analyze(JSON.parse(fs.readFileSync(after, 'utf8')).log.entries, { now: NOW });
    const vs = gate(later, { baseline });
    expect(vs.findings.filter((f) => f.fails).map((f) => f.finding.code)).toEqual(['secret-in-browser']);
    expect(vs.fixed.map((f) => f.code)).toEqual(['idp-error']);
    expect(() => gate(report, { config: { accept: [{ host: 'x.example' }] } as never })).toThrow(
      new ConfigError('config: accept[0] needs a "reason": why the finding is acceptable'),
    );
  });
});
