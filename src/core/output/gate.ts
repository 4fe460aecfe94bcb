/**
 * The CI gate: which findings fail a run once a team has accepted some (rules with a reason) and recorded the rest
 * (a baseline). Findings are matched by their SARIF fingerprint (sarif.ts), which stays the same from one run to
 * the next, so a baselined finding is known again and one that no longer appears is reported as fixed.
 *
 * Accepted and baselined findings are still reported; they only stop failing the run.
 */
import {
  atLeast,
  FINDING_TITLES,
  ownFindings,
  type Finding,
  type FindingCode,
  type ReportFinding,
  type Severity,
} from '../model/findings.js';
import type { Report, TokenReport } from '../model/report.js';
import {
  FINGERPRINT_KEY,
  hostOfEntry,
  type InputFile,
  reportFingerprint,
  tokenFindingHost,
  tokenFingerprint,
} from './sarif.js';

export type FailOn = Severity | 'never';

/** Accepts the findings that match every field it gives (at least one of `code`, `host`, `token`). */
export interface AcceptRule {
  code?: FindingCode;
  /** The host of the request the finding is about, compared without regard to case. */
  host?: string;
  /** A token's id (the first 16 hex digits of its SHA-256, as the report names it). */
  token?: string;
  /** Why the finding is acceptable: shown beside it, and in SARIF as the suppression's justification. */
  reason: string;
}

/** One finding as a baseline records it. */
export interface BaselineFinding {
  fingerprint: string;
  code: FindingCode;
  severity: Severity;
  /** The token's id, for a token's finding. */
  token?: string;
  message: string;
}

export interface Baseline {
  findings: BaselineFinding[];
}

export interface GateOptions {
  /** The inputs as SARIF names them: report-level fingerprints name the host only of entries they place. */
  inputs: InputFile[];
  failOn: FailOn;
  accept?: readonly AcceptRule[];
  baseline?: Baseline | null;
}

export interface GatedFinding {
  finding: Finding | ReportFinding;
  token: TokenReport | null;
  fingerprint: string;
  host: string;
  /** Only with a baseline: `unchanged` when the baseline holds its fingerprint. */
  baselineState?: 'new' | 'unchanged';
  /** The first rule that accepts it. */
  accepted?: AcceptRule;
  /** At least `failOn`, neither accepted nor in the baseline. */
  fails: boolean;
}

export interface Gate {
  failOn: FailOn;
  /** Every finding of the report, in its order: each token's findings, then the report's own. */
  findings: GatedFinding[];
  /** Whether a baseline was compared (SARIF then gives each result a `baselineState`). */
  baseline: boolean;
  /** What the baseline holds that this run no longer finds. */
  fixed: BaselineFinding[];
  /** How many findings fail the run. */
  failing: number;
}

function accepts(rule: AcceptRule, code: FindingCode, host: string, token: string | null): boolean {
  return (
    (rule.code === undefined || rule.code === code) &&
    (rule.host === undefined || rule.host.toLowerCase() === host.toLowerCase()) &&
    (rule.token === undefined || rule.token.toLowerCase() === token)
  );
}

export function gate(report: Report, options: GateOptions): Gate {
  const known = options.baseline ? new Set(options.baseline.findings.map((f) => f.fingerprint)) : null;
  const findings: GatedFinding[] = [];
  const add = (finding: Finding | ReportFinding, token: TokenReport | null, fingerprint: string, host: string) => {
    const accepted = options.accept?.find((r) => accepts(r, finding.code, host, token?.id ?? null));
    const baselineState = known ? (known.has(fingerprint) ? ('unchanged' as const) : ('new' as const)) : undefined;
    const fails =
      options.failOn !== 'never' &&
      atLeast(finding.severity, options.failOn) &&
      !accepted &&
      baselineState !== 'unchanged';
    findings.push({
      finding,
      token,
      fingerprint,
      host,
      ...(baselineState ? { baselineState } : {}),
      ...(accepted ? { accepted } : {}),
      fails,
    });
  };
  for (const t of report.tokens)
    for (const f of ownFindings(t.findings)) add(f, t, tokenFingerprint(t, f), tokenFindingHost(t, f));
  for (const f of report.findings)
    add(f, null, reportFingerprint(report, f, options.inputs), hostOfEntry(report, f.entry, f.file));
  const seen = new Set(findings.map((f) => f.fingerprint));
  const fixed = options.baseline ? options.baseline.findings.filter((f) => !seen.has(f.fingerprint)) : [];
  return {
    failOn: options.failOn,
    findings,
    baseline: known !== null,
    fixed,
    failing: findings.filter((f) => f.fails).length,
  };
}

const BASELINE_VERSION = 1;

/** The baseline file: every finding of this run but those a rule accepts, sorted so that its diffs read well. */
export function baselineFile(g: Gate) {
  const byPrint = new Map<string, BaselineFinding>();
  for (const f of g.findings) {
    if (f.accepted || byPrint.has(f.fingerprint)) continue;
    byPrint.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      code: f.finding.code,
      severity: f.finding.severity,
      ...(f.token ? { token: f.token.id } : {}),
      message: f.finding.message,
    });
  }
  return {
    tool: 'bearerscope',
    baselineVersion: BASELINE_VERSION,
    fingerprintKey: FINGERPRINT_KEY,
    findings: [...byPrint.values()].sort((a, b) =>
      a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0,
    ),
  };
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
const SARIF_SEVERITY: Readonly<Record<string, Severity>> = { error: 'error', warning: 'warning', note: 'info' };
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCode = (x: unknown): x is FindingCode => typeof x === 'string' && Object.hasOwn(FINDING_TITLES, x);

/**
 * A baseline from a file `baselineFile` wrote, or from a SARIF log of an earlier run (its results' fingerprints).
 * Throws an Error whose message is one line naming what is wrong.
 */
export function parseBaseline(value: unknown): Baseline {
  if (isRecord(value) && Array.isArray(value.runs)) return { findings: value.runs.flatMap((run) => fromSarifRun(run)) };
  if (!isRecord(value) || value.tool !== 'bearerscope' || !Array.isArray(value.findings))
    throw new Error('not a Bearerscope baseline (nor a SARIF log)');
  if (value.baselineVersion !== BASELINE_VERSION)
    throw new Error(
      `baselineVersion ${String(value.baselineVersion)} is not one this version reads (${BASELINE_VERSION})`,
    );
  if (value.fingerprintKey !== FINGERPRINT_KEY)
    throw new Error(
      `its fingerprints are ${String(value.fingerprintKey)}, not ${FINGERPRINT_KEY}: update the baseline`,
    );
  return {
    findings: value.findings.map((f, i) => {
      if (
        !isRecord(f) ||
        typeof f.fingerprint !== 'string' ||
        !isCode(f.code) ||
        typeof f.severity !== 'string' ||
        !SEVERITIES.includes(f.severity)
      ) {
        throw new Error(`findings[${i}] needs a fingerprint, a known code and a severity`);
      }
      return {
        fingerprint: f.fingerprint,
        code: f.code,
        severity: f.severity as Severity,
        ...(typeof f.token === 'string' ? { token: f.token } : {}),
        message: typeof f.message === 'string' ? f.message : '',
      };
    }),
  };
}

function fromSarifRun(run: unknown): BaselineFinding[] {
  if (!isRecord(run) || !Array.isArray(run.results)) return [];
  const out: BaselineFinding[] = [];
  for (const r of run.results) {
    if (!isRecord(r) || r.baselineState === 'absent' || !isCode(r.ruleId) || !isRecord(r.partialFingerprints)) continue;
    const fingerprint = r.partialFingerprints[FINGERPRINT_KEY];
    if (typeof fingerprint !== 'string') continue;
    const message = isRecord(r.message) && typeof r.message.text === 'string' ? r.message.text : '';
    out.push({
      fingerprint,
      code: r.ruleId,
      severity: SARIF_SEVERITY[String(r.level ?? 'warning')] ?? 'warning',
      message,
    });
  }
  return out;
}
