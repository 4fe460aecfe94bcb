/**
 * The gate as the CLI shows it: the baseline file read and written, the lines the table ends with, and the marks the
 * JSON report gives each finding. Which findings fail is decided in src/core/output/gate.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type AcceptRule,
  type Baseline,
  baselineFile,
  type FailOn,
  type Gate,
  type GatedFinding,
  parseBaseline,
} from '../core/output/gate.js';
import { KIND_LABELS } from '../core/token/describe.js';
import { visible } from '../core/util/escape.js';
import { plural } from '../core/util/plural.js';
import type { Report } from '../core/model/report.js';
import { ConfigError, findConfig, readConfig } from './config.js';

/** A file that cannot be used as a baseline: its message is one line. */
export class BaselineError extends Error {}

/** The baseline in `file`; null when the file does not exist yet (the first `--update-baseline` writes it). */
export function readBaseline(file: string): Baseline | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BaselineError(
      `cannot read the baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    return parseBaseline(JSON.parse(text));
  } catch (err) {
    throw new BaselineError(`the baseline ${file} cannot be used: ${(err as Error).message}`);
  }
}

export function writeBaseline(file: string, g: Gate): void {
  fs.writeFileSync(file, `${JSON.stringify(baselineFile(g), null, 2)}\n`);
}

/** The gate's settings for one run: the command line's, else the config file's. */
export interface Adoption {
  /** The config file read, if any. */
  config: string | null;
  failOn: FailOn;
  accept: AcceptRule[];
  /** The baseline file named (it may not exist yet), and what it holds. */
  baselineFile: string | null;
  baseline: Baseline | null;
}

export interface AdoptOptions {
  config: string | null;
  baseline: string | null;
  updateBaseline: boolean;
  failOn: FailOn;
  failOnSet: boolean;
}

/** Throws a ConfigError or a BaselineError, each with a one-line message. */
export function adopt(o: AdoptOptions, cwd = process.cwd()): Adoption {
  const file = o.config ?? findConfig(cwd);
  const loaded = file ? readConfig(file) : null;
  const config = loaded?.config ?? {};
  const baselineFile = o.baseline ?? (config.baseline && file ? path.join(path.dirname(file), config.baseline) : null);
  if (o.updateBaseline && !baselineFile)
    throw new ConfigError(
      '--update-baseline needs a baseline file: --baseline <file>, or "baseline" in bearerscope.config.json',
    );
  const baseline = baselineFile ? readBaseline(baselineFile) : null;
  if (baselineFile && !baseline && !o.updateBaseline)
    throw new BaselineError(`the baseline ${baselineFile} does not exist (write it with --update-baseline)`);
  return {
    config: file ? path.relative(cwd, file) || file : null,
    failOn: o.failOnSet ? o.failOn : (config.failOn ?? o.failOn),
    accept: config.accept ?? [],
    baselineFile,
    baseline,
  };
}

const paint = (on: boolean) => (code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function about(g: GatedFinding): string {
  return g.token ? ` [${KIND_LABELS[g.token.kind]} ${g.token.id}]` : g.host ? ` [${g.host}]` : '';
}

/** The lines the table ends with: each accepted, baselined and fixed finding, and what fails the run. */
export function gateLines(
  g: Gate,
  sources: { config: string | null; baseline: string | null },
  color: boolean,
): string {
  const c = paint(color);
  const lines: string[] = [];
  for (const f of g.findings) {
    if (f.accepted) lines.push(`${c('2', `accepted ${f.finding.code}${about(f)}`)}: ${visible(f.accepted.reason)}`);
    else if (f.baselineState === 'unchanged') lines.push(c('2', `baselined ${f.finding.code}${about(f)}`));
  }
  for (const f of g.fixed)
    lines.push(`${c('32', `fixed ${f.code}`)}${f.token ? c('2', ` [${f.token}]`) : ''}: ${visible(f.message)}`);
  const baselined = g.findings.filter((f) => !f.accepted && f.baselineState === 'unchanged').length;
  const counts = [
    `${plural(g.failing, 'finding')} ${g.failing === 1 ? 'fails' : 'fail'} the run (--fail-on ${g.failOn})`,
    ...(g.baseline ? [`${baselined} baselined`, `${g.fixed.length} fixed`] : []),
    ...(sources.config ? [`${g.findings.filter((f) => f.accepted).length} accepted by ${sources.config}`] : []),
  ];
  const from = sources.baseline ? ` against ${sources.baseline}` : '';
  lines.push(c('1', `Gate${from}: ${counts.join(', ')}`));
  return `\n${lines.join('\n')}\n`;
}

/** The report with each finding marked (its fingerprint, `baselineState`, `accepted`) and a `gate` summary. */
export function markedReport(report: Report, g: Gate) {
  const marks = new Map<object, Record<string, unknown>>(
    g.findings.map((f) => [
      f.finding,
      {
        fingerprint: f.fingerprint,
        ...(f.baselineState ? { baselineState: f.baselineState } : {}),
        ...(f.accepted ? { accepted: { reason: f.accepted.reason } } : {}),
        fails: f.fails,
      },
    ]),
  );
  return {
    ...report,
    tokens: report.tokens.map((t) => ({ ...t, findings: t.findings.map((f) => ({ ...f, ...marks.get(f) })) })),
    findings: report.findings.map((f) => ({ ...f, ...marks.get(f) })),
    gate: { failOn: g.failOn, failing: g.failing, ...(g.baseline ? { fixed: g.fixed } : {}) },
  };
}
