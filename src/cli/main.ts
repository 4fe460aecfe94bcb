/**
 * `bearerscope scan`: the same analysis as the panel, on saved HAR files, for people and for CI.
 * Exit 0: no finding reaches --fail-on; 1: one does; 2: the input cannot be used (said in one line).
 */
import fs from 'node:fs';
import { Analyzer } from '../core/analysis/analyzer.js';
import { audienceText, KIND_LABELS } from '../core/token/describe.js';
import { visible } from '../core/util/escape.js';
import { entryName } from '../core/model/entry.js';
import { ownFindings, type Severity } from '../core/model/findings.js';
import { baselineFile, gate } from '../core/output/gate.js';
import { HarFormatError } from '../core/har/reader.js';
import { plural } from '../core/util/plural.js';
import type { Report } from '../core/model/report.js';
import { type Format, FORMATS, formatReport } from './output.js';
import { inputMessage, scanInputs } from './scan.js';
import { ConfigError } from './config.js';
import { type Adoption, adopt, BaselineError, gateLines, writeBaseline } from './gate.js';
import { isScanWorker, runScanWorker } from './scan-worker.js';

declare const BEARERSCOPE_VERSION: string;

const USAGE = `Usage: bearerscope scan <file.har>... [options]    ("-" reads standard input)

Finds every bearer token in HAR files, decodes it, classifies it and reports what is wrong with it.

Inputs: HAR files, gzipped HARs (.har.gz), Playwright's recordHar zips (.zip, with the bodies it attached), bodies
attached beside a HAR (recordHar content: 'attach'), directories (searched at any depth for .har, .har.gz, .zip) and
glob patterns, also quoted ("test-results/**/*.har"). A file that cannot be read is said in one line and skipped.

Options:
  --format <format>       table (default), json (the report the DevTools panel exports), sarif (SARIF 2.1.0,
                          for GitHub code scanning), junit (JUnit XML, for CI test views), html (one self-contained page)
  --json                  the same as --format json
  --output <file>         write the report to this file instead of standard output
  --now <ISO 8601>        judge expiry at this moment instead of the clock (e.g. 2026-01-31T12:00:00Z)
  --fail-on <level>       exit 1 when a finding is at least: error (default), warning, or never
  --config <file>         the gate's settings (default: bearerscope.config.json here or in a folder above, up to
                          the repository's root): failOn, a baseline, findings accepted with a reason
  --baseline <file>       findings this file records are still shown but do not fail the run; those gone are fixed
  --update-baseline       write every finding of this run (but the accepted ones) to the baseline file
  --reveal                show raw token values (in the table too), credential and personal claims (off: redacted)
  --no-color              plain output even on a terminal
  -h, --help              this text
  --version               the version`;

class UsageError extends Error {}

interface Options {
  files: string[];
  format: Format;
  output: string | null;
  nowMs: number;
  failOn: Severity | 'never';
  /** Whether --fail-on was given: it then overrides the config file's failOn. */
  failOnSet: boolean;
  config: string | null;
  baseline: string | null;
  updateBaseline: boolean;
  reveal: boolean;
  color: boolean;
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  if (argv.includes('-h') || argv.includes('--help')) return 'help';
  if (argv.includes('--version')) return 'version';
  const [command, ...rest] = argv;
  if (command !== 'scan')
    throw new UsageError(
      command
        ? `unknown command "${command}" (try: bearerscope scan <file.har>)`
        : 'no command given (try: bearerscope scan <file.har>)',
    );
  const o: Options = {
    files: [],
    format: 'table',
    output: null,
    nowMs: Date.now(),
    failOn: 'error',
    failOnSet: false,
    config: null,
    baseline: null,
    updateBaseline: false,
    reveal: false,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') o.format = 'json';
    else if (arg === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v))
        throw new UsageError(`--format takes ${FORMATS.join(', ')}, not "${v}"`);
      o.format = v as Format;
    } else if (arg === '--output') o.output = value();
    else if (arg === '--reveal') o.reveal = true;
    else if (arg === '--no-color') o.color = false;
    else if (arg === '--now') {
      const v = value();
      o.nowMs = Date.parse(v);
      if (!Number.isFinite(o.nowMs)) throw new UsageError(`--now takes an ISO 8601 date, not "${v}"`);
    } else if (arg === '--fail-on') {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'never')
        throw new UsageError(`--fail-on takes error, warning or never, not "${v}"`);
      o.failOn = v;
      o.failOnSet = true;
    } else if (arg === '--config') o.config = value();
    else if (arg === '--baseline') o.baseline = value();
    else if (arg === '--update-baseline') o.updateBaseline = true;
    else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else o.files.push(arg);
  }
  if (!o.files.length) throw new UsageError('no HAR file given');
  return o;
}

const paint = (on: boolean) => (code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
const ICON: Record<Severity, string> = { error: '✖', warning: '▲', info: '·' };
const COLOR: Record<Severity, string> = { error: '31', warning: '33', info: '2' };

function pad(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

function human(report: Report, color: boolean): string {
  const c = paint(color);
  const all = [...report.tokens.flatMap((t) => ownFindings(t.findings)), ...report.findings];
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  const stripped = report.findings.some((f) => f.code === 'capture-stripped');
  const summary = [
    plural(report.entries, 'entry', 'entries'),
    plural(report.tokens.length, 'token'),
    plural(count('error'), 'error'),
    plural(count('warning'), 'warning'),
  ].join(', ');
  const lines = [
    c('1', `Bearerscope: ${summary}${stripped ? '; the capture looks stripped of its credentials' : ''}`) +
      c('2', `  (judged at ${report.now})`),
    '',
  ];
  if (report.tokens.length) {
    lines.push(
      c(
        '2',
        `${pad('ID', 17)} ${pad('KIND', 12)} ${pad('STATUS', 24)} ${pad('AUDIENCE', 30)} ${pad('SEEN', 5)} FINDINGS`,
      ),
    );
    for (const t of report.tokens) {
      const codes = t.findings.map((f) => c(COLOR[f.severity], `${ICON[f.severity]} ${f.code}`)).join(' ');
      lines.push(
        `${pad(t.id, 17)} ${pad(KIND_LABELS[t.kind], 12)} ${pad(t.statusText, 24)} ${pad(visible(audienceText(t)), 30)} ${pad(String(t.sightingCount), 5)} ${codes}`,
      );
      // --reveal: the raw value under its row, whole, so that it can be copied.
      if (t.raw !== undefined) lines.push(`${' '.repeat(18)}${c('2', 'raw:')} ${visible(t.raw)}`);
    }
    lines.push('');
  }
  const SIG_COLOR = {
    verified: '32',
    invalid: '31',
    'untrusted-key': '33',
    'no-key': '2',
    unsigned: '31',
    'not-checked': '2',
  } as const;
  for (const t of report.tokens) {
    if (t.format !== 'jwt') continue;
    lines.push(
      `${c('2', 'signature')} ${t.id} ${c(SIG_COLOR[t.signature.status], t.signature.status)}: ${visible(t.signature.reason)}`,
    );
    for (const p of t.proofs) {
      const failed = p.checks.filter((x) => x.ok === false).map((x) => x.name);
      lines.push(
        `${c('2', `${p.kind} proof`)} ${t.id} ${visible(entryName(p.entry, p.file))}: ${failed.length ? c('31', `fails ${failed.join(', ')}`) : c('32', 'all checks pass')}`,
      );
    }
    if (t.proofsSent !== undefined)
      lines.push(
        c(
          '2',
          `${t.id}: ${t.proofsSent - t.proofs.length} more proofs were judged (in its findings) but are not listed`,
        ),
      );
  }
  if (report.tokens.some((t) => t.format === 'jwt')) lines.push('');
  for (const t of report.tokens) {
    for (const f of ownFindings(t.findings))
      lines.push(
        c(COLOR[f.severity], `${ICON[f.severity]} ${f.code}`) +
          c('2', ` [${KIND_LABELS[t.kind]} ${t.id}]`) +
          ` ${visible(f.message)}`,
      );
  }
  for (const f of report.findings)
    lines.push(c(COLOR[f.severity], `${ICON[f.severity]} ${f.code}`) + ` ${visible(f.message)}`);
  for (const n of report.notes) lines.push(c('2', `note: ${visible(n)}`));
  if (!report.tokens.length && stripped)
    lines.push(
      'No bearer tokens found, but the capture looks stripped of its credentials: this proves nothing (see capture-stripped above).',
    );
  else if (!report.tokens.length && !report.findings.length) lines.push('No bearer tokens found.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`bearerscope: ${visible(inputMessage((err as Error).message))}\n${USAGE.split('\n')[0]}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${BEARERSCOPE_VERSION}\n`);
    return 0;
  }
  let adoption: Adoption;
  try {
    adoption = adopt(options);
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof BaselineError)) throw err;
    process.stderr.write(`bearerscope: ${visible(err.message)}\n`);
    return 2;
  }
  const analyzer = new Analyzer();
  let inputs;
  try {
    const scanned = await scanInputs(options.files, analyzer, {
      worker: true,
      onSkip: (message) => process.stderr.write(`bearerscope: ${visible(message)}\n`),
    });
    // Some inputs read: the report covers them and its notes name the rest. None: there is nothing to report on.
    if (!scanned.read) return 2;
    inputs = scanned.files;
  } catch (err) {
    process.stderr.write(
      `bearerscope: ${visible(inputMessage(err instanceof HarFormatError ? err.message : `unexpected failure: ${(err as Error).message}`))}\n`,
    );
    return 2;
  }
  // Signatures are checked against the keys the capture itself holds (JWKS, discovery, x5c): nothing is fetched.
  await analyzer.verifySignatures();
  const report = analyzer.report(options.nowMs, { reveal: options.reveal });
  const failOn = adoption.failOn;
  const verdicts = gate(report, { inputs, failOn, accept: adoption.accept, baseline: adoption.baseline });
  const shown = adoption.config !== null || adoption.baselineFile !== null ? verdicts : undefined;
  const color = options.color && !options.output;
  const text =
    options.format === 'table'
      ? human(report, color) +
        (shown ? gateLines(shown, { config: adoption.config, baseline: adoption.baselineFile }, color) : '')
      : formatReport(options.format, report, {
          inputs,
          failOn,
          version: BEARERSCOPE_VERSION,
          nowMs: options.nowMs,
          gate: shown,
        });
  if (options.output) {
    try {
      fs.writeFileSync(options.output, text);
    } catch (err) {
      process.stderr.write(
        `bearerscope: ${visible(inputMessage(`cannot write ${options.output}: ${(err as Error).message}`))}\n`,
      );
      return 2;
    }
  } else process.stdout.write(text);
  if (options.updateBaseline && adoption.baselineFile) {
    try {
      writeBaseline(adoption.baselineFile, verdicts);
    } catch (err) {
      process.stderr.write(`bearerscope: cannot write ${adoption.baselineFile}: ${(err as Error).message}\n`);
      return 2;
    }
    process.stderr.write(
      `bearerscope: ${adoption.baselineFile} now records ${plural(baselineFile(verdicts).findings.length, 'finding')}\n`,
    );
    return 0;
  }
  return verdicts.failing ? 1 : 0;
}

if (isScanWorker()) runScanWorker();
else
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`bearerscope: ${visible(inputMessage(`unexpected failure: ${(err as Error).message}`))}\n`);
      process.exitCode = 2;
    },
  );
