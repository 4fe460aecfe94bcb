/** A HAR entry as every check reads it (src/core/har/entry.ts makes it), and how messages name one. */

export interface NameValue {
  name: string;
  value: string;
}

export interface Entry {
  /** Position in the HAR's `log.entries` (or arrival order in a live capture). */
  index: number;
  /** The HAR file it is in, when several are read into one analysis (`index` then counts within it). */
  file?: string;
  /** `startedDateTime` as given, and as epoch milliseconds (null when absent or unparseable). */
  started: string | null;
  startedMs: number | null;
  /** Total time of the request in ms (HAR `time`), 0 when unknown. */
  durationMs: number;
  method: string;
  url: string;
  requestHeaders: NameValue[];
  requestCookies: NameValue[];
  postMimeType: string;
  postText: string;
  postParams: NameValue[];
  status: number;
  responseHeaders: NameValue[];
  responseCookies: NameValue[];
  responseMimeType: string;
  /** Response body as text (base64 already decoded), '' when the capture holds none. */
  responseText: string;
  /**
   * The browser answered from its own cache (Chromium's `_fromCache` or a `_transferSize` of 0, Safari's
   * `_fetchType: "Memory Cache"` / `"Disk Cache"`): the response, and its `Date`, may be days old.
   */
  fromCache: boolean;
  /** Chromium's `_resourceType` (`fetch`, `xhr`, `document` …), '' when the exporter gives none. */
  resourceType: string;
}

/**
 * How every message, report and view names an entry: counted from 1, as HAR viewers do, and with its file when
 * several are read together (entry numbers then repeat, one series per file).
 */
export const entryName = (index: number, file?: string): string => `entry #${index + 1}${file !== undefined ? ` of ${file}` : ''}`;
