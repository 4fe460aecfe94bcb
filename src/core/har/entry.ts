/**
 * A HAR entry reduced to the fields Bearerscope reads, with every field type-checked.
 *
 * HAR comes from browsers, from other tools and from users' hands, so nothing about its shape is trusted:
 * a missing or wrongly typed field becomes an empty value here, and long strings are cut to a bound so
 * that the work done for one entry stays bounded whatever the file holds.
 */
import { isPlainObject } from '../util/json.js';
import { hostOf } from '../util/url.js';
import type { Entry, NameValue, SetCookie } from '../model/entry.js';
import { type FormKind, formFields, formKind, parseCookieHeader, parseSetCookie, urlParams } from './forms.js';

/** How messages name an entry: counted from 1, as HAR viewers do, and with its file when several are read together. */
export const entryName = (index: number, file?: string) => `entry #${index + 1}${file !== undefined ? ` of ${file}` : ''}`;
/** `{ file }` to spread into what is made from an entry (or a key), when it came from a named file; else nothing. */
export const fileOf = (from: { file?: string } | undefined): { file?: string } => (from?.file !== undefined ? { file: from.file } : {});

/** Longest string kept from any one field: room for a token with a 1 MB claim; a longer body is not read for tokens. */
export const MAX_FIELD_CHARS = 2_000_000;
/** Most headers, cookies or params kept from one list. */
export const MAX_LIST_ITEMS = 500;

const TEXTUAL = /json|text|javascript|xml|form/i;

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
    if (isPlainObject(item) && typeof item.name === 'string') out.push({ name: str(item.name), value: str(item.value) });
  }
  return out;
}

function decodeBase64(text: string): string {
  try {
    const bin = atob(text.replace(/\s+/g, ''));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return '';
  }
}

/**
 * Every field of a HAR entry that `normalizeEntry` reads, by the object it is in. The reader's skim
 * (har/reader.ts) builds its patterns from this list, so an entry it skims keeps what a full parse reads; a test
 * (test/core/har/entry.test.ts) checks that `normalizeEntry` reads nothing else.
 */
export const ENTRY_FIELDS = {
  /** Scalars of the entry itself: names found nowhere else in an entry, so the skim takes a name's first appearance. */
  entry: ['startedDateTime', 'time', '_fromCache', '_fetchType', '_resourceType'],
  /** Scalars of `request`, and its name/value lists, which the skim keeps whole. */
  request: ['method', 'url'],
  requestLists: ['headers', 'cookies'],
  /**
   * Scalars of `response`: Chromium marks a service worker's answer on the response (devtools-frontend,
   * har/Log.ts), and its `Date` is the cached copy's, not the server's clock now.
   */
  response: ['status', '_transferSize', '_fetchedViaServiceWorker'],
  responseLists: ['headers', 'cookies'],
  /**
   * Bodies: `postData` (read whole) and `content`. The skim drops them, so it skims only an entry whose bodies
   * cannot matter: no `postData`, and a `content.text` with nothing token-like that is not base64 of text.
   */
  postData: ['mimeType', 'text', 'params'],
  content: ['mimeType', 'text', 'encoding'],
} as const;

type Parsed = 'host' | 'path' | 'queryParams' | 'formKind' | 'formFields' | 'sentCookies' | 'setCookies';

// The class and this interface are one type: the HAR's own fields are assigned once, the parsed ones are getters.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
interface HarEntry extends Omit<Entry, Parsed> {}

/** An `Entry` whose parsed fields are computed on first use and kept: most entries need few of them, some none. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class HarEntry implements Entry {
  #url: { host: string; path: string | null } | undefined;
  #queryParams: readonly NameValue[] | undefined;
  #form: { kind: FormKind | null; fields: readonly NameValue[] } | undefined;
  #sentCookies: readonly NameValue[] | undefined;
  #setCookies: readonly SetCookie[] | undefined;

  constructor(fields: Omit<Entry, Parsed>) {
    Object.assign(this, fields);
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
    return (this.#sentCookies ??= [...this.requestCookies, ...headers(this.requestHeaders, 'cookie').flatMap(parseCookieHeader)]);
  }

  get setCookies(): readonly SetCookie[] {
    return (this.#setCookies ??= headers(this.responseHeaders, 'set-cookie').flatMap(parseSetCookie));
  }
}

export function normalizeEntry(raw: unknown, index: number): Entry {
  const e = isPlainObject(raw) ? raw : {};
  const req = isPlainObject(e.request) ? e.request : {};
  const res = isPlainObject(e.response) ? e.response : {};
  const post = isPlainObject(req.postData) ? req.postData : {};
  const content = isPlainObject(res.content) ? res.content : {};
  const started = typeof e.startedDateTime === 'string' ? e.startedDateTime : null;
  const ms = started === null ? NaN : Date.parse(started);
  let responseText = str(content.text);
  const responseMimeType = str(content.mimeType);
  // Base64 bodies are mostly images; only a textual one can hold a token response.
  if (responseText && content.encoding === 'base64') responseText = TEXTUAL.test(responseMimeType) ? decodeBase64(responseText) : '';
  return new HarEntry({
    index,
    started,
    startedMs: Number.isFinite(ms) ? ms : null,
    durationMs: Math.max(0, num(e.time, 0)),
    method: str(req.method).toUpperCase() || 'GET',
    url: str(req.url),
    requestHeaders: pairs(req.headers),
    requestCookies: pairs(req.cookies),
    postMimeType: str(post.mimeType),
    postText: str(post.text),
    postParams: pairs(post.params),
    status: num(res.status, 0),
    responseHeaders: pairs(res.headers),
    responseCookies: pairs(res.cookies),
    responseMimeType,
    responseText,
    fromCache: Boolean(e._fromCache) || res._transferSize === 0 || Boolean(res._fetchedViaServiceWorker) || /cache/i.test(str(e._fetchType)),
    resourceType: str(e._resourceType).slice(0, 40).toLowerCase(),
  });
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
