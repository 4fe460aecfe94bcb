/**
 * Parsers for the places a token hides in HTTP text: form bodies, multipart parts, cookies and URLs.
 *
 * Each context has its own decoding, and a value is decoded once. Base64 tokens carry `+` and `/`, so the
 * difference matters: a `+` is a space only in form data (application/x-www-form-urlencoded, WHATWG URL
 * §5.1), never in a cookie (RFC 6265 §4.1.1 allows `+` in a cookie value as itself).
 */
import type { NameValue, SetCookie } from '../model/entry.js';

const MAX_FIELDS = 500;

/** Percent-decoding alone (what frameworks that encode cookie values apply); a broken `%` sequence is kept as is. */
export function percentDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Form decoding: `+` is a space, then percent-decoding (WHATWG URL, application/x-www-form-urlencoded parsing). */
export function formDecode(s: string): string {
  return percentDecode(s.replace(/\+/g, ' '));
}

/** Name=value pairs of a form body, a query string or a fragment, form-decoded. */
export function parseUrlEncoded(text: string): NameValue[] {
  const out: NameValue[] = [];
  for (const part of text.split('&', MAX_FIELDS)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    out.push({ name: formDecode(name), value: formDecode(value) });
  }
  return out;
}

function boundaryOf(mimeType: string, text: string): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(mimeType);
  if (m) return m[1] ?? m[2] ?? null;
  // Some exporters drop the parameter from mimeType; the body's first line still names it.
  const first = /^--([^\r\n]+)\r?\n/.exec(text);
  return first?.[1] ?? null;
}

/**
 * The `name="…"` of a part's Content-Disposition line, line by line in one pass over the head. One regex over the
 * whole head (`/content-disposition:[^\r\n]*?\bname="([^"]*)"/i`) rescans the rest of the line from every
 * `content-disposition:` in it: a hostile head of that word repeated is quadratic.
 */
function dispositionName(head: string): string | null {
  for (const line of head.split(/\r\n?|\n/)) {
    const at = line.search(/content-disposition:/i);
    if (at < 0) continue;
    // Linear: each try stops at the next `"`, which ends this `name="` and cannot start another.
    const name = /\bname="([^"]*)"/i.exec(line.slice(at));
    if (name) return name[1] ?? '';
  }
  return null;
}

/** Text fields of a multipart/form-data body (file parts are skipped: they are not where tokens are posted). */
export function parseMultipart(mimeType: string, text: string): NameValue[] {
  const boundary = boundaryOf(mimeType, text);
  if (!boundary) return [];
  const out: NameValue[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1, MAX_FIELDS)) {
    if (chunk.startsWith('--')) break;
    const sep = /\r?\n\r?\n/.exec(chunk);
    if (!sep) continue;
    const head = chunk.slice(0, sep.index);
    const name = dispositionName(head);
    if (name === null || /\bfilename=/i.test(head)) continue;
    const body = chunk.slice(sep.index + sep[0].length).replace(/\r?\n$/, '');
    out.push({ name, value: body });
  }
  return out;
}

/** `a=b; c=d` from a request `Cookie` header. */
export function parseCookieHeader(value: string): NameValue[] {
  const out: NameValue[] = [];
  for (const part of value.split(';', MAX_FIELDS)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out.push({
      name: part.slice(0, eq).trim(),
      value: percentDecode(
        part
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      ),
    });
  }
  return out;
}

/**
 * Each cookie a `Set-Cookie` header sets, with its attributes (RFC 6265 §5.2: attribute names are case-insensitive,
 * an unknown one is ignored). Chromium joins several headers with newlines in one HAR header. A line without a
 * name (`=x`, or no `=` at all) sets nothing here.
 */
export function parseSetCookie(value: string): SetCookie[] {
  const out: SetCookie[] = [];
  for (const line of value.split('\n', MAX_FIELDS)) {
    const [first = '', ...attrs] = line.split(';', MAX_FIELDS);
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const cookie: SetCookie = {
      name: first.slice(0, eq).trim(),
      value: percentDecode(
        first
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1'),
      ),
      httpOnly: false,
      secure: false,
      sameSite: null,
      domain: null,
      path: null,
      maxAge: null,
      expires: null,
    };
    for (const attr of attrs) {
      const at = attr.indexOf('=');
      const name = (at < 0 ? attr : attr.slice(0, at)).trim().toLowerCase();
      const v = at < 0 ? '' : attr.slice(at + 1).trim();
      if (name === 'httponly') cookie.httpOnly = true;
      else if (name === 'secure') cookie.secure = true;
      else if (name === 'samesite') cookie.sameSite = v;
      else if (name === 'domain') cookie.domain = v;
      else if (name === 'path') cookie.path = v;
      else if (name === 'max-age') cookie.maxAge = v;
      else if (name === 'expires') cookie.expires = v;
    }
    out.push(cookie);
  }
  return out;
}

/** Query and fragment parameters of a URL (a fragment reaches a HAR only when a tool kept it). */
export function urlParams(url: string): NameValue[] {
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  const out: NameValue[] = [];
  if (q >= 0) out.push(...parseUrlEncoded(url.slice(q + 1, h > q ? h : undefined)));
  if (h >= 0) out.push(...parseUrlEncoded(url.slice(h + 1)));
  return out;
}

export type FormKind = 'urlencoded' | 'multipart';

/** Whether a body of this MIME type is a form, and which kind. */
export function formKind(mimeType: string): FormKind | null {
  if (/application\/x-www-form-urlencoded/i.test(mimeType)) return 'urlencoded';
  if (/multipart\/form-data/i.test(mimeType)) return 'multipart';
  return null;
}

/**
 * Form fields of a request body of the given MIME type. Exporters differ: some give `params`, some only `text`, some
 * both; and Chromium leaves urlencoded params percent-encoded where Firefox decodes them. The text, when there is one,
 * is the same bytes in every exporter, so it is what is parsed. Params alone are decoded only while they still hold
 * a `%XX` escape: an already decoded base64 token keeps its `+`.
 */
export function formFields(mimeType: string, text: string, params: readonly NameValue[]): NameValue[] {
  const kind = formKind(mimeType);
  if (!kind) return [];
  if (kind === 'multipart') return params.length ? [...params] : parseMultipart(mimeType, text);
  if (text) return parseUrlEncoded(text);
  const encoded = (s: string) => (/%[0-9A-Fa-f]{2}/.test(s) ? formDecode(s) : s);
  return params.map((p) => ({ name: encoded(p.name), value: encoded(p.value) }));
}
