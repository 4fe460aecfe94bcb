/** Where tokens are found in one HAR entry. Deciding what a token *is* happens later, in classify. */
import type { Entry, NameValue } from '../model/entry.js';
import { parseJsonObject } from '../util/json.js';
import { jwtsIn, looksLikeJwt } from '../token/jwt-text.js';
import { ANTI_FORGERY_NAME } from '../token/anti-forgery.js';
import { MAX_TOKEN_CHARS, MAX_TOKENS_IN_TEXT } from '../util/limits.js';
import { isPublicIdentifier } from './secrets.js';
import type { Candidate, RequestPlace, Role } from '../model/places.js';

/** Printable, no spaces: what an opaque token in a named field looks like. */
const OPAQUE = /^[\x21-\x7e]{16,}$/;

const ROLES: Array<[RegExp, Role]> = [
  [/^access_?token$/i, 'access'],
  [/^id_?token$/i, 'id'],
  [/^refresh_?token$/i, 'refresh'],
  [/^(spapptoken|(sp_?)?(app_?)?context_?token)$/i, 'context'],
  [/^(token|jwt|bearer|auth_?token|assertion|client_assertion|subject_token|actor_token)$/i, null],
];

/** The role a field name implies, or undefined when the name is not a token's name at all. */
export function roleOfName(name: string): Role | undefined {
  for (const [re, role] of ROLES) if (re.test(name)) return role;
  return undefined;
}

/** A named value that holds a token: any JWT, or an opaque value in a field whose name says "token". */
function fromField(field: NameValue, where: RequestPlace): Candidate | null {
  const value = field.value.trim();
  if (!value || value.length > MAX_TOKEN_CHARS || isPlaceholder(value)) return null;
  const role = roleOfName(field.name);
  if (looksLikeJwt(value)) return { raw: value, where, name: field.name, role: role ?? null };
  if (role !== undefined && OPAQUE.test(value)) return { raw: value, where, name: field.name, role };
  return null;
}

function fromFields(fields: readonly NameValue[], where: RequestPlace): Candidate[] {
  return fields.map((f) => fromField(f, where)).filter((c): c is Candidate => c !== null);
}

/**
 * `Bearer <credentials>` inside text: a header block carried in a form field (Firestore's WebChannel posts
 * `headers=…Authorization:Bearer eyJ…`), a logged request. Each match starts at a "Bearer" and its run is capped,
 * so the work is linear in the text.
 */
const BEARER_IN_TEXT = /\bbearer[ :]+([A-Za-z0-9._~+/-]{16,4096}=*)/gi;

/** Tokens inside a field's text, when the field is not a token as a whole: bearer credentials, then any other JWT. */
function tokensInText(text: string, where: RequestPlace, name: string): Candidate[] {
  const out: Candidate[] = [];
  if (/bearer/i.test(text)) {
    for (const m of text.matchAll(BEARER_IN_TEXT)) {
      const raw = m[1] ?? '';
      if (out.length >= MAX_TOKENS_IN_TEXT) break;
      if ((looksLikeJwt(raw) || OPAQUE.test(raw)) && !isPlaceholder(raw))
        out.push({ raw, where, name, role: 'access', scheme: 'Bearer' });
    }
  }
  if (text.includes('ey'))
    for (const c of jwtsInText(text, where, name)) if (!out.some((o) => o.raw === c.raw)) out.push(c);
  return out;
}

/** Tokens in named fields: a field that is a token as a whole, else the tokens inside its text. */
function fromFieldsAndText(fields: readonly NameValue[], where: RequestPlace): Candidate[] {
  return fields.flatMap((f) => {
    const whole = fromField(f, where);
    return whole ? [whole] : f.value.length >= 16 ? tokensInText(f.value, where, f.name) : [];
  });
}

/**
 * `Authorization` schemes whose credentials are not bearer tokens: a password (Basic, checked as a client
 * secret in entry-checks), a challenge-response (Digest, NTLM, Negotiate, SCRAM, HOBA, Mutual) or a request
 * signature (AWS SigV4, Hawk, HTTP Signatures). Everything else (`Bearer`, `DPoP` of RFC 9449, `JWT`, `Token`,
 * `api_key`, a custom scheme) carries something that is replayed as is.
 */
const NOT_BEARER_SCHEMES =
  /^(basic|digest|ntlm|negotiate|kerberos|hoba|mutual|scram-sha-1|scram-sha-256|vapid|hawk|signature|aws4-hmac-sha256|aws|oauth)$/i;
/** Header names that mean a credential, whatever the value looks like (other headers are searched for JWTs only). */
const CREDENTIAL_HEADER =
  /^(x-[a-z0-9-]*-?token|[a-z0-9-]*api-?key|x-[a-z0-9-]*-?key|token|auth-?token|access-?token|x-auth|x-authorization|[a-z0-9-]*subscription-key)$/i;
/** Not credentials either, beside anti-forgery tokens (token/anti-forgery.ts). */
const NOT_CREDENTIAL_HEADER = /x-goog-visitor|idempotency|x-client-trace|x-request-id/i;
/** Headers searched elsewhere (cookies) or that only repeat the request line (HTTP/2 pseudo-headers). */
/** Not searched: `DPoP` holds a proof of possession, not a token; proofs.ts checks it beside the token it proves. */
const SKIP_HEADERS =
  /^(cookie|dpop|:path|:authority|:method|:scheme|user-agent|accept.*|content-type|content-length|host|origin|sec-.*)$/i;
/** Shortest opaque value taken from a credential-named header: shorter is a test value or a flag, not a secret. */
const MIN_HEADER_OPAQUE = 16;

/**
 * Three or more of one character (`/^(.)\1{2,}$/`): a loop, since V8 runs that backreference many times slower on a
 * long run than a loop.
 */
function oneCharRepeated(v: string): boolean {
  if (v.length < 3) return false;
  const c = v.charCodeAt(0);
  if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return false; // what `.` does not match
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) !== c) return false;
  return true;
}

/**
 * A template placeholder or a redaction standing where a token was: `${token}`, `{{token}}`, `<token>`,
 * `[REDACTED]`, `***`, `xxx`, `null`. Recorded API fixtures and scrubbed captures are full of them; they are not
 * tokens, but they do say that the capture's secrets were taken out (see `capture-stripped`).
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (/^(\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]*>|%[A-Za-z0-9_]+%|\$[A-Za-z_][A-Za-z0-9_]*|\[[^\]]*\])$/.test(v)) return true;
  if (/redacted|removed|filtered|scrubbed|\*{3,}|\$\{|\{\{/i.test(v)) return true;
  if (oneCharRepeated(v)) return true; // xxx, 0000, ........
  return /^(null|undefined|none|nil|false|true|empty|n\/a|token|string|secret|bearer|your[-_ ]?(access[-_ ]?)?token[-_ ]?(here)?|\.\.\.|…)$/i.test(
    v,
  );
}

/** Splits an `Authorization` value into scheme and credentials; a value with no space is credentials alone. */
export function splitAuthorization(value: string): { scheme: string; credentials: string } {
  const v = value.trim();
  const space = v.search(/\s/);
  return space < 0 ? { scheme: '', credentials: v } : { scheme: v.slice(0, space), credentials: v.slice(space).trim() };
}

function fromAuthorization(entry: Entry): Candidate[] {
  const out: Candidate[] = [];
  for (const h of entry.requestHeaders) {
    const lower = h.name.toLowerCase();
    if (lower !== 'authorization' && lower !== 'proxy-authorization') continue;
    const { scheme, credentials } = splitAuthorization(h.value);
    if (!credentials || credentials.length > MAX_TOKEN_CHARS || /\s/.test(credentials) || isPlaceholder(credentials))
      continue;
    // `PoP` carries Microsoft's signed HTTP request: proofs.ts reports the access token inside it (`at`), with the
    // signed request as its proof, so the request itself is not a token row.
    if (/^pop$/i.test(scheme)) continue;
    if (NOT_BEARER_SCHEMES.test(scheme) && !looksLikeJwt(credentials)) continue;
    // A header holding only one word is a scheme with nothing after it ("Bearer"), unless it looks like a token.
    if (!scheme && !looksLikeJwt(credentials) && !OPAQUE.test(credentials)) continue;
    const name = lower === 'authorization' ? 'Authorization' : 'Proxy-Authorization';
    out.push({ raw: credentials, where: 'authorization-header', name, role: 'access', ...(scheme ? { scheme } : {}) });
  }
  return out;
}

/** Tokens in the other request headers: JWTs in any of them, opaque values under a credential's name. */
function fromOtherHeaders(entry: Entry): Candidate[] {
  const out: Candidate[] = [];
  for (const h of entry.requestHeaders) {
    // A JWT is longer than 16 characters, and so is every opaque value taken: most headers stop here.
    if (h.value.length < MIN_HEADER_OPAQUE) continue;
    const lower = h.name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization' || SKIP_HEADERS.test(lower)) continue;
    const value = h.value.trim();
    if (!value || value.length > MAX_TOKEN_CHARS || isPlaceholder(value)) continue;
    // "X-Token: Bearer eyJ…" happens: the scheme is a habit carried over from Authorization.
    const { scheme, credentials } = splitAuthorization(value);
    const bare = scheme && !/\s/.test(credentials) && /^[A-Za-z][A-Za-z0-9_-]*$/.test(scheme) ? credentials : value;
    const role = roleOfName(lower.replace(/^x-/, '').replace(/-/g, '_')) ?? null;
    if (looksLikeJwt(bare))
      out.push({ raw: bare, where: 'header', name: h.name, role, ...(bare !== value ? { scheme } : {}) });
    else if (CREDENTIAL_HEADER.test(lower) && !NOT_CREDENTIAL_HEADER.test(lower) && !ANTI_FORGERY_NAME.test(lower)) {
      if (OPAQUE.test(bare) && bare.length >= MIN_HEADER_OPAQUE && !isPlaceholder(bare))
        out.push({ raw: bare, where: 'header', name: h.name, role, ...(bare !== value ? { scheme } : {}) });
    } else if (value.includes('ey')) {
      // A JWT inside a longer value: a Referer with ?access_token=eyJ…, a JSON header.
      out.push(...jwtsInText(value, 'header', h.name));
    }
  }
  return out;
}

function jsonFields(obj: Record<string, unknown>): NameValue[] {
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(obj)) if (typeof value === 'string') out.push({ name, value });
  return out;
}

function numeric(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Tokens in an OAuth token response (Entra ID v1/v2, Microsoft account, ACS all share the field names). */
function fromTokenResponse(entry: Entry): Candidate[] {
  // Every field this looks for ends in "token"; most JSON bodies have none and need not be parsed again.
  if (!/token/i.test(entry.responseText)) return [];
  const body = parseJsonObject(entry.responseText);
  if (!body) return [];
  const found = fromFields(jsonFields(body), 'response-body').filter((c) => roleOfName(c.name) !== undefined);
  // expires_in counts from when the response was produced: the request's start plus its duration.
  const expiresOn = numeric(body.expires_on);
  const expiresIn = numeric(body.expires_in);
  const answeredAt = entry.startedMs === null ? null : (entry.startedMs + entry.durationMs) / 1000;
  const expiresAt =
    expiresOn ?? (expiresIn !== null && answeredAt !== null ? Math.round(answeredAt + expiresIn) : undefined);
  for (const c of found) if (c.role === 'access' && expiresAt !== undefined) c.expiresAt = expiresAt;
  return found;
}

function jwtsInText(text: string, where: RequestPlace, name: string): Candidate[] {
  return jwtsIn(text).map((raw) => ({ raw, where, name, role: null }));
}

function fromRequestBody(entry: Entry): Candidate[] {
  if (!entry.postText) return [];
  if (entry.formKind) return fromFieldsAndText(entry.formFields, 'form-field');
  const json = parseJsonObject(entry.postText);
  const named = json ? fromFields(jsonFields(json), 'request-body') : [];
  const seen = new Set(named.map((c) => c.raw));
  return [...named, ...tokensInText(entry.postText, 'request-body', 'body').filter((c) => !seen.has(c.raw))];
}

function fromCookies(entry: Entry): Candidate[] {
  return [
    ...fromFields(entry.sentCookies, 'cookie'),
    ...fromFields([...entry.responseCookies, ...entry.setCookies], 'set-cookie'),
  ];
}

/** Shortest value linked by value alone: session ids and hashes are shorter than most opaque tokens, and a value must be unlikely to repeat by chance. */
const MIN_LINKED_OPAQUE = 20;

/**
 * Every value in the entry's cookies, Set-Cookies, URL parameters, form fields and JSON body fields that could be
 * an opaque token under a name that does not say so (`rt=0.AXoA…`, `session=M.C5…`): not tokens on their own, but
 * the same value as a token seen elsewhere is that token (the analyzer looks them up by value). Each once per place
 * and name.
 */
export function opaqueValues(entry: Entry): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (fields: readonly NameValue[], where: RequestPlace) => {
    for (const f of fields) {
      const value = f.value.trim();
      if (
        value.length < MIN_LINKED_OPAQUE ||
        value.length > MAX_TOKEN_CHARS ||
        !OPAQUE.test(value) ||
        looksLikeJwt(value) ||
        isPlaceholder(value)
      )
        continue;
      const key = `${where}\u0000${f.name}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ raw: value, where, name: f.name, role: null });
    }
  };
  add(entry.sentCookies, 'cookie');
  add([...entry.responseCookies, ...entry.setCookies], 'set-cookie');
  add(entry.queryParams, 'query');
  if (entry.postText && entry.formKind) add(entry.formFields, 'form-field');
  else if (entry.postText) {
    const json = parseJsonObject(entry.postText);
    if (json) add(jsonFields(json), 'request-body');
  }
  return out;
}

/** Every token sighting in one entry, each (token, place, name) once. */
export function locate(entry: Entry): Candidate[] {
  const all = [
    ...fromAuthorization(entry),
    ...fromOtherHeaders(entry),
    ...fromRequestBody(entry),
    ...fromFieldsAndText(entry.queryParams, 'query'),
    ...fromCookies(entry),
    ...fromTokenResponse(entry),
  ];
  const seen = new Set<string>();
  return all.filter((c) => {
    // Analytics project keys under a token's name are public by design (secrets.ts), unless they are JWTs.
    if (
      (c.where === 'query' || c.where === 'form-field' || c.where === 'request-body') &&
      isPublicIdentifier(entry.url, c.name) &&
      !looksLikeJwt(c.raw)
    )
      return false;
    const key = `${c.where}\u0000${c.name}\u0000${c.raw}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
