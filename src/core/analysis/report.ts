/** The report: every token with its checks run, the capture's own findings, and the notes on the input. */
import { TOKEN_CHECKS, type ReportCheckState } from '../checks/index.js';
import type { ClockOwner } from '../checks/clock-skew.js';
import type { KeyRing } from '../crypto/keys.js';
import { signatureNow } from '../crypto/verify.js';
import { bySeverity, type Finding, type ReportFinding } from '../model/findings.js';
import { REPORT_VERSION, type Report, type TokenReport } from '../model/report.js';
import { explain } from '../token/explain.js';
import { knownTokens, redactReport } from '../find/redact.js';
import { describeStatus, statusAt } from '../token/times.js';
import { plural } from '../util/plural.js';
import { entryName } from '../model/entry.js';
import { type StorageState, storageSightings } from './storage.js';
import { derive, type TokenState } from './tokens.js';

export interface ReportOptions {
  /** Include raw token values, credential claims (refresh and actor tokens) and personal claims. Off by default. */
  reveal?: boolean;
  /**
   * Redact personal claims (`email`, `upn`, `name` …) too, as an export must. Default: yes unless `reveal`. The
   * panel's own view turns it off: a person reading their token in DevTools needs to see whose it is.
   */
  redactPersonal?: boolean;
  /** Whose clock the capture's times come from: the live panel's own ("this machine") or a HAR file's (default). */
  clockOwner?: ClockOwner;
}

/** What the analysis holds when a report is asked for. */
export interface AnalysisState {
  entries: number;
  tokens: TokenState[];
  keys: KeyRing;
  storage: StorageState | null;
  /** Report-level findings kept as entries were read. */
  entryFindings: ReportFinding[];
  checks: readonly ReportCheckState[];
  notes: string[];
  /** Distinct tokens not kept, past `maxTokens`. */
  dropped: number;
  maxTokens: number;
}

/** A report-level finding as its token's row shows it: the same code, severity and message, marked `linked`. */
function linkedFinding(f: ReportFinding): Finding {
  const entries = f.entries ?? (f.entry >= 0 ? [f.entry] : []);
  const file = f.file;
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    entries,
    ...(file !== undefined && entries.length ? { files: entries.map(() => file) } : {}),
    linked: true,
  };
}

function tokenReport(
  t: TokenState,
  a: AnalysisState,
  nowMs: number,
  reveal: boolean,
  linked: readonly ReportFinding[],
): TokenReport {
  const { read, cls, inner } = derive(t);
  const status = statusAt(read.times, t.decoded.claims !== null, nowMs);
  const stored = a.storage?.byRaw.get(t.raw) ?? [];
  const signature = t.signature ??
    signatureNow(t.decoded, a.keys, t.id) ?? {
      status: 'not-checked',
      kid: null,
      source: null,
      entry: null,
      reason: 'Not checked yet.',
    };
  const input = {
    id: t.id,
    claims: t.decoded.claims,
    header: t.decoded.header,
    error: t.decoded.error,
    times: read.times,
    timeProblems: read.problems,
    status,
    cls,
    innerHeader: inner?.header ?? null,
    gathered: t.gathered,
    nowMs,
    stored,
    keys: a.keys,
    signature,
    proofs: t.proofs,
    downgrades: t.downgrades,
    ...(t.reuse ? { reuse: t.reuse } : {}),
  };
  const findings = [...TOKEN_CHECKS.flatMap((check) => check.run(input)), ...linked.map(linkedFinding)].sort(
    bySeverity,
  );
  const storedSightings = storageSightings(stored, a.storage?.scan, read.times);
  const report: TokenReport = {
    id: t.id,
    format: t.decoded.format,
    ...cls,
    header: t.decoded.header,
    claims: t.decoded.claims,
    error: t.decoded.error,
    times: read.times,
    status,
    statusText: describeStatus(read.times, status, nowMs),
    explain: explain(t.decoded.claims),
    inner,
    firstSeen: t.firstSeen,
    lastSeen: t.lastSeen,
    sightings: [...t.first, ...t.last, ...storedSightings],
    sightingCount: t.count + storedSightings.length,
    findings,
    signature,
    proofs: t.proofs.shown.map((p) => ({ ...p.report, checks: p.report.checks.map((c) => ({ ...c })) })),
  };
  if (t.proofs.count > t.proofs.shown.length) report.proofsSent = t.proofs.count;
  if (t.issuedBy) report.issuedBy = t.issuedBy;
  if (t.replacedAt) report.replacedAt = t.replacedAt;
  if (t.reusedAfterReplace) report.reusedAfterReplace = t.reusedAfterReplace;
  if (reveal) report.raw = t.raw;
  return report;
}

/** AADSTS700024 (a client assertion outside its time window) is a clock problem: say so when the capture shows one. */
function tieClockSkew(findings: ReportFinding[]): ReportFinding[] {
  const skew = findings.find((f) => f.code === 'clock-skew');
  if (!skew) return findings;
  return findings.map((f) =>
    f.serverError?.key === 'AADSTS700024'
      ? {
          ...f,
          message: `${f.message} This capture shows a clock skew as well (${entryName(skew.entry, skew.file)}): fix that clock first.`,
        }
      : f,
  );
}

function withoutToken(f: ReportFinding): ReportFinding {
  const { token: _, ...rest } = f;
  return rest;
}

export function buildReport(a: AnalysisState, nowMs: number, options: ReportOptions): Report {
  const reveal = options.reveal === true;
  const personal = options.redactPersonal ?? !reveal;
  const owner = options.clockOwner ?? 'the capturing machine';
  const ids = new Set(a.tokens.map((t) => t.id));
  // A finding names a token only when the report has it (a secret's would-be id, a token past `maxTokens` do not).
  const findings = tieClockSkew([
    ...a.entryFindings,
    ...(a.storage?.findings ?? []),
    ...a.checks.flatMap((c) => c.findings?.(owner) ?? []),
  ]).map((f) => (f.token === undefined || ids.has(f.token) ? f : withoutToken(f)));
  const byToken = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    if (!f.token) continue;
    const list = byToken.get(f.token);
    if (list) list.push(f);
    else byToken.set(f.token, [f]);
  }
  const tokens = a.tokens.map((t) => tokenReport(t, a, nowMs, reveal, byToken.get(t.id) ?? []));
  const notes = [
    ...a.notes,
    ...a.keys.notes(),
    ...(a.storage?.scan.notes ?? []),
    ...a.checks.flatMap((c) => c.notes?.() ?? []),
  ];
  if (a.dropped)
    notes.push(
      `${plural(a.dropped, 'further distinct token')} ${a.dropped === 1 ? 'was' : 'were'} not kept: the limit is ${a.maxTokens}.`,
    );
  const report: Report = {
    tool: 'bearerscope',
    reportVersion: REPORT_VERSION,
    now: new Date(nowMs).toISOString(),
    entries: a.entries,
    tokens,
    findings: findings.sort(bySeverity),
    notes,
  };
  // Redacted here, once, for every surface that shows or writes a report (SECURITY.md, "What is never printed").
  return reveal ? report : redactReport(report, { personal, known: knownTokens(a.tokens.map((t) => t.raw)) });
}
