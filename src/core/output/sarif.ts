/**
 * The report as SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/), shaped for GitHub code
 * scanning: one rule per finding code, a result per finding, a location in the HAR file, and partialFingerprints
 * that stay the same from one run to the next so alerts are matched rather than multiplied
 * (docs.github.com, "SARIF support for code scanning").
 *
 * Never carries a raw token: messages name the token by kind and id (the first 16 hex digits of its SHA-256).
 */
import { KIND_LABELS } from '../token/describe.js';
import { visible } from '../util/escape.js';
import { hostOf } from '../util/url.js';
import { FINDING_HELP } from '../model/finding-help.js';
import {
  type Finding,
  FINDING_TITLES,
  type FindingCode,
  ownFindings,
  type ReportFinding,
  type Severity,
} from '../model/findings.js';
import type { Report, TokenReport } from '../model/report.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** One input file. With several, each report entry names its file (`file`) and counts within it; `firstEntry` places entries of a report that names none. */
export interface InputFile {
  /** A relative path with forward slashes (resolved against %SRCROOT%) or an absolute file: URI. */
  uri: string;
  /** The file as the report's `file` fields name it (the path given on the command line). */
  name: string;
  /** The report index of the file's first entry, and how many it had. */
  firstEntry: number;
  entries: number;
}

export interface SarifOptions {
  inputs: InputFile[];
  version: string;
  /** The gate's verdicts (gate.ts): accepted findings become suppressions, a baseline gives each result its `baselineState`. */
  gate?: SarifGate;
}

/** What SARIF reads of a gate (gate.ts's `Gate`, which imports this file). */
interface GateVerdict {
  finding: object;
  baselineState?: 'new' | 'unchanged';
  accepted?: { reason: string };
}
interface SarifGate {
  findings: readonly GateVerdict[];
  fixed: ReadonlyArray<{ fingerprint: string; code: FindingCode; severity: Severity; token?: string; message: string }>;
}

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** The key of our fingerprint: versioned, so a change of its recipe can never be mistaken for the old one. */
export const FINGERPRINT_KEY = 'bearerscopeFinding/v1';

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string; index: number };
    region: { startLine: number };
  };
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
}

/**
 * Where a report entry index lies: the file it came from and its index inside that file. With several files the
 * report names the file (`file`) and counts entries within it; with one, the index is the file's own.
 */
function locate(inputs: InputFile[], entry: number | undefined, named?: string): SarifLocation | null {
  const i =
    entry === undefined || entry < 0
      ? -1
      : named !== undefined
        ? inputs.findIndex((f) => f.name === named && entry < f.entries)
        : inputs.findIndex((f) => entry >= f.firstEntry && entry < f.firstEntry + f.entries);
  const file = inputs[i] ?? (entry === undefined || entry < 0 ? inputs[0] : undefined);
  if (!file) return null;
  const index = inputs.indexOf(file);
  const artifactLocation = file.uri.startsWith('file:')
    ? { uri: file.uri, index }
    : { uri: file.uri, uriBaseId: '%SRCROOT%', index };
  // GitHub needs a region with a startLine to place an alert. HAR files are read as a stream and an entry's line
  // is not tracked, so the region is the file's start; the entry itself is the logical location.
  const location: SarifLocation = { physicalLocation: { artifactLocation, region: { startLine: 1 } } };
  if (i >= 0 && entry !== undefined) {
    const inFile = named !== undefined ? entry : entry - file.firstEntry;
    location.logicalLocations = [
      { name: `entries[${inFile}]`, fullyQualifiedName: `log.entries[${inFile}]`, kind: 'object' },
    ];
  }
  return location;
}

/** The host of the request a finding is about (its first entry, in its file), else of the token's first sighting. */
function tokenHost(token: TokenReport, first: { entry?: number; file?: string } | undefined): string {
  const s = token.sightings.find((x) => x.entry === first?.entry && x.file === first?.file) ?? token.sightings[0];
  return s ? hostOf(s.url) : '';
}

/** The host a token's finding is about: of its first entry, else of the token's first request. */
export function tokenFindingHost(token: TokenReport, f: Finding): string {
  return tokenHost(
    token,
    f.entries.length ? { entry: f.entries[0], file: f.files?.[0] } : token.sightings.find((s) => s.kind === 'request'),
  );
}

/** The token's id, the code and the host of the request the finding is about. */
export function tokenFingerprint(token: TokenReport, f: Finding): string {
  return `${token.id}:${f.code}:${tokenFindingHost(token, f)}`;
}

/** No token to name: the code, the host of the entry (when the inputs place it) and the storage place (if it was read there). */
export function reportFingerprint(report: Report, f: ReportFinding, inputs: InputFile[]): string {
  const host = locate(inputs, f.entry, f.file)?.logicalLocations ? hostOfEntry(report, f.entry, f.file) : '';
  return `report:${f.code}:${host}:${f.place ?? ''}`;
}

function rule(code: FindingCode) {
  const help = FINDING_HELP[code];
  return {
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: FINDING_TITLES[code] },
    fullDescription: { text: help.description },
    help: { text: help.help, markdown: `**${FINDING_TITLES[code]}.** ${help.description}\n\n${help.help}` },
    properties: { tags: ['security', 'authentication'] },
  };
}

/** SARIF's baseline and suppression properties of a result (§3.27.24, §3.35), when the gate judged it. */
function verdict(g: GateVerdict | undefined) {
  return {
    ...(g?.baselineState ? { baselineState: g.baselineState } : {}),
    ...(g?.accepted
      ? { suppressions: [{ kind: 'external', status: 'accepted', justification: g.accepted.reason }] }
      : {}),
  };
}

export function toSarif(report: Report, options: SarifOptions) {
  const fixed = options.gate?.fixed ?? [];
  const codes = [
    ...new Set<FindingCode>([
      ...report.tokens.flatMap((t) => ownFindings(t.findings).map((f) => f.code)),
      ...report.findings.map((f) => f.code),
      ...fixed.map((f) => f.code),
    ]),
  ].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const gated = new Map<object, GateVerdict>(options.gate?.findings.map((g) => [g.finding, g]));
  const results = [];
  for (const t of report.tokens) {
    const label = t.kind === 'unknown' ? 'token' : `${KIND_LABELS[t.kind]} token`;
    for (const f of ownFindings(t.findings)) {
      const first = f.entries.length
        ? { entry: f.entries[0], file: f.files?.[0] }
        : t.sightings.find((s) => s.kind === 'request');
      const location = locate(options.inputs, first?.entry, first?.file);
      results.push({
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code) ?? -1,
        level: LEVEL[f.severity],
        message: { text: `${label} ${t.id}: ${visible(f.message)}` },
        ...(location ? { locations: [location] } : {}),
        partialFingerprints: { [FINGERPRINT_KEY]: tokenFingerprint(t, f) },
        ...verdict(gated.get(f)),
        properties: { tokenId: t.id, tokenKind: t.kind, entries: f.entries, ...(f.files ? { files: f.files } : {}) },
      });
    }
  }
  for (const f of report.findings) {
    const location = locate(options.inputs, f.entry, f.file);
    results.push({
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code) ?? -1,
      level: LEVEL[f.severity],
      message: { text: visible(f.message) },
      ...(location ? { locations: [location] } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: reportFingerprint(report, f, options.inputs) },
      ...verdict(gated.get(f)),
      properties: { entry: f.entry },
    });
  }
  // What the baseline holds and this run no longer finds: fixed.
  for (const f of fixed) {
    results.push({
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code) ?? -1,
      level: LEVEL[f.severity],
      message: { text: `fixed: ${visible(f.message)}` },
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      baselineState: 'absent' as const,
      properties: f.token ? { tokenId: f.token } : {},
    });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'Bearerscope', version: options.version, rules: codes.map(rule) } },
        artifacts: options.inputs.map((f) => ({
          location: f.uri.startsWith('file:') ? { uri: f.uri } : { uri: f.uri, uriBaseId: '%SRCROOT%' },
          mimeType: 'application/json',
          roles: ['analysisTarget'],
        })),
        results,
        properties: { judgedAt: report.now, entries: report.entries, tokens: report.tokens.length },
      },
    ],
  };
}

/** The host of a report-level finding's entry; with several files, entry numbers repeat, so the file must match too. */
export function hostOfEntry(report: Report, entry: number, file: string | undefined): string {
  for (const t of report.tokens)
    for (const s of t.sightings) if (s.entry === entry && s.file === file) return hostOf(s.url);
  return '';
}
