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


export class HarFormatError extends Error {
  override name = 'HarFormatError';
}

export interface HarReaderOptions {
  /** Strings at least this long are checked for token-like text and elided when they have none. */
  elideOver?: number;
  /** Strings longer than this are never parsed (a note is made); the analysis cuts fields there anyway. */
  maxString?: number;
  /**
   * Reduce entries with nothing token-like in them to the few fields the clock-skew check reads, without
   * parsing them (default true). Such an entry's JSON syntax is then not checked either.
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
const BACKSLASH = 0x5c;
/**
 * What an entry or a string must contain to possibly matter: a JWT, a "token" name, a Bearer header, a
 * client secret, an OAuth error parameter, or what a secret rule looks for (src/core/find/secrets.ts). Case variants are
 * spelled out: a case-insensitive "eyJ" would match one base64 body in ten, and a bare "error" most scripts. Every
 * alternative added here slows the one pass over every byte (measured: four more made it 2–4 times slower);
 * credential and API-key headers are read by the skeleton instead.
 */
const TOKENISH = /eyJ|oken|OKEN|earer|EARER|ecret|ECRET|[?&#]error=/;
// Two tests, not one alternation: V8 runs the pair about twice as fast as the two joined.
/**
 * Or keys: a JWKS names each key's "kty", a discovery document its "jwks_uri". Separate `includes`, not more
 * alternatives: measured on the bench's 315 MB HAR, adding "kty" to the regex made the scan some 25 % slower,
 * while the native substring searches were lost in the noise.
 */
const MAY_MATTER = { test: (text: string) => TOKENISH.test(text) || SECRET_HINT.test(text) || text.includes('kty') || text.includes('jwks_uri') };

/**
 * What the clock-skew and capture-stripped checks and locate need of an entry that holds nothing else of interest:
 * its times, status, URL and method, Chromium's and Safari's cache marks, and the headers `Date`, `Age`, the
 * shared caches' status (`X-Cache`, `CF-Cache-Status`, `X-Cache-Status`, `X-Proxy-Cache`), `User-Agent`, `Cookie`,
 * `Set-Cookie` and `Authorization`.
 */
const URL_KEY = /"url"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"/y;
const METHOD = /"method"\s*:\s*"([A-Za-z]*)"/g;
// Case variants spelled out, as in MAY_MATTER: a case-insensitive regex is slower here.
const SKIM_NAMES = '([Dd]ate|DATE|[Aa]ge|AGE|[Xx]-[Cc]ache(?:-[Ss]tatus)?|X-CACHE(?:-STATUS)?|[Cc][Ff]-[Cc]ache-[Ss]tatus|CF-CACHE-STATUS|[Xx]-[Pp]roxy-[Cc]ache|X-PROXY-CACHE|[Uu]ser-[Aa]gent|USER-AGENT|(?:[Ss]et-)?[Cc]ookie|(?:SET-)?COOKIE|(?:[Pp]roxy-)?[Aa]uthorization|(?:PROXY-)?AUTHORIZATION)';
/** A JSON string's contents, as an unrolled loop: an alternation tried at every character costs twice as much. */
const STRING_BODY = '([^"\\\\]*(?:\\\\.[^"\\\\]*)*)';
/**
 * The skeleton's fields in one pattern: those headers (name before value: groups 1–2, or after: 3–4),
 * `startedDateTime` (5), `time` (6), `status` (7), and Chromium's and Safari's own `_fromCache`, `_fetchType`,
 * `_resourceType`, `_transferSize` (8–10; no leading quote: 3 × faster). One pass costs less than one per field.
 */
const SKIM_FIELDS = new RegExp(
  `"(?:name"\\s*:\\s*"${SKIM_NAMES}"\\s*,\\s*"value"\\s*:\\s*"${STRING_BODY}"|value"\\s*:\\s*"${STRING_BODY}"\\s*,\\s*"name"\\s*:\\s*"${SKIM_NAMES}"` +
    `|startedDateTime"\\s*:\\s*"([^"]*)"|time"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)|status"\\s*:\\s*(\\d+))` +
    `|_(fromCache|fetchType|resourceType|transferSize)"\\s*:\\s*(?:"([^"]*)"|(-?[\\d.]+|true|false|null))`,
  'g',
);
/** An API key's header (`apikey`, `X-Api-Key`, `Ocp-Apim-Subscription-Key`): an entry with one is parsed, for locate. Tried only when the entry holds `ey"`. */
const API_KEY_NAME = /"[\w-]*(?:[Aa]pi|API)[-_]?(?:[Kk]ey|KEY)"|"[\w-]*(?:[Ss]ubscription-[Kk]ey|SUBSCRIPTION-KEY)"/;

/** `ey"` or `EY"`: one regex runs about twice as fast as two `includes` over the same text. */
const NAME_ENDS_KEY = /ey"|EY"/;

/** Whether the request part of an entry names an API key's header: `ey"` first (a fast search), then the name. */
function hasApiKeyHeader(entry: string): boolean {
  const requestAt = entry.indexOf('"request"');
  const responseAt = entry.indexOf('"response"', requestAt);
  const request = requestAt >= 0 && responseAt > requestAt ? entry.slice(requestAt, responseAt) : entry;
  return NAME_ENDS_KEY.test(request) && API_KEY_NAME.test(request);
}

/** A JSON string's contents with escapes undone; as found when they are broken (a skimmed entry's syntax is not checked). */
function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  try {
    return JSON.parse(`"${s}"`) as string;
  } catch {
    return s;
  }
}

/**
 * A stand-in for an entry in which nothing can be a JWT, a token field, a secret or an OAuth error, read without
 * parsing it (most of a HAR's entries are like this). Cookie lists (`request.cookies`) are not read: the `Cookie`
 * header holds the same.
 */
function skeleton(text: string): unknown {
  const requestAt = text.indexOf('"request"');
  const responseAt = text.indexOf('"response"');
  const requestHeaders: Array<{ name: string; value: string }> = [];
  const responseHeaders: Array<{ name: string; value: string }> = [];
  let startedDateTime: string | undefined;
  let time: string | undefined;
  let status: string | undefined;
  let fromCache: string | true | undefined;
  let fetchType: string | undefined;
  let resourceType: string | undefined;
  let transferZero = false;
  // One pass for every field (an exec loop: matchAll copies its regex on every call). Each field is taken where
  // it first appears, as a search for it alone would find it: no match can begin inside another, since a quote
  // inside a string is escaped.
  SKIM_FIELDS.lastIndex = 0;
  for (let m = SKIM_FIELDS.exec(text); m; m = SKIM_FIELDS.exec(text)) {
    const name = m[1] ?? m[4];
    if (name !== undefined) {
      const header = { name, value: unescape(m[2] ?? m[3] ?? '') };
      const inResponse = responseAt >= 0 && m.index > responseAt && (requestAt < responseAt || m.index < requestAt);
      (inResponse ? responseHeaders : requestHeaders).push(header);
    } else if (m[5] !== undefined) startedDateTime ??= m[5];
    else if (m[6] !== undefined) time ??= m[6];
    else if (m[7] !== undefined) status ??= m[7];
    else {
      const value = m[9] ?? m[10] ?? '';
      if (m[8] === 'fromCache') fromCache = m[9] !== undefined ? value : value === 'true' ? true : undefined;
      else if (m[8] === 'fetchType') fetchType = value;
      else if (m[8] === 'resourceType') resourceType = value;
      else transferZero = m[10] === '0';
    }
  }
  let url = '';
  if (requestAt >= 0) {
    const from = text.indexOf('"url"', requestAt);
    URL_KEY.lastIndex = from;
    const m = from >= 0 ? URL_KEY.exec(text) : null;
    if (m?.[1] !== undefined) url = unescape(m[1]);
  }
  METHOD.lastIndex = Math.max(0, requestAt);
  const request = { method: requestAt >= 0 ? METHOD.exec(text)?.[1] : undefined, url, headers: requestHeaders };
  return {
    startedDateTime,
    time: Number(time ?? 0),
    _fromCache: fromCache,
    _resourceType: resourceType,
    _fetchType: fetchType,
    request,
    response: { status: Number(status ?? 0), headers: responseHeaders, ...(transferZero ? { _transferSize: 0 } : {}) },
  };
}

/** An entry from the text `HarEntryReader` found for it: its skeleton, or the parsed JSON. */
export function entryFromText(text: string, skim: boolean, index: number): unknown {
  if (skim) return skeleton(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HarFormatError(`the HAR file is not valid JSON in ${entryName(index)}: ${err instanceof Error ? err.message : String(err)}`);
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
  private readonly decoder = new TextDecoder();
  private readonly elideOver: number;
  private readonly maxString: number;
  count = 0;

  constructor(private readonly onEntry: (entry: unknown, index: number) => void, private readonly options: HarReaderOptions = {}) {
    this.elideOver = options.elideOver ?? 512;
    this.maxString = options.maxString ?? MAX_FIELD_CHARS;
  }

  push(chunk: Uint8Array): void {
    if (this.mode === Mode.Done) return;
    // Keep what an unfinished entry (or string) still needs; drop the rest. The store grows by doubling, so
    // an entry that spans many chunks is copied a few times, not once per chunk.
    const keepFrom = this.entryStart >= 0 ? this.entryStart - this.base : this.inString ? this.stringStart - this.base : this.pos;
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
    if (this.mode === Mode.Start) throw new HarFormatError('not a HAR file: it is empty or does not start with a JSON object');
    if (this.inString || this.depth > 0) {
      throw new HarFormatError(`the HAR file is truncated: it ends inside ${this.inEntries ? entryName(this.count) : 'its header'} (${plural(this.count, 'complete entry', 'complete entries')} read)`);
    }
    if (!this.sawEntries) throw new HarFormatError(this.sawLog ? 'not a HAR file: "log" has no "entries" array' : 'not a HAR file: there is no "log" object');
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
      if (this.inEntries && this.depth === 3 && c !== 0x7b && c !== 0x5d && c !== 0x2c && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
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
    } else if (this.entryStart >= 0 && length >= this.elideOver) {
      this.longStrings.push([this.stringStart, this.base + closeAt + 1]);
    }
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
    return i >= 5 && buf[i] === QUOTE && buf[i - 1] === 0x74 && buf[i - 2] === 0x78 && buf[i - 3] === 0x65 && buf[i - 4] === 0x74 && buf[i - 5] === QUOTE;
  }

  private emit(endAbs: number): void {
    const start = this.entryStart;
    const index = this.count++;
    this.entryStart = -1;
    const whole = this.text(start, endAbs);
    if (this.options.skim !== false && !MAY_MATTER.test(whole) && !hasApiKeyHeader(whole)) {
      const outline = this.outline(whole, start, endAbs);
      if (this.options.onText) this.options.onText(outline, true, index);
      else this.onEntry(skeleton(outline), index);
      return;
    }
    let text = '';
    let from = start;
    for (const [s, e] of this.longStrings) {
      const matters = this.mayMatter(s, e);
      if (matters && e - s <= this.maxString) continue;
      if (matters) this.options.onNote?.(`${entryName(index)}: a ${Math.round((e - s) / 1e6)} MB field was too large to search for tokens`);
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
export function readHarBytes(bytes: Uint8Array, onEntry: (entry: unknown, index: number) => void, options?: HarReaderOptions): number {
  const reader = new HarEntryReader(onEntry, options);
  reader.push(bytes);
  reader.end();
  return reader.count;
}
