/** A HAR entry as every check reads it (src/core/har/entry.ts makes it), and how messages name one. */

export interface NameValue {
  name: string;
  value: string;
}

/** One cookie a `Set-Cookie` header sets, with the attributes the header gave it (RFC 6265 §5.2). */
export interface SetCookie extends NameValue {
  httpOnly: boolean;
  secure: boolean;
  /** Attribute values as written, null when the header has no such attribute. */
  sameSite: string | null;
  domain: string | null;
  path: string | null;
  maxAge: string | null;
  expires: string | null;
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
  // Read from the fields above once, on first use, so every check reads them rather than parsing again.
  /** Host of `url`, lower-cased; '' when the URL does not parse. */
  readonly host: string;
  /** Path of `url`; null when the URL does not parse. */
  readonly path: string | null;
  /** Query and fragment parameters of `url`, form-decoded (a fragment reaches a HAR only when a tool kept it). */
  readonly queryParams: readonly NameValue[];
  /** Whether the request body is a form, and which kind (from `postMimeType`, else the Content-Type header). */
  readonly formKind: 'urlencoded' | 'multipart' | null;
  /** Text fields of a form body, decoded once; empty when the body is no form. */
  readonly formFields: readonly NameValue[];
  /** Cookies the request sent: the HAR's `request.cookies`, then each `Cookie` header's pairs. */
  readonly sentCookies: readonly NameValue[];
  /** Cookies the response's `Set-Cookie` headers set, with their attributes, in header order. */
  readonly setCookies: readonly SetCookie[];
}

/**
 * How every message, report and view names an entry: counted from 1, as HAR viewers do, and with its file when
 * several are read together (entry numbers then repeat, one series per file).
 */
export const entryName = (index: number, file?: string): string =>
  `entry #${index + 1}${file !== undefined ? ` of ${file}` : ''}`;
