/**
 * The Node API of the `bearerscope` package: the analysis `bearerscope scan --json` prints, for a test suite or a
 * script that holds a HAR's path or its entries.
 *
 * It lives beside the CLI rather than at the top of src/ because it is the same Node surface: it reads inputs with
 * the CLI's own code (directories, globs, .har.gz, Playwright's zip and attached bodies) and stays out of the pure
 * core, which knows nothing of files.
 *
 * Neither function fetches anything: signatures are checked only against keys the capture itself holds.
 */
import { Analyzer } from '../core/analysis/analyzer.js';
import { HarFormatError } from '../core/har/reader.js';
import type { Report } from '../core/model/report.js';
import { scanInputs } from './scan.js';
import { type Baseline, type Gate, gate as gateReport, parseBaseline } from '../core/output/gate.js';
import { type BearerscopeConfig, ConfigError, findConfig, parseConfig, readConfig } from './config.js';
import { BaselineError, readBaseline } from './gate.js';

export type { Report } from '../core/model/report.js';
export { HarFormatError } from '../core/har/reader.js';

export interface AnalyzeOptions {
  /** The moment expiry is judged at (default: the clock): a Date, milliseconds since 1970, or an ISO 8601 string. */
  now?: Date | number | string;
  /** Include raw token values, credential claims and personal claims (default: redacted, as `--reveal` is off). */
  reveal?: boolean;
}

export interface ScanOptions extends AnalyzeOptions {
  /**
   * Called with one line for each input that cannot be read (not a HAR, unreadable, an unsupported zip entry); the
   * others are read all the same, and the report's notes name what was skipped.
   */
  onSkip?: (message: string) => void;
}

function nowMs(now: AnalyzeOptions['now']): number {
  const ms =
    now === undefined
      ? Date.now()
      : now instanceof Date
        ? now.getTime()
        : typeof now === 'number'
          ? now
          : Date.parse(now);
  if (!Number.isFinite(ms)) throw new TypeError(`now is not a date: ${String(now)}`);
  return ms;
}

async function finish(analyzer: Analyzer, ms: number, options: AnalyzeOptions): Promise<Report> {
  await analyzer.verifySignatures();
  return analyzer.report(ms, { reveal: options.reveal === true });
}

/**
 * Scans HAR files as `bearerscope scan --json` does: each path may be a .har, .har.gz or Playwright .zip file, a
 * directory (searched at any depth) or a glob pattern. With several inputs, sightings name their file. Reads in the
 * calling thread. Rejects with a `HarFormatError` when no input at all can be read.
 */
export async function scanHar(paths: string | readonly string[], options: ScanOptions = {}): Promise<Report> {
  const ms = nowMs(options.now);
  const analyzer = new Analyzer();
  const skipped: string[] = [];
  const { read } = await scanInputs(typeof paths === 'string' ? [paths] : paths, analyzer, {
    worker: false,
    onSkip: (message) => {
      skipped.push(message);
      options.onSkip?.(message);
    },
  });
  if (!read) throw new HarFormatError(skipped.join('\n') || 'no HAR file given');
  return finish(analyzer, ms, options);
}

/** Analyses HAR entries held in memory (`har.log.entries`, or entries from Playwright's or a proxy's API). */
export async function analyze(entries: Iterable<unknown>, options: AnalyzeOptions = {}): Promise<Report> {
  const ms = nowMs(options.now);
  const analyzer = new Analyzer();
  for (const entry of entries) analyzer.add(entry);
  return finish(analyzer, ms, options);
}

export type { BearerscopeConfig } from './config.js';
export { ConfigError } from './config.js';
export type { AcceptRule, FailOn, Gate, GatedFinding, BaselineFinding } from '../core/output/gate.js';

export interface GateOptions {
  /** The settings `bearerscope.config.json` holds (checked as the CLI checks the file); default: fail on errors. */
  config?: BearerscopeConfig;
  /** A baseline: its file's path (resolved against the working directory), or its parsed content. */
  baseline?: string | object;
}

/**
 * The CLI's gate on a report: which findings are accepted by the config's rules, which the baseline records, which
 * are gone (fixed) and which fail (`failing`). Throws a ConfigError (one line) for a config or baseline that
 * cannot be used.
 */
export function gate(report: Report, options: GateOptions = {}): Gate {
  const config = parseConfig(options.config ?? {}, 'config');
  const source = options.baseline ?? config.baseline;
  let baseline: Baseline | null = null;
  try {
    if (typeof source === 'string') {
      baseline = readBaseline(source);
      if (!baseline) throw new BaselineError(`the baseline ${source} does not exist`);
    } else if (source !== undefined) baseline = parseBaseline(source);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  // Report-level fingerprints name their entry's host when the inputs place the entry: these place every entry.
  const files = [...new Set(report.tokens.flatMap((t) => t.sightings.map((s) => s.file)))];
  const inputs = files.map((name) => ({ uri: name ?? '', name: name ?? '', firstEntry: 0, entries: report.entries }));
  return gateReport(report, { inputs, failOn: config.failOn ?? 'error', accept: config.accept ?? [], baseline });
}

/** The config file that governs `dir` (default: the working directory), found as the CLI finds it; null if none. */
export function loadConfig(dir = process.cwd()): BearerscopeConfig | null {
  const file = findConfig(dir);
  return file ? readConfig(file).config : null;
}
