// The GitHub Action's script run as the runner runs it: the inputs in INPUT_* variables, the outputs and the step
// summary in the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name, the step failed by its exit code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve('action/run.mjs');
const HAR = path.resolve('test/fixtures/sharepoint-addin.har');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-action-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
fs.mkdirSync(path.join(tmp, '.git'));
fs.mkdirSync(path.join(tmp, 'recordings'));
fs.copyFileSync(HAR, path.join(tmp, 'recordings', 'sign-in.har'));

let run = 0;
function action(inputs: Record<string, string>) {
  const dir = path.join(tmp, `run-${++run}`);
  fs.mkdirSync(dir);
  const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md') };
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...files, GITHUB_ACTION_PATH: path.resolve('.') };
  // The names action.yml gives them (underscores), or GitHub's own for a JavaScript action (hyphens kept).
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: tmp, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr,
    outputs,
    summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

describe('action/run.mjs', { timeout: 20_000 }, () => {
  it('scans a directory, writes SARIF and fails the step on an error-level finding', () => {
    const r = action({ PATHS: 'recordings', SARIF_OUTPUT: 'out/bearerscope.sarif' });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(path.join(tmp, 'out/bearerscope.sarif'), 'utf8'));
    const count = String(sarif.runs[0].results.length);
    expect(r.outputs).toEqual({
      'sarif-file': 'out/bearerscope.sarif',
      findings: count,
      'new-findings': count,
      fixed: '0',
      'exit-code': '1',
    });
    expect(sarif.runs[0].artifacts[0].location).toEqual({ uri: 'recordings/sign-in.har', uriBaseId: '%SRCROOT%' });
    expect(r.summary).toMatch(
      /^### Bearerscope\n\n❌ Findings fail the run\.\n\n\d+ finding\(s\)\. SARIF: `out\/bearerscope\.sarif`/,
    );
    expect(r.summary).toContain(
      '| ✖ error | `client-secret-in-browser` |  | A client_secret was sent from the browser',
    );
  });

  it('passes with fail-on never, and with a baseline that records every finding, which the summary marks', () => {
    const never = action({ PATHS: 'recordings', 'FAIL-ON': 'never' });
    expect(never).toMatchObject({ code: 0, outputs: { 'exit-code': '0', 'new-findings': never.outputs.findings } });
    const write = spawnSync(
      process.execPath,
      [
        'dist/cli.js',
        'scan',
        path.join(tmp, 'recordings'),
        '--baseline',
        path.join(tmp, 'baseline.json'),
        '--update-baseline',
      ],
      { encoding: 'utf8' },
    );
    expect(write.status).toBe(0);
    const r = action({ PATHS: 'recordings/*.har', BASELINE: 'baseline.json' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({
      findings: never.outputs.findings,
      'new-findings': '0',
      fixed: '0',
      'exit-code': '0',
    });
    expect(r.summary).toContain('✅ No finding fails the run.');
    expect(r.summary).toContain('| ▲ warning | `idp-error` | baselined |');
  });

  it('accepts a finding by the config it is given, and reports a config error as an ::error:: line and exit 2', () => {
    fs.writeFileSync(
      path.join(tmp, 'gate.json'),
      JSON.stringify({ failOn: 'warning', accept: [{ code: 'idp-error', reason: 'The | consent <test>' }] }),
    );
    const accepted = action({ PATHS: 'recordings', CONFIG: 'gate.json' });
    expect(accepted.code).toBe(1);
    expect(accepted.summary).toContain('| ▲ warning | `idp-error` | accepted: The \\| consent &lt;test&gt; |');
    fs.writeFileSync(path.join(tmp, 'bad.json'), JSON.stringify({ accept: [{ code: 'idp-error' }] }));
    const bad = action({ PATHS: 'recordings', CONFIG: 'bad.json' });
    expect(bad.code).toBe(2);
    expect(bad.out).toBe(
      '::error title=Bearerscope::bad.json: accept[0] needs a "reason": why the finding is acceptable\n',
    );
    expect(bad.outputs).toMatchObject({ 'sarif-file': '', 'exit-code': '2' });
    expect(bad.summary).toContain('The scan could not run');
  });

  it('action.yml passes each of its inputs to the script, and uses no third-party action', () => {
    const yml = fs.readFileSync('action.yml', 'utf8');
    const inputs = [...yml.split(/^outputs:/m)[0]!.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
    expect(inputs).toEqual(['paths', 'fail-on', 'config', 'baseline', 'sarif-output']);
    for (const name of inputs)
      expect(yml).toContain(`INPUT_${name!.toUpperCase().replace(/-/g, '_')}: \${{ inputs.${name} }}`);
    expect(yml).toContain('using: composite');
    expect(yml).not.toMatch(/^\s*(- )?uses:/m);
  });
});
