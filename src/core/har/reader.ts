/**
 * Reads `log.entries` out of a HAR as bytes arrive, one entry at a time, so a HAR of any size is scanned in
 * memory bounded by its largest entry rather than by the file (V8 cannot even hold a string over ~512 MB).
 *
 * It finds each entry's bytes with a small scanner (it jumps over strings with the native `indexOf`), then
 * `JSON.parse`s that entry alone. Long strings that cannot hold a token (no "eyJ", "token", "Bearer",
 * "secret" or "error" in them) are replaced by "" before parsing: bodies are most of a HAR's bytes and
 * almost never matter, so this is where the time and memory go unspent.
 */
import { entryName } from '../model/entry.js';
import { MAX_FIELD_CHARS } from '../util/limits.js';
import { plural } from '../util/plural.js';
import { SECRET_HINT } from './hints.js';
import { ENTRY_FIELDS, TEXTUAL } from './entry.js';

export class HarFormatError extends Error {
  override name = 'HarFormatError';
}

export interface HarReaderOptions {
  /** Strings at least this long are checked for token-like text and elided when they have none. */
  elideOver?: number;
  /** Strings longer than this are never parsed (a note is made); the analysis cuts fields there anyway. */
  maxString?: number;
  /**
   * Reduce entries with nothing token-like in them to the fields of ENTRY_FIELDS but their bodies, without parsing
   * them (default true): the report is the same. Such an entry's JSON syntax is then not checked.
   */
  skim?: boolean;
  /** Called for a long string that was dropped although it looked as though it might hold a token. */
  onNote?: (text: string) => void;
  /**
   * Hand over each entry's text instead of reading it (`entryFromText` reads it later): lets the CLI find entries
   * in one thread and read and analyse them in another. `skim` says the text is an outline for the skeleton.
   */
  onText?: (text: string, skim: boolean, index: number) => void;
}

const QUOTE = 0x22;
const URL_KEY_BYTES = new TextEncoder().encode('"url"');
const BACKSLASH = 0x5c;
const POST_DATA = new TextEncoder().encode('postData');
const BASE64 = new TextEncoder().encode('base64');
/**
 * What an entry or a string must contain to possibly matter: a JWT, a "token" name, a Bearer header, a
 * client secret, an OAuth error parameter, or what a secret rule looks for (src/core/find/secrets.ts). Case variants are
 * spelled out: a case-insensitive "eyJ" would match one base64 body in ten, and a bare "error" most scripts. Every
 * alternative added here slows the one pass over every byte (measured: four more made it 2–4 times slower);
 * credential and API-key headers are kept by the skeleton instead (ENTRY_FIELDS.headers).
 */
const TOKENISH = /eyJ|oken|OKEN|earer|EARER|ecret|ECRET|[?&#]error=/;
// Two tests, not one alternation: V8 runs the pair about twice as fast as the two joined.
/**
 * Or keys: a JWKS names each key's "kty", a discovery document its "jwks_uri". Or an identity provider's error: an
 * OAuth error body's "error_description" (RFC 6749 §5.2), an Entra "AADSTS" code in JSON or an error page, whose text
 * need not say "token" (AADSTS90002 "Tenant … not found" is some 700 characters long). Separate `includes`, not more
 * alternatives: measured on the bench's 315 MB HAR, adding "kty" to the regex made the scan some 25 % slower,
 * while the native substring searches were lost in the noise.
 */
const MAY_MATTER = {
  test: (text: string) =>
    TOKENISH.test(text) ||
    SECRET_HINT.test(text) ||
    text.includes('kty') ||
    text.includes('jwks_uri') ||
    text.includes('AADSTS') ||
    text.includes('error_description'),
};

/** A JSON string's contents, as an unrolled loop: an alternation tried at every character costs twice as much. */
const STRING_BODY = '([^"\\\\]*(?:\\\\.[^"\\\\]*)*)';
/** A value: a string (its contents), or a number, `true`, `false` or `null` as written. Two groups. */
const VALUE = `(?:"${STRING_BODY}"|(-?\\d[\\d.eE+-]*|true|false|null))`;
const alternatives = (names: readonly string[]) => names.map((n) => n.replace(/^_/, '')).join('|');
/** The scalars read wherever they are: the entry's, and the response's (the request's are read after `"request"`). */
const SCALARS = [...new Set([...ENTRY_FIELDS.entry, ...ENTRY_FIELDS.response])];
/** Each scalar's slot, by the name the pattern captures (without its `_`), and where it may belong. */
const SLOT = new Map(SCALARS.map((name, i) => [name.replace(/^_/, ''), i]));
const IS_ENTRY = SCALARS.map((n) => (ENTRY_FIELDS.entry as readonly string[]).includes(n));
const IS_RESPONSE = SCALARS.map((n) => (ENTRY_FIELDS.response as readonly string[]).includes(n));
/** Each scalar of the request, as its own pattern: run from `"request"` on, they find its first appearance there. */
const REQUEST_FIELDS = ENTRY_FIELDS.request.map(
  (name) => [name, new RegExp(`"${name}"\\s*:\\s*${VALUE}`, 'g')] as const,
);
/**
 * ENTRY_FIELDS.headers as a pattern for a JSON string's contents: each letter as a class of its two cases, as
 * `header()` compares names (a case-insensitive flag on the whole pattern makes it slower).
 */
const HEADER_NAMES = `(${ENTRY_FIELDS.headers.map((n) => n.replace(/[a-z]/g, (c) => `[${c.toUpperCase()}${c}]`)).join('|')})`;
/** A name/value pair, after its first quote: name first (groups 1–3), or after (4–6). */
const pair = (name: string) =>
  `name"\\s*:\\s*"${name}"\\s*,\\s*"value"\\s*:\\s*${VALUE}|value"\\s*:\\s*${VALUE}\\s*,\\s*"name"\\s*:\\s*"${name}"`;
/** A pair of any name: a cookie. */
const ANY_PAIR = new RegExp(`"(?:${pair(STRING_BODY)})`, 'g');
/**
 * The skeleton's fields in one pattern (one pass costs less than one per field): the pairs named in
 * ENTRY_FIELDS.headers (groups 1–6, as in `pair`), the other lists that hold pairs when they are not empty (7: their
 * pairs are not headers), and the scalars (8–10; those starting `_` with no leading quote, 11–13: 3 × faster).
 * Pairs are headers unless in such a list: the lists of a HAR that hold pairs are headers, cookies, queryString and
 * params. Every match costs an allocation, so the pattern matches no more than it must.
 */
const SKIM_FIELDS = new RegExp(
  `"(?:${pair(HEADER_NAMES)}|(cookies|queryString|params)"\\s*:\\s*\\[\\s*\\{` +
    `|(${alternatives(SCALARS.filter((n) => !n.startsWith('_')))})"\\s*:\\s*${VALUE})` +
    `|_(${alternatives(SCALARS.filter((n) => n.startsWith('_')))})"\\s*:\\s*${VALUE}`,
  'g',
);

/** A JSON string's contents with escapes undone; as found when they are broken (a skimmed entry's syntax is not checked). */
function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/** A matched value as JSON.parse would give it: a string's contents unescaped, a literal as its number or constant. */
function valueOf(text: string | undefined, literal: string | undefined): unknown {
  if (text !== undefined) return unescape(text);
  if (literal === 'true') return true;
  if (literal === 'false') return false;
  if (literal === 'null' || literal === undefined) return null;
  return Number(literal);
}

/** Where the JSON array or object whose contents begin at `from` ends: the index of its closing bracket. */
function closingBracket(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: its closing quote is the first not escaped by an odd run of backslashes.
      for (i = text.indexOf('"', i + 1); i > 0; i = text.indexOf('"', i + 1)) {
        let b = 0;
        while (text.charCodeAt(i - 1 - b) === 0x5c) b++;
        if (b % 2 === 0) break;
      }
      if (i < 0) return text.length;
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x5d || c === 0x7d) && --depth === 0) return i;
  }
  return text.length;
}

/** Every name/value pair in text[from, to): a cookie list's. */
function cookiePairs(text: string, from: number, to: number, into: unknown[]): void {
  const list = text.slice(from, to);
  ANY_PAIR.lastIndex = 0;
  for (let m = ANY_PAIR.exec(list); m; m = ANY_PAIR.exec(list)) {
    into.push({
      name: unescape(m[1] ?? m[6] ?? ''),
      value: m[1] !== undefined ? valueOf(m[2], m[3]) : valueOf(m[4], m[5]),
    });
  }
}

/** The content's MIME type, to tell base64 of text (which is decoded and read) from base64 of an image. */
const MIME_TYPE = /"mimeType"\s*:\s*"([^"]*)"/;

interface Part {
  headers: unknown[];
  cookies: unknown[];
  [field: string]: unknown;
}

/**
 * A stand-in for an entry in which nothing can be a JWT, a token field, a secret or an OAuth error, read without
 * parsing it (most of a HAR's entries are like this): the fields of ENTRY_FIELDS but the bodies, with the types
 * JSON.parse would give them. A scalar is taken where it first appears in its part of the entry, as a search for it
 * alone would find it: no match can begin inside a string, since a quote inside one is escaped. Name/value pairs
 * whose name and value are not next to each other are not seen.
 */
function skeleton(text: string): unknown {
  const requestAt = text.indexOf('"request"');
  const responseAt = text.indexOf('"response"');
  const request: Part = { headers: [], cookies: [] };
  const response: Part = { headers: [], cookies: [] };
  // Scalars by slot, the entry's and the response's; undefined until found (a value found is never undefined).
  const entryValues: unknown[] = [];
  const responseValues: unknown[] = [];
  // An exec loop: matchAll copies its regex on every call.
  SKIM_FIELDS.lastIndex = 0;
  for (let m = SKIM_FIELDS.exec(text); m; m = SKIM_FIELDS.exec(text)) {
    const inResponse = responseAt >= 0 && m.index > responseAt && (requestAt < responseAt || m.index < requestAt);
    const part = inResponse ? response : requestAt >= 0 && m.index > requestAt ? request : null;
    const name = m[1] ?? m[6];
    if (name !== undefined) {
      part?.headers.push({
        name: unescape(name),
        value: m[1] !== undefined ? valueOf(m[2], m[3]) : valueOf(m[4], m[5]),
      });
    } else if (m[7] !== undefined) {
      // A list that is not headers, read or passed over to its end here; the pattern goes on after it.
      const from = m.index + m[0].length - 1;
      const to = closingBracket(text, from);
      if (part && m[7] === 'cookies') cookiePairs(text, from, to, part.cookies);
      SKIM_FIELDS.lastIndex = to;
    } else {
      const slot = SLOT.get(m[8] ?? m[11] ?? '') ?? -1;
      // A name that is both the entry's and its response's goes to the part it is in; the entry's own names are its
      // wherever they are (Chromium writes `startedDateTime` and `time` after the response).
      const values = inResponse && IS_RESPONSE[slot] ? responseValues : IS_ENTRY[slot] ? entryValues : null;
      if (values && values[slot] === undefined)
        values[slot] = m[8] !== undefined ? valueOf(m[9], m[10]) : valueOf(m[12], m[13]);
    }
  }
  const entry: Record<string, unknown> = {};
  for (let i = 0; i < SCALARS.length; i++) {
    const name = SCALARS[i] ?? '';
    if (entryValues[i] !== undefined) entry[name] = entryValues[i];
    if (responseValues[i] !== undefined) response[name] = responseValues[i];
  }
  if (requestAt >= 0) {
    for (const [field, pattern] of REQUEST_FIELDS) {
      pattern.lastIndex = requestAt;
      const m = pattern.exec(text);
      if (m && (responseAt < requestAt || m.index < responseAt)) request[field] = valueOf(m[1], m[2]);
    }
  }
  entry.request = request;
  entry.response = response;
  return entry;
}

/** An entry from the text `HarEntryReader` found for it: its skeleton, or the parsed JSON. */
export function entryFromText(text: string, skim: boolean, index: number): unknown {
  if (skim) return skeleton(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HarFormatError(
      `the HAR file is not valid JSON in ${entryName(index)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

const enum Mode {
  /** Before the top-level `{`. */
  Start,
  Scanning,
  Done,
}

export class HarEntryReader {
  private store = new Uint8Array(0);
  /** The bytes not yet consumed: a view on `store`. */
  private buf = new Uint8Array(0);
  /** Scan position within `buf`. */
  private pos = 0;
  /** Absolute offset of `buf[0]` in the stream. */
  private base = 0;
  private mode = Mode.Start;
  private depth = 0;
  private inString = false;
  private stringStart = 0;
  /** Keys at depth 1 and 2, to recognise `log` and then `entries`. */
  private keys: Array<string | null> = [null, null, null];
  private lastString: string | null = null;
  private inEntries = false;
  private sawEntries = false;
  private sawLog = false;
  private entryStart = -1;
  private longStrings: Array<[number, number]> = [];
  /** The entry has a `postData` key in its request, a `"base64"` value in its response's content, a header ending in "key". */
  private postData = false;
  private base64 = false;
  private endsInKey = false;
  private readonly decoder = new TextDecoder();
  private readonly elideOver: number;
  private readonly maxString: number;
  count = 0;

  constructor(
    private readonly onEntry: (entry: unknown, index: number) => void,
    private readonly options: HarReaderOptions = {},
  ) {
    this.elideOver = options.elideOver ?? 512;
    this.maxString = options.maxString ?? MAX_FIELD_CHARS;
  }

  push(chunk: Uint8Array): void {
    if (this.mode === Mode.Done) return;
    // Keep what an unfinished entry (or string) still needs; drop the rest. The store grows by doubling, so
    // an entry that spans many chunks is copied a few times, not once per chunk.
    const keepFrom =
      this.entryStart >= 0 ? this.entryStart - this.base : this.inString ? this.stringStart - this.base : this.pos;
    const keptLength = this.buf.length - keepFrom;
    if (keptLength + chunk.length > this.store.length) {
      const bigger = new Uint8Array(Math.max(2 * this.store.length, keptLength + chunk.length, 1 << 16));
      bigger.set(this.buf.subarray(keepFrom), 0);
      this.store = bigger;
    } else if (keepFrom > 0) {
      this.store.copyWithin(0, keepFrom, this.buf.length);
    }
    this.store.set(chunk, keptLength);
    this.buf = this.store.subarray(0, keptLength + chunk.length);
    this.base += keepFrom;
    this.pos -= keepFrom;
    this.scan();
  }

  end(): void {
    if (this.mode === Mode.Start)
      throw new HarFormatError('not a HAR file: it is empty or does not start with a JSON object');
    if (this.inString || this.depth > 0) {
      throw new HarFormatError(
        `the HAR file is truncated: it ends inside ${this.inEntries ? entryName(this.count) : 'its header'} (${plural(this.count, 'complete entry', 'complete entries')} read)`,
      );
    }
    if (!this.sawEntries)
      throw new HarFormatError(
        this.sawLog ? 'not a HAR file: "log" has no "entries" array' : 'not a HAR file: there is no "log" object',
      );
  }

  private fail(message: string): never {
    this.mode = Mode.Done;
    throw new HarFormatError(message);
  }

  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    while (i < n) {
      if (this.inString) {
        // Most strings are short (header names, values): look a few bytes ahead before calling indexOf.
        let q = -1;
        for (let k = i, end = Math.min(n, i + 48); k < end; k++) {
          if (buf[k] === QUOTE) {
            q = k;
            break;
          }
        }
        if (q < 0) q = buf.indexOf(QUOTE, Math.min(n, i + 48));
        if (q < 0) {
          i = n;
          break;
        }
        let backslashes = 0;
        for (let j = q - 1; j >= 0 && buf[j] === BACKSLASH; j--) backslashes++;
        i = q + 1;
        if (backslashes % 2 === 1) continue;
        this.inString = false;
        this.closeString(q);
        continue;
      }
      if (this.depth > 3) {
        // Inside an entry (or a page) only strings and nesting matter: a tight loop over the bytes between
        // strings, which in a pretty-printed HAR are mostly indentation.
        let depth = this.depth;
        let c = 0;
        for (; i < n; i++) {
          c = buf[i] ?? 0; // i < n: always a byte
          if (c < QUOTE) continue; // whitespace: most of what lies between strings
          if (c === QUOTE) break;
          const bracket = c & 0xdf; // folds '{' onto '[' and '}' onto ']'
          if (bracket === 0x5b) depth++;
          else if (bracket === 0x5d && --depth === 3) break;
        }
        this.depth = depth;
        if (i >= n) break;
        if (c === QUOTE) {
          this.inString = true;
          this.stringStart = this.base + i;
        } else if (this.inEntries && this.entryStart >= 0) {
          this.emit(this.base + i + 1);
        }
        i++;
        continue;
      }
      const c = buf[i] ?? 0; // i < n: always a byte
      if (this.mode === Mode.Start) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) {
          i++; // whitespace, or the UTF-8 byte-order mark some tools write
          continue;
        }
        if (c !== 0x7b) this.fail('not a HAR file: it does not start with a JSON object');
        this.mode = Mode.Scanning;
      }
      if (
        this.inEntries &&
        this.depth === 3 &&
        c !== 0x7b &&
        c !== 0x5d &&
        c !== 0x2c &&
        c !== 0x20 &&
        c !== 0x0a &&
        c !== 0x0d &&
        c !== 0x09
      ) {
        this.fail(`not a HAR file: ${entryName(this.count)} is not an object`);
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          this.stringStart = this.base + i;
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (this.inEntries && this.depth === 3) {
            this.entryStart = this.base + i;
            this.longStrings = [];
            this.postData = false;
            this.base64 = false;
            this.endsInKey = false;
          }
          if (c === 0x5b && this.depth === 2 && this.keys[1] === 'log' && this.keys[2] === 'entries') {
            this.inEntries = true;
            this.sawEntries = true;
          }
          if (c === 0x7b && this.depth === 1 && this.keys[1] === 'log') this.sawLog = true;
          this.depth++;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          this.depth--;
          if (this.depth < 0) this.fail('not a HAR file: its brackets do not match');
          if (this.inEntries && this.depth === 3 && this.entryStart >= 0) this.emit(this.base + i + 1);
          else if (this.inEntries && this.depth === 2) this.inEntries = false;
          if (this.depth === 0) this.mode = Mode.Done;
          break;
        case 0x3a: // :
          if (this.depth <= 2 && this.lastString !== null) this.keys[this.depth] = this.lastString;
          break;
        default:
          break;
      }
      // A key is the string just before a ':'; anything structural in between means it was a value.
      if (c !== QUOTE && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0x3a) this.lastString = null;
      i++;
      if (this.mode === Mode.Done) break;
    }
    this.pos = i;
  }

  private closeString(closeAt: number): void {
    const start = this.stringStart - this.base;
    const length = closeAt - start - 1;
    if (this.depth <= 2) {
      this.lastString = length < 64 ? this.decoder.decode(this.buf.subarray(start + 1, closeAt)) : null;
    } else if (this.entryStart >= 0 && length >= this.elideOver && !this.isUrlValue(start)) {
      this.longStrings.push([this.stringStart, this.base + closeAt + 1]);
    } else if (length === 8 && this.depth === 5 && this.spells(start + 1, POST_DATA)) {
      this.postData = true;
    } else if (length === 6 && this.depth === 6 && this.spells(start + 1, BASE64)) {
      this.base64 = true;
    } else if (length >= 3 && this.depth === 7 && ((this.buf[closeAt - 1] ?? 0) | 0x20) === 0x79) {
      // A string of a header (or cookie) that ends in "key", in any case (`| 0x20` folds an ASCII letter to lower case).
      this.endsInKey ||=
        ((this.buf[closeAt - 2] ?? 0) | 0x20) === 0x65 && ((this.buf[closeAt - 3] ?? 0) | 0x20) === 0x6b;
    }
  }

  /**
   * Whether the string opening at `at` in `buf` is the value of a `"url"` key. A request's URL is never elided: its
   * host and parameters matter to the checks whether or not it looks like a token, and the skim keeps it whole too.
   */
  private isUrlValue(at: number): boolean {
    let k = at - 1;
    const skipSpace = () => {
      while (k >= 0 && (this.buf[k] === 0x20 || this.buf[k] === 0x0a || this.buf[k] === 0x0d || this.buf[k] === 0x09))
        k--;
    };
    skipSpace();
    if (this.buf[k] !== 0x3a) return false;
    k--;
    skipSpace();
    return k >= 4 && this.spells(k - 4, URL_KEY_BYTES);
  }

  /** Whether the bytes at `at` in `buf` are `word`'s. */
  private spells(at: number, word: Uint8Array): boolean {
    for (let k = 0; k < word.length; k++) if (this.buf[at + k] !== word[k]) return false;
    return true;
  }

  /**
   * Whether the entry just read can be skimmed: what the skeleton drops must not matter. A request body is read
   * whole (form fields, a grant type), so an entry with one (a `postData` key in its request) is parsed; so is a
   * base64 content of text (a `"base64"` in its content), which is decoded before it is read, and an entry with a
   * header named `…key` (an API key: locate reads it), which ENTRY_FIELDS.headers leaves out.
   */
  private skimmable(outline: string): boolean {
    if (this.postData || this.endsInKey) return false;
    return !this.base64 || !TEXTUAL.test(MIME_TYPE.exec(outline)?.[1] ?? '');
  }

  /** Whether a long string might hold something the analysis looks for. */
  private mayMatter(start: number, end: number): boolean {
    return MAY_MATTER.test(this.text(start, end));
  }

  private text(start: number, end: number): string {
    return this.decoder.decode(this.buf.subarray(start - this.base, end - this.base));
  }

  /** Whether the long string at `start` is the value of a `"text"` key: a body (`content.text`, `postData.text`). */
  private isBody(start: number): boolean {
    const buf = this.buf;
    let i = start - this.base - 1;
    while (i >= 0 && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i--;
    if (buf[i] !== 0x3a) return false;
    i--;
    while (i >= 0 && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i--;
    // `"text"` ends at i: the five bytes before it spell `"text`.
    return (
      i >= 5 &&
      buf[i] === QUOTE &&
      buf[i - 1] === 0x74 &&
      buf[i - 2] === 0x78 &&
      buf[i - 3] === 0x65 &&
      buf[i - 4] === 0x74 &&
      buf[i - 5] === QUOTE
    );
  }

  private emit(endAbs: number): void {
    const start = this.entryStart;
    const index = this.count++;
    this.entryStart = -1;
    const whole = this.text(start, endAbs);
    const outline = this.options.skim !== false && !MAY_MATTER.test(whole) ? this.outline(whole, start, endAbs) : null;
    if (outline !== null && this.skimmable(outline)) {
      if (this.options.onText) this.options.onText(outline, true, index);
      else this.onEntry(skeleton(outline), index);
      return;
    }
    let text = '';
    let from = start;
    for (const [s, e] of this.longStrings) {
      const matters = this.mayMatter(s, e);
      if (matters && e - s <= this.maxString) continue;
      if (matters)
        this.options.onNote?.(
          `${entryName(index)}: a ${Math.round((e - s) / 1e6)} MB field was too large to search for tokens`,
        );
      text += `${this.text(from, s)}""`;
      from = e;
    }
    text = from === start ? whole : text + this.text(from, endAbs);
    if (this.options.onText) {
      this.options.onText(text, false, index);
      return;
    }
    let entry: unknown;
    try {
      entry = entryFromText(text, false, index);
    } catch (err) {
      this.fail((err as Error).message);
    }
    this.onEntry(entry, index);
  }

  /**
   * The entry without its bodies (each `"text"` value longer than `elideOver` becomes ""): what the skeleton's
   * patterns read. They cannot match inside a string's contents (its quotes are escaped), so they find in the
   * outline what they would find in the whole entry, in less text. Cut from the decoded text only when it is
   * ASCII, where a byte's offset is its character's.
   */
  private outline(whole: string, start: number, end: number): string {
    if (!this.longStrings.length || whole.length !== end - start) return whole;
    let out = '';
    let from = 0;
    for (const [s, e] of this.longStrings) {
      if (!this.isBody(s)) continue;
      out += `${whole.slice(from, s - start)}""`;
      from = e - start;
    }
    return from === 0 ? whole : out + whole.slice(from);
  }
}

/** Reads a whole HAR held in memory (an imported file in the panel, a fixture in a test). */
export function readHarBytes(
  bytes: Uint8Array,
  onEntry: (entry: unknown, index: number) => void,
  options?: HarReaderOptions,
): number {
  const reader = new HarEntryReader(onEntry, options);
  reader.push(bytes);
  reader.end();
  return reader.count;
}
