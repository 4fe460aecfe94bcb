/**
 * The one redaction point: what a report, a URL or a line of text looks like when nothing secret may be shown.
 * Every output passes through it: the analysis redacts the report it builds (unless raw values were asked for), so
 * the table, JSON, SARIF, JUnit, HTML and the panel's view and export all start from a redacted report; the
 * panel's cURL copy and the CLI's messages call `redactUrl` and `redactText` themselves.
 *
 * What counts as secret: a JWT (token/jwt-text), a secret the rules know (find/secrets), a value under a
 * credential name (token/redact's CREDENTIAL_NAMES), URL userinfo, and any token the capture itself holds (so a
 * server that echoes an opaque token in WWW-Authenticate does not print it). URL parts are percent-decoded (up to
 * three times) before they are matched, so `%2e` or `%5F` spellings hide nothing.
 *
 * Deliberately not done: guessing secrets by entropy (a report full of masked ids helps no one), and escaping
 * invisible characters, which each output does for its own medium (util/escape).
 */
import type { Report } from '../model/report.js';
import type { Claims } from '../model/token.js';
import { jwtsIn, looksLikeJwt, maskJwts } from '../token/jwt-text.js';
import { CREDENTIAL_NAMES, redacted, redactClaims } from '../token/redact.js';
import { findSecrets, redactSecret } from './secrets.js';

/** Raw tokens the capture holds: masked wherever they appear whole. Shorter values are too likely to be words. */
export type KnownTokens = ReadonlySet<string>;
const MIN_KNOWN = 8;

const isMask = (s: string) => s.startsWith('[redacted');

/** How many of `s`'s last characters are in `chars`: a loop, since `/[…]+$/` rescans a long run from every start. */
function trailing(s: string, chars: string): number {
  let n = 0;
  while (n < s.length && chars.includes(s[s.length - 1 - n] ?? '')) n++;
  return n;
}

function pctDecode(s: string, plus: boolean): string {
  let out = plus ? s.replace(/\+/g, ' ') : s;
  for (let i = 0; i < 3 && out.includes('%'); i++) {
    let next: string;
    try {
      next = decodeURIComponent(out);
    } catch {
      next = out.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Runs of characters an opaque token is made of (printable ASCII), cut at the characters that quote or list it in
 * text. A known token is looked up as the whole run, after the run's first `=` (`access_token=…`), and without the
 * punctuation that ends a sentence; a token holding a quote, comma, bracket, `&` or `;` is not recognised here (the
 * other rules still apply to it).
 */
const RUN = /[^\s"'`<>,;&()[\]{}\u0000-\u0020\u007f-\uffff]+/g;

/** Where in `run` a known token is, or null. */
function knownSpan(run: string, known: KnownTokens): [number, number] | null {
  if (run.length < MIN_KNOWN) return null;
  const eq = run.indexOf('=');
  const end = run.length - trailing(run, '.:!?');
  for (const start of eq > 0 ? [0, eq + 1] : [0]) {
    for (const stop of end < run.length ? [run.length, end] : [run.length]) {
      if (stop - start >= MIN_KNOWN && known.has(run.slice(start, stop))) return [start, stop];
    }
  }
  return null;
}

function holdsKnown(text: string, known: KnownTokens): boolean {
  if (!known.size) return false;
  for (const m of text.matchAll(RUN)) if (knownSpan(m[0], known)) return true;
  return false;
}

function maskKnown(text: string, known: KnownTokens): string {
  if (!known.size) return text;
  return text.replace(RUN, (run) => {
    const span = knownSpan(run, known);
    return span
      ? `${run.slice(0, span[0])}[redacted token: ${span[1] - span[0]} characters]${run.slice(span[1])}`
      : run;
  });
}

/**
 * Whether a value under this name is a credential. Every credential name counts, except `code` holding a number: an
 * error code (Entra's lookup link `…/error?code=65004`), where an authorization code is a long opaque string.
 */
function isCredential(name: string, value: string): boolean {
  const n = name.trim().toLowerCase();
  return CREDENTIAL_NAMES.has(n) && !(n === 'code' && /^\d{1,9}$/.test(value));
}

/**
 * What a URL part (a query or fragment value, a path segment) becomes, or null to keep it: the whole part is
 * replaced when it is, holds or is named as a credential, since a part cut around the secret would still be usable.
 */
function maskPart(name: string | null, raw: string, known: KnownTokens, plus: boolean): string | null {
  const value = raw.includes('%') || (plus && raw.includes('+')) ? pctDecode(raw, plus) : raw;
  if (!value || isMask(value)) return null;
  if (name !== null && isCredential(pctDecode(name, plus), value)) return redacted(value);
  // Every JWT, secret rule and known token is longer than this: most path segments stop here.
  if (value.length < MIN_KNOWN) return null;
  if (looksLikeJwt(value)) return `[redacted JWT: ${value.length} characters]`;
  const secret = findSecrets(value, '')[0];
  if (secret) return `[redacted: ${redactSecret(secret)}]`;
  if ((value.includes('ey') && jwtsIn(value).length) || holdsKnown(value, known)) return redacted(value);
  return null;
}

/** `a=b&c=d` (a query, or a fragment in implicit-flow form) with every secret value masked. */
function redactPairs(s: string, known: KnownTokens): string {
  return s
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? null : pair.slice(0, eq);
      const value = eq < 0 ? pair : pair.slice(eq + 1);
      const masked = maskPart(name, value, known, true);
      return masked === null ? pair : name === null ? masked : `${name}=${masked}`;
    })
    .join('&');
}

/** A path, query and fragment (the URL after its authority, or a SPA route in a fragment). */
function redactRef(s: string, known: KnownTokens, depth: number): string {
  const hash = s.indexOf('#');
  const beforeHash = hash < 0 ? s : s.slice(0, hash);
  const q = beforeHash.indexOf('?');
  const path = q < 0 ? beforeHash : beforeHash.slice(0, q);
  let out = path
    .split('/')
    .map((seg) => maskPart(null, seg, known, false) ?? seg)
    .join('/');
  if (q >= 0) out += `?${redactPairs(beforeHash.slice(q + 1), known)}`;
  if (hash >= 0) {
    const frag = s.slice(hash + 1);
    // `#/route?access_token=…` (hash routing) is a path and a query of its own; `#access_token=…&state=…` is pairs.
    out += `#${
      frag.includes('?') && depth < 2
        ? redactRef(frag, known, depth + 1)
        : frag.includes('=')
          ? redactPairs(frag, known)
          : frag
              .split('/')
              .map((seg) => maskPart(null, seg, known, false) ?? seg)
              .join('/')
    }`;
  }
  return out;
}

const AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#\\]*)/;

/**
 * A URL with its userinfo, every secret query and fragment value and every secret path segment masked. A URL that
 * holds none is returned unchanged, character for character.
 */
export function redactUrl(url: string, known: KnownTokens = new Set()): string {
  const m = AUTHORITY.exec(url);
  if (!m) return redactRef(url, known, 0);
  const [whole, scheme = '', authority = ''] = m;
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : `${redacted(authority.slice(0, at))}@${authority.slice(at + 1)}`;
  return `${scheme}${host}${redactRef(url.slice(whole.length), known, 0)}`;
}

// A URL in text starts where a run of scheme characters starts (the lookbehind keeps the search linear) and ends at
// white space, a quote or an angle bracket; trailing punctuation is the sentence's, not the URL's.
const URL_IN_TEXT = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s"'<>`]*/g;
const SENTENCE_END = ').,;:!?]';

const NAMES = [...CREDENTIAL_NAMES]
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[-]/g, '\\-'))
  .join('|');
/**
 * `name=value` and `"name": "value"` pairs under a credential name in free text (quoted server text, a form body
 * in a message): `error_description="…" access_token=…`. A value already masked is left alone.
 */
const PAIR_IN_TEXT = new RegExp(
  `(?<![A-Za-z0-9_-])(?:(${NAMES})(\\s*=\\s*)(?!\\[redacted)("[^"]*"|'[^']*'|[^\\s&#"',;<>)]+)|"(${NAMES})"(\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)")`,
  'gi',
);

/**
 * The piece of its input V8 quotes in a JSON.parse error (`Unexpected token 'x', ..."{"password":"hun"... is not
 * valid JSON`): ten characters either side of the fault, which may be a cut secret no rule recognises.
 */
const V8_SNIPPET = /, (?:\.\.\.)?"[\s\S]{0,200}?"(?:\.\.\.)? is not valid JSON/g;

/**
 * Text (a message, a note, quoted server text, a claim's value) with every URL redacted (`redactUrl`), every
 * credential-named pair, JWT, known secret and known token masked, and a V8 JSON error's quote of its input left
 * out. Text that holds none comes back unchanged.
 */
export function redactText(text: string, known: KnownTokens = new Set()): string {
  let out = text.includes(' is not valid JSON') ? text.replace(V8_SNIPPET, ': not valid JSON') : text;
  if (out.includes('://')) {
    out = out.replace(URL_IN_TEXT, (u) => {
      const cut = u.length - trailing(u, SENTENCE_END);
      return redactUrl(u.slice(0, cut), known) + u.slice(cut);
    });
  }
  if (out.includes('=') || out.includes('"'))
    out = out.replace(
      PAIR_IN_TEXT,
      (m, name?: string, eq?: string, value?: string, jname?: string, colon?: string, jvalue?: string) => {
        if (name !== undefined && eq !== undefined && value !== undefined) {
          const quote = /^["']/.test(value) ? value[0] : '';
          const inner = quote ? value.slice(1, -1) : value;
          return inner && !isMask(inner) && isCredential(name, inner)
            ? `${name}${eq}${quote}${redacted(inner)}${quote}`
            : m;
        }
        return jvalue && !isMask(jvalue) ? `"${jname}"${colon}"${redacted(jvalue)}"` : m;
      },
    );
  if (out.includes('ey')) out = maskJwts(out, (jwt) => `[redacted JWT: ${jwt.length} characters]`);
  // findSecrets stops at 20 secrets a text: a few rounds, each masking what it found.
  for (let round = 0; round < 5; round++) {
    const hits = findSecrets(out, '');
    if (!hits.length) break;
    for (const hit of hits) out = out.split(hit.secret).join(`[redacted: ${redactSecret(hit)}]`);
  }
  return out.length >= MIN_KNOWN ? maskKnown(out, known) : out;
}

export interface ReportRedaction {
  /** Personal claims redacted too (exports); the panel's own view keeps them. */
  personal: boolean;
  /** The capture's raw tokens, masked wherever they appear. */
  known: KnownTokens;
}

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/;

/** Keys whose values are claims-shaped objects: redacted by name at any depth, their strings as text. */
const CLAIMS_KEYS = new Set(['claims', 'header', 'fields']);

/** Keys whose string values are Bearerscope's own words (codes, enumerations), never captured text: not searched. */
const OWN_WORDS = new Set([
  'tool',
  'code',
  'severity',
  'kind',
  'where',
  'format',
  'family',
  'type',
  'policy',
  'clientAuth',
  'validityWhenSent',
  'id',
]);

/**
 * The report with nothing secret left in it: claims by name at any depth, and every other string as text. Walks
 * the whole report rather than a list of fields, so that a field added later is redacted without being named here.
 */
export function redactReport(report: Report, { personal, known }: ReportRedaction): Report {
  const cache = new Map<string, string>();
  const text = (s: string) => {
    // Most strings of a report are short words, numbers and dates: nothing in them can be a secret.
    if ((s.length < MIN_KNOWN && !s.includes('=')) || ISO_DATE.test(s)) return s;
    let r = cache.get(s);
    if (r === undefined) {
      r = redactText(s, known);
      if (cache.size < 50_000) cache.set(s, r);
    }
    return r;
  };
  const walk = (v: unknown, key: string | null): unknown => {
    // A URL field may be relative (no scheme for redactText to find): its path and query are read as a URL's.
    if (typeof v === 'string')
      return key !== null && OWN_WORDS.has(key)
        ? v
        : key === 'url' && !v.includes('://')
          ? text(redactUrl(v, known))
          : text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (key !== null && CLAIMS_KEYS.has(key)) return redactClaims(v as Claims, { personal, text });
    const out: Record<string, unknown> = {};
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: walk(o[k], k), enumerable: true, writable: true, configurable: true });
      else out[k] = walk(o[k], k);
    }
    return out;
  };
  return walk(report, null) as Report;
}

/** The raw tokens worth masking by value: those long enough not to be ordinary words. */
export function knownTokens(raws: Iterable<string>): KnownTokens {
  const out = new Set<string>();
  for (const raw of raws) if (raw.length >= MIN_KNOWN) out.add(raw);
  return out;
}
