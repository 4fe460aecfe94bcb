/**
 * The panel's export: the report on screen in the CLI's file formats (JSON as `--json` prints it, SARIF, HTML), made
 * by the same core functions from a report already redacted (or revealed) by the analysis, under a file name that
 * says what was analysed and when.
 */
import type { Report } from '../core/model/report.js';
import { toHtml } from '../core/output/html-report.js';
import { toSarif } from '../core/output/sarif.js';
import { jsonVisible } from '../core/util/escape.js';
import { hostOf } from '../core/util/url.js';

declare const BEARERSCOPE_VERSION: string;
/** Set by esbuild.mjs in the extension's bundles; absent when the panel's code runs in tests. */
const VERSION = typeof BEARERSCOPE_VERSION === 'string' ? BEARERSCOPE_VERSION : 'dev';

export const EXPORT_FORMATS = [
  { id: 'json', label: 'JSON', type: 'application/json' },
  { id: 'sarif', label: 'SARIF', type: 'application/sarif+json' },
  { id: 'html', label: 'HTML', type: 'text/html' },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

export interface ExportedFile {
  name: string;
  text: string;
  type: string;
}

/** The host most of the report's sightings went to: what a live capture was of. */
function mainHost(report: Report): string | null {
  const counts = new Map<string, number>();
  for (const t of report.tokens)
    for (const s of t.sightings) {
      const host = hostOf(s.url);
      if (host) counts.set(host, (counts.get(host) ?? 0) + 1);
    }
  let best: string | null = null;
  for (const [host, n] of counts) if (best === null || n > counts.get(best)!) best = host;
  return best;
}

/** A name safe in any file system: letters, digits, dot, dash and underscore, at most 60 characters. */
function safeName(text: string): string {
  const cleaned = text.replace(/[^\w.-]+/g, '_').replace(/^[._]+/, '');
  return cleaned.slice(0, 60) || 'capture';
}

const two = (n: number) => String(n).padStart(2, '0');
/** Local time, as the panel's list shows it: YYYYMMDD-HHMMSS. */
function stamp(d: Date): string {
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/**
 * `report` in `format`, named `bearerscope-<file or host>-<when>.<ext>`: the imported file's name without its
 * extension, or for live traffic the host most requests went to.
 */
export function exportFile(report: Report, format: ExportFormat, file: string | null, when: Date): ExportedFile {
  const what = file === null ? (mainHost(report) ?? 'live') : file.replace(/\.(har|json)$/i, '');
  const source = file ?? 'live capture';
  const type = EXPORT_FORMATS.find((f) => f.id === format)!.type;
  const name = `bearerscope-${safeName(what)}-${stamp(when)}.${format}`;
  switch (format) {
    case 'json':
      return { name, type, text: `${jsonVisible(JSON.stringify(report, null, 2))}\n` };
    case 'sarif': {
      const inputs = [{ uri: encodeURIComponent(source), name: source, firstEntry: 0, entries: report.entries }];
      return {
        name,
        type,
        text: `${jsonVisible(JSON.stringify(toSarif(report, { inputs, version: VERSION }), null, 2))}\n`,
      };
    }
    case 'html':
      return { name, type, text: toHtml(report, { version: VERSION, files: [source] }) };
  }
}
