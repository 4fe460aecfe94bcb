/**
 * Reads `log.entries` out of a HAR as bytes arrive, one entry at a time, so a HAR of any size is scanned in
 * memory bounded by its largest entry rather than by the file (V8 cannot even hold a string over ~512 MB).
 *
 * It finds each entry's bytes with a small scanner (it jumps over strings with the native `indexOf`), then
 * `JSON.parse`s that entry alone. Long strings that cannot hold a token (no "eyJ", "token", "Bearer",
 * "secret" or "error" in them) are replaced by "" before parsing: bodies are most of a HAR's bytes and
 * almost never matter, so this is where the time and memory go unspent.
 */
import { plural } from './plural.js';

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
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/**
 * What an entry or a string must contain to possibly matter: a JWT, a "token" name, a Bearer header, a
 * client secret, an OAuth error parameter. Case variants are spelled out: a case-insensitive "eyJ" would
 * match one base64 body in ten, and a bare "error" most scripts.
 */
const TOKENISH = /eyJ|oken|OKEN|earer|EARER|ecret|ECRET|[?&#]error=/;
/**
 * Or keys: a JWKS names each key's "kty", a discovery document its "jwks_uri". Separate `includes`, not more
 * alternatives: measured on the bench's 315 MB HAR, adding "kty" to the regex made the scan some 25 % slower,
 * while the native substring searches were lost in the noise.
 */
const MAY_MATTER = { test: (text: string) => TOKENISH.test(text) || text.includes('kty') || text.includes('jwks_uri') };

/** What the clock-skew check needs of an entry that holds nothing else of interest. */
const STARTED = /"startedDateTime"\s*:\s*"([^"]*)"/;
const TIME = /"time"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/;
const STATUS = /"status"\s*:\s*(\d+)/;
const DATE_HEADER = /"name"\s*:\s*"date"\s*,\s*"value"\s*:\s*"([^"]*)"|"value"\s*:\s*"([^"]*)"\s*,\s*"name"\s*:\s*"date"/gi;

/**
 * A stand-in for an entry in which nothing can be a token, a secret or an OAuth error: only its times, status
 * and `Date` header, read without parsing the whole entry (most of a HAR's entries are like this).
 */
function skeleton(text: string): unknown {
  let date: string | undefined;
  for (const m of text.matchAll(DATE_HEADER)) date = m[1] ?? m[2]; // the response's headers come last
  return {
    startedDateTime: STARTED.exec(text)?.[1],
    time: Number(TIME.exec(text)?.[1] ?? 0),
    request: {},
    response: { status: Number(STATUS.exec(text)?.[1] ?? 0), headers: date === undefined ? [] : [{ name: 'date', value: date }] },
  };
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
    this.maxString = options.maxString ?? 2_000_000;
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
      throw new HarFormatError(`the HAR file is truncated: it ends inside ${this.inEntries ? `entry #${this.count}` : 'its header'} (${plural(this.count, 'complete entry', 'complete entries')} read)`);
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
        this.fail(`not a HAR file: entry #${this.count} is not an object`);
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
    const text = this.decoder.decode(this.buf.subarray(start - this.base, end - this.base));
    return MAY_MATTER.test(text);
  }

  private emit(endAbs: number): void {
    const start = this.entryStart;
    const index = this.count++;
    this.entryStart = -1;
    const whole = this.decoder.decode(this.buf.subarray(start - this.base, endAbs - this.base));
    if (this.options.skim !== false && !MAY_MATTER.test(whole)) {
      this.onEntry(skeleton(whole), index);
      return;
    }
    let text = '';
    let from = start;
    for (const [s, e] of this.longStrings) {
      const matters = this.mayMatter(s, e);
      if (matters && e - s <= this.maxString) continue;
      if (matters) this.options.onNote?.(`entry #${index}: a ${Math.round((e - s) / 1e6)} MB field was too large to search for tokens`);
      text += this.decoder.decode(this.buf.subarray(from - this.base, s - this.base)) + '""';
      from = e;
    }
    text = from === start ? whole : text + this.decoder.decode(this.buf.subarray(from - this.base, endAbs - this.base));
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch (err) {
      this.fail(`the HAR file is not valid JSON in entry #${index}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.onEntry(entry, index);
  }
}

/** Reads a whole HAR held in memory (an imported file in the panel, a fixture in a test). */
export function readHarBytes(bytes: Uint8Array, onEntry: (entry: unknown, index: number) => void, options?: HarReaderOptions): number {
  const reader = new HarEntryReader(onEntry, options);
  reader.push(bytes);
  reader.end();
  return reader.count;
}
