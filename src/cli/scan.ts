/** The inputs of a scan read into one analysis: shared by `bearerscope scan` and the Node API (src/cli/api.ts). */
import type { Analyzer } from '../core/analysis/analyzer.js';
import { entryFromText, HarFormatError } from '../core/har/reader.js';
import type { InputFile } from '../core/output/sarif.js';
import { redactText } from '../core/find/redact.js';
import { expandInputs, type Input, readInput } from './inputs.js';
import { inputFile } from './output.js';
import { scanInWorker } from './scan-worker.js';

export interface ScanInputsOptions {
  /**
   * Read each file in a second thread (src/cli/scan-worker.ts): the CLI does, from its bundle. The API reads in the
   * caller's thread, since a worker needs a file of its own to run.
   */
  worker: boolean;
  /** Called with one line for each input that cannot be read; the others are read all the same. */
  onSkip: (message: string) => void;
}

export interface ScanInputsResult {
  /** The inputs entries were read from, as SARIF and the HTML report name them. */
  files: InputFile[];
  /** How many inputs were read to their end. */
  read: number;
}

/** One input into the analysis: each entry's text read as it would be in one thread. */
function readHere(input: Input, analyzer: Analyzer): Promise<void> {
  let index = 0;
  return readInput(input, {
    text: (text, skim) => {
      try {
        analyzer.add(entryFromText(text, skim, index++));
      } catch (err) {
        throw err instanceof HarFormatError ? new HarFormatError(`${input.name}: ${err.message}`) : err;
      }
    },
    note: (text) => analyzer.note(text),
  });
}

/**
 * A message about an input as the CLI may print it: redacted as a report is, so that it carries none of the file's
 * own bytes (a V8 JSON error quotes them). Invisible characters are made visible where it is printed.
 */
export function inputMessage(message: string): string {
  return redactText(message.slice(0, 4000));
}

/**
 * Reads what `args` name (files, directories, globs, "-") into `analyzer`. With several inputs, each one's entries
 * are numbered from 1 and carry its name (`Analyzer.setFile`), as a viewer of that file would show them. A skipped
 * input is also a note in the report, so that a report read later says what it does not cover.
 */
export async function scanInputs(
  args: readonly string[],
  analyzer: Analyzer,
  options: ScanInputsOptions,
): Promise<ScanInputsResult> {
  const skip = (said: string) => {
    const message = inputMessage(said);
    options.onSkip(message);
    analyzer.note(`skipped ${message}`);
  };
  const expanded = await expandInputs(args);
  const several = expanded.filter((x) => !('skipped' in x)).length > 1;
  const files: InputFile[] = [];
  let read = 0;
  for (const input of expanded) {
    if ('skipped' in input) {
      skip(input.skipped);
      continue;
    }
    const firstEntry = analyzer.entryCount;
    if (several) analyzer.setFile(input.name);
    let ok = false;
    try {
      if (options.worker && input.path !== '-')
        await scanInWorker(
          input,
          (entry) => analyzer.add(entry),
          (t) => analyzer.note(t),
        );
      else await readHere(input, analyzer);
      ok = true;
      read++;
    } catch (err) {
      if (!(err instanceof HarFormatError)) throw err;
      skip(err.message);
    }
    const entries = analyzer.entryCount - firstEntry;
    if (ok || entries) files.push(inputFile(input.path, firstEntry, entries, input.name));
  }
  return { files, read };
}
