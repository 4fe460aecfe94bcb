#!/usr/bin/env node
// The logic of the GitHub Action (action.yml): scan the given paths, write SARIF, set the step's outputs and
// summary, and fail the step when the scan fails (exit 1: a finding at the fail-on level that is neither accepted
// nor baselined; exit 2: inputs, config or baseline unusable). Runs as any script does, so a test runs it locally
// with the variables GitHub sets.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * An input as GitHub passes it: INPUT_ and the name in capitals (a JavaScript action keeps the name's hyphens;
 * action.yml passes each input of this composite action with underscores, which every shell can read).
 */
export function input(name, env = process.env) {
  const upper = name.toUpperCase();
  return (env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '').trim();
}

/** The CLI to run: this checkout's build when there is one, else the published package of the same version. */
function cli() {
  const built = path.join(ROOT, 'dist', 'cli.js');
  if (fs.existsSync(built)) return { command: process.execPath, args: [built] };
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--yes', `bearerscope@${version}`] };
}

/** One `name=value` line per output, or GitHub's heredoc form for a value that spans lines. */
function setOutputs(file, outputs) {
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    const text = String(value);
    if (!text.includes('\n')) return `${name}=${text}`;
    const delimiter = `bearerscope_${Math.random().toString(36).slice(2)}`;
    return `${name}<<${delimiter}\n${text}\n${delimiter}`;
  });
  fs.appendFileSync(file, `${lines.join('\n')}\n`);
}

const LEVEL_ICON = { error: '✖ error', warning: '▲ warning', note: '· note' };
// Markdown table cells: a pipe ends the cell, a newline the row, and HTML in a message must not render.
const cell = (s) =>
  String(s)
    .replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c])
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

function state(r) {
  if (r.baselineState === 'absent') return 'fixed';
  if (r.suppressions?.length) return `accepted: ${r.suppressions[0].justification ?? ''}`;
  if (r.baselineState === 'unchanged') return 'baselined';
  return r.baselineState === 'new' ? 'new' : '';
}

const MAX_ROWS = 100;

function summary(results, code, sarif) {
  const verdict =
    code === 0
      ? '✅ No finding fails the run.'
      : code === 1
        ? '❌ Findings fail the run.'
        : '⚠️ The scan could not run (see the log).';
  const lines = [`### Bearerscope`, '', verdict, ''];
  const current = results.filter((r) => r.baselineState !== 'absent');
  const fixed = results.length - current.length;
  lines.push(
    `${current.length} finding(s)${fixed ? `, ${fixed} fixed since the baseline` : ''}. SARIF: \`${sarif}\``,
    '',
  );
  if (results.length) {
    lines.push('| Level | Finding | State | Message |', '| --- | --- | --- | --- |');
    for (const r of results.slice(0, MAX_ROWS))
      lines.push(
        `| ${LEVEL_ICON[r.level] ?? cell(r.level)} | \`${cell(r.ruleId)}\` | ${cell(state(r))} | ${cell(r.message?.text ?? '')} |`,
      );
    if (results.length > MAX_ROWS) lines.push('', `${results.length - MAX_ROWS} more in the SARIF file.`);
  }
  return `${lines.join('\n')}\n`;
}

export function run(env = process.env) {
  const paths = input('paths', env)
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const sarif = input('sarif-output', env) || 'bearerscope.sarif';
  const failOn = input('fail-on', env);
  const config = input('config', env);
  const baseline = input('baseline', env);
  if (!paths.length) {
    process.stdout.write('::error title=Bearerscope::the "paths" input names no HAR file, directory or glob\n');
    return 2;
  }
  fs.mkdirSync(path.dirname(path.resolve(sarif)), { recursive: true });
  const { command, args } = cli();
  const scanArgs = ['scan', ...paths, '--format', 'sarif', '--output', sarif, '--no-color'];
  if (failOn) scanArgs.push('--fail-on', failOn);
  if (config) scanArgs.push('--config', config);
  if (baseline) scanArgs.push('--baseline', baseline);
  const r = spawnSync(command, [...args, ...scanArgs], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', env });
  if (r.stderr) process.stderr.write(r.stderr);
  const code = r.status ?? 2;
  let results = [];
  if (code !== 2 && fs.existsSync(sarif))
    results = JSON.parse(fs.readFileSync(sarif, 'utf8')).runs.flatMap((run) => run.results ?? []);
  // GitHub shows an `::error::` line on the run's page: the scan's own one-line reason when it could not run.
  if (code === 2)
    for (const line of (r.stderr || 'bearerscope could not run').trim().split('\n'))
      process.stdout.write(`::error title=Bearerscope::${line.replace(/^bearerscope: /, '')}\n`);
  const open = results.filter(
    (x) => x.baselineState !== 'absent' && !x.suppressions?.length && x.baselineState !== 'unchanged',
  );
  setOutputs(env.GITHUB_OUTPUT, {
    'sarif-file': code === 2 ? '' : sarif,
    findings: results.filter((x) => x.baselineState !== 'absent').length,
    'new-findings': open.length,
    fixed: results.filter((x) => x.baselineState === 'absent').length,
    'exit-code': code,
  });
  if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summary(results, code, sarif));
  return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = run();
