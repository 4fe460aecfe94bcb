/**
 * What the panel and its import worker say to each other. The worker owns an imported file's analysis for the
 * session's life: it reads the file, sends the report the panel shows and the raw tokens behind its ids, then the
 * report again when signature verdicts move, and answers requests for other reports (an export).
 */
import type { ReportOptions } from '../../core/analysis/analyzer.js';
import type { Report } from '../../core/model/report.js';

export type ToWorker =
  { type: 'import'; name: string; data: Blob | ArrayBuffer } | { type: 'report'; id: number; options: ReportOptions };

/** The report the panel shows and what it needs beside it, at the end of reading and again after verification. */
export interface Shown {
  report: Report;
  /** Each token's raw value by its report id, for the few places a person needs it (copy, cURL, signature check). */
  raw: Array<[string, string]>;
}

export type FromWorker =
  | { type: 'progress'; read: number; total: number }
  | ({
      type: 'read';
      entries: number;
      /** The latest entry's start (ms): the capture's own "now"; null when no entry had a readable time. */
      at: number | null;
      /** Why the file could not be read to its end (redacted), or null. */
      failure: string | null;
      /** 2 when a reading worker cut the file while this one analysed it, 1 when both happened in one thread. */
      threads: 1 | 2;
    } & Shown)
  | ({ type: 'verified' } & Shown)
  | { type: 'report'; id: number; report: Report };
