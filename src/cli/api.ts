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
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
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
