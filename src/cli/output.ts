/** The CLI's output formats besides the table: which there are, and the Node side of each (file paths as URIs). */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../core/model/findings.js';
import { toHtml } from '../core/output/html-report.js';
import { toJunit } from '../core/output/junit.js';
import type { Report } from '../core/model/report.js';
import { jsonVisible } from '../core/util/escape.js';
import { type InputFile, toSarif } from '../core/output/sarif.js';
import type { Gate } from '../core/output/gate.js';
import { markedReport } from './gate.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * A HAR file as SARIF names it: relative to the working directory (the checkout, in CI) when inside it. A HAR
 * inside a zip is located by the zip's path and keeps its own `name`.
 */
export function inputFile(file: string, firstEntry: number, entries: number, name = file): InputFile {
  if (file === '-') return { uri: 'stdin', name, firstEntry, entries };
  const rel = path.relative(process.cwd(), path.resolve(file));
  const uri = path.isAbsolute(rel)
    ? pathToFileURL(path.resolve(file)).href
    : rel.split(path.sep).map(encodeURIComponent).join('/');
  return { uri, name, firstEntry, entries };
}

export interface FormatOptions {
  inputs: InputFile[];
  failOn: Severity | 'never';
  version: string;
  nowMs: number;
  /** With a config or a baseline: SARIF and JSON mark what is accepted, baselined and fixed. */
  gate?: Gate;
}

export function formatReport(format: Exclude<Format, 'table'>, report: Report, o: FormatOptions): string {
  switch (format) {
    case 'json':
      return `${jsonVisible(JSON.stringify(o.gate ? markedReport(report, o.gate) : report, null, 2))}
`;
    case 'sarif':
      return `${jsonVisible(JSON.stringify(toSarif(report, { inputs: o.inputs, version: o.version, gate: o.gate }), null, 2))}
`;
    case 'junit':
      return toJunit(report, { failOn: o.failOn });
    case 'html':
      return toHtml(report, {
        version: o.version,
        files: o.inputs.map((f) => decodeURIComponent(f.uri.split('/').pop() ?? f.uri)),
      });
  }
}
