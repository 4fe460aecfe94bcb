/**
 * A HAR entry reduced to the fields Bearerscope reads, with every field type-checked.
 *
 * HAR comes from browsers, from other tools and from users' hands, so nothing about its shape is trusted:
 * a missing or wrongly typed field becomes an empty value here, and long strings are cut to a bound so
 * that the work done for one entry stays bounded whatever the file holds.
 */
import { decodeBase64 } from '../util/base64url.js';
import { MAX_FIELD_CHARS } from '../util/limits.js';
import { isPlainObject } from '../util/json.js';
import { hostOf } from '../util/url.js';
import type { Entry, NameValue, SetCookie } from '../model/entry.js';
import { type FormKind, formFields, formKind, parseCookieHeader, parseSetCookie, urlParams } from './forms.js';

/** `{ file }` to spread into what is made from an entry (or a key), when it came from a named file; else nothing. */
export const fileOf = (from: { file?: string } | undefined): { file?: string } =>
  from?.file !== undefined ? { file: from.file } : {};

/** Most headers, cookies or params kept from one list. */
const MAX_LIST_ITEMS = 500;

/** MIME types of text: a base64 body of one is decoded and read, any other is not (mostly images). */
export const TEXTUAL = /json|text|javascript|xml|form/i;

function str(v: unknown): string {
  if (typeof v !== 'string') return '';
  return v.length > MAX_FIELD_CHARS ? v.slice(0, MAX_FIELD_CHARS) : v;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function pairs(v: unknown): NameValue[] {
  if (!Array.isArray(v)) return [];
  const out: NameValue[] = [];
  for (const item of v.slice(0, MAX_LIST_ITEMS)) {
    if (isPlainObject(item) && typeof item.name === 'string')
      out.push({ name: str(item.name), value: str(item.value) });
  }
  return out;
}

const LENIENT_UTF8 = new TextDecoder('utf-8', { fatal: false });

/** A base64 body as text; bytes that are not UTF-8 become U+FFFD rather than losing the whole body. */
function decodeBase64Body(text: string): string {
  const bytes = decodeBase64(text.replace(/\s+/g, ''));
  return bytes ? LENIENT_UTF8.decode(bytes) : '';
}

/**
 * Every field of a HAR entry that `normalizeEntry` reads, by the object it is in. The reader's skim
 * (har/reader.ts) builds its patterns from this list, so an entry it skims keeps what a full parse reads; a test
 * (test/core/har/entry.test.ts) checks that `normalizeEntry` reads nothing else.
 */
export const ENTRY_FIELDS = {
  /** Scalars of the entry itself: names found nowhere else in an entry, so the skim takes a name's first appearance. */
  entry: ['startedDateTime', 'time', '_fromCache', '_fetchType', '_resourceType', '_fetchedViaServiceWorker'],
  /** Scalars of `request`, and its name/value lists: the skim keeps every cookie, and the headers named below. */
  request: ['method', 'url'],
  requestLists: ['headers', 'cookies'],
  /**
   * Scalars of `response`. Chromium marks a service worker's answer on the response (devtools-frontend, har/Log.ts),
   * tools that write HAR from the DevTools protocol on the entry: read in both places.
   */
  response: ['status', '_transferSize', '_fetchedViaServiceWorker'],
  responseLists: ['headers', 'cookies'],
  /**
   * Bodies: `postData` (read whole) and `content`. The skim drops them, so it skims only an entry whose bodies
   * cannot matter: no `postData`, and a `content.text` with nothing token-like that is not base64 of text.
   */
  postData: ['mimeType', 'text', 'params'],
  content: ['mimeType', 'text', 'encoding'],
  /**
   * The headers by which an entry with nothing token-like in it can matter; its other headers are read only for
   * tokens and secrets, which the skim has ruled out, and keeping all of them made the scan a quarter slower (measured).
   * `Date`, `Age` and the shared caches' status (`X-Cache`, `CF-Cache-Status`, `X-Cache-Status`, `X-Proxy-Cache`:
   * clock-skew); `User-Agent`, `Cookie`, `Set-Cookie`, `Authorization`, `Proxy-Authorization`
   * (capture-stripped, locate, client secrets); `WWW-Authenticate`, `x-ms-diagnostics` (the evidence of a token that
   * locate finds in `Authorization` whatever it looks like); `DPoP-Nonce` (proofs); and the credential headers of
   * locate whose names hold no "token" (a name with one makes the entry token-like): `x-auth`, `x-authorization`;
   * `Content-Type` (capture-stripped: a browser's own OCSP POST, which Firefox exports without its body, is no app call);
   * those named `…key` make the reader parse the entry (a pattern for any start slows the skim). Names in lower
   * case, compared case-insensitively.
   */
  headers: [
    'date',
    'age',
    'x-cache',
    'cf-cache-status',
    'x-cache-status',
    'x-proxy-cache',
    'user-agent',
    'cookie',
    'set-cookie',
    'authorization',
    'proxy-authorization',
    'www-authenticate',
    'x-ms-diagnostics',
    'dpop-nonce',
    'x-auth',
    'x-authorization',
    'content-type',
  ],
} as const;

/** An `Entry` whose parsed fields are computed on first use and kept: most entries need few of them, some none. */
class HarEntry implements Entry {
  declare index: number;
  declare file?: string;
  declare started: string | null;
  declare startedMs: number | null;
  declare durationMs: number;
  declare method: string;
  declare url: string;
  declare requestHeaders: NameValue[];
  declare requestCookies: NameValue[];
  declare postMimeType: string;
  declare postText: string;
  declare postParams: NameValue[];
  declare status: number;
  declare responseHeaders: NameValue[];
  declare responseCookies: NameValue[];
  declare responseMimeType: string;
  declare responseText: string;
  declare fromCache: boolean;
  declare resourceType: string;
  #url: { host: string; path: string | null } | undefined;
  #queryParams: readonly NameValue[] | undefined;
  #form: { kind: FormKind | null; fields: readonly NameValue[] } | undefined;
  #sentCookies: readonly NameValue[] | undefined;
  #setCookies: readonly SetCookie[] | undefined;

  constructor(raw: unknown, index: number) {
    const e = isPlainObject(raw) ? raw : {};
    const req = isPlainObject(e.request) ? e.request : {};
    const res = isPlainObject(e.response) ? e.response : {};
    const post = isPlainObject(req.postData) ? req.postData : {};
    const content = isPlainObject(res.content) ? res.content : {};
    const started = typeof e.startedDateTime === 'string' ? e.startedDateTime : null;
    const ms = started === null ? NaN : Date.parse(started);
    this.index = index;
    this.started = started;
    this.startedMs = Number.isFinite(ms) ? ms : null;
    this.durationMs = Math.max(0, num(e.time, 0));
    this.method = str(req.method).toUpperCase() || 'GET';
    this.url = str(req.url);
    this.requestHeaders = pairs(req.headers);
    this.requestCookies = pairs(req.cookies);
    this.postMimeType = str(post.mimeType);
    this.postText = str(post.text);
    this.postParams = pairs(post.params);
    this.status = num(res.status, 0);
    this.responseHeaders = pairs(res.headers);
    this.responseCookies = pairs(res.cookies);
    this.responseMimeType = str(content.mimeType);
    let responseText = str(content.text);
    // Base64 bodies are mostly images; only a textual one can hold a token response.
    if (responseText && content.encoding === 'base64')
      responseText = TEXTUAL.test(this.responseMimeType) ? decodeBase64Body(responseText) : '';
    this.responseText = responseText;
    this.fromCache =
      Boolean(e._fromCache) ||
      res._transferSize === 0 ||
      Boolean(res._fetchedViaServiceWorker) ||
      Boolean(e._fetchedViaServiceWorker) ||
      /cache/i.test(str(e._fetchType));
    this.resourceType = str(e._resourceType).slice(0, 40).toLowerCase();
  }

  private urlParts(): { host: string; path: string | null } {
    if (!this.#url) {
      let path: string | null = null;
      try {
        path = new URL(this.url).pathname;
      } catch {
        path = null;
      }
      this.#url = { host: hostOf(this.url), path };
    }
    return this.#url;
  }

  get host(): string {
    return this.urlParts().host;
  }

  get path(): string | null {
    return this.urlParts().path;
  }

  get queryParams(): readonly NameValue[] {
    return (this.#queryParams ??= urlParams(this.url));
  }

  private form(): { kind: FormKind | null; fields: readonly NameValue[] } {
    if (!this.#form) {
      const mime = this.postMimeType || header(this.requestHeaders, 'content-type') || '';
      this.#form = { kind: formKind(mime), fields: formFields(mime, this.postText, this.postParams) };
    }
    return this.#form;
  }

  get formKind(): FormKind | null {
    return this.form().kind;
  }

  get formFields(): readonly NameValue[] {
    return this.form().fields;
  }

  get sentCookies(): readonly NameValue[] {
    return (this.#sentCookies ??= [
      ...this.requestCookies,
      ...headers(this.requestHeaders, 'cookie').flatMap(parseCookieHeader),
    ]);
  }

  get setCookies(): readonly SetCookie[] {
    return (this.#setCookies ??= headers(this.responseHeaders, 'set-cookie').flatMap(parseSetCookie));
  }
}

export function normalizeEntry(raw: unknown, index: number): Entry {
  return new HarEntry(raw, index);
}

export function header(list: NameValue[], name: string): string | null {
  const wanted = name.toLowerCase();
  for (const h of list) if (h.name.toLowerCase() === wanted) return h.value;
  return null;
}

export function headers(list: NameValue[], name: string): string[] {
  const wanted = name.toLowerCase();
  return list.filter((h) => h.name.toLowerCase() === wanted).map((h) => h.value);
}
