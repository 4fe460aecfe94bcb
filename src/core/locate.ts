/** Where tokens are found in one HAR entry. Deciding what a token *is* happens later, in classify. */
import { type Entry, type NameValue, headers } from './entry.js';
import { parseJsonObject } from './json.js';
import { formFields, formKind, parseCookieHeader, parseSetCookie, urlParams } from './forms.js';
import { MAX_TOKEN_CHARS, looksLikeJwt } from './decode.js';

export type Where =
  | 'authorization-header'
  | 'form-field'
  | 'response-body'
  | 'cookie'
  | 'set-cookie'
  | 'query'
  | 'request-body';

/** What a field's name says its token is: `SPAppToken` holds a context token, `refresh_token` a refresh token. */
export type Role = 'access' | 'id' | 'refresh' | 'context' | null;

export interface Candidate {
  raw: string;
  where: Where;
  /** Header, field, cookie or parameter name. */
  name: string;
  role: Role;
  /** Expiry an OAuth token response gave for an access token (epoch seconds), for tokens that carry none. */
  expiresAt?: number;
}

/** JWTs inside free text. Both parts start `ey` because both are JSON objects (`{"` or `{ "`). */
const JWT_IN_TEXT = /\bey[A-Za-z0-9_-]{8,}\.ey[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;
/** Printable, no spaces: what an opaque token in a named field looks like. */
const OPAQUE = /^[\x21-\x7e]{16,}$/;
const MAX_TOKENS_IN_TEXT = 50;

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
function fromField(field: NameValue, where: Where): Candidate | null {
  const value = field.value.trim();
  if (!value || value.length > MAX_TOKEN_CHARS) return null;
  const role = roleOfName(field.name);
  if (looksLikeJwt(value)) return { raw: value, where, name: field.name, role: role ?? null };
  if (role !== undefined && OPAQUE.test(value)) return { raw: value, where, name: field.name, role };
  return null;
}

function fromFields(fields: NameValue[], where: Where): Candidate[] {
  return fields.map((f) => fromField(f, where)).filter((c): c is Candidate => c !== null);
}

function fromAuthorization(entry: Entry): Candidate[] {
  const out: Candidate[] = [];
  for (const value of headers(entry.requestHeaders, 'authorization')) {
    const token = /^\s*bearer\s+(\S+)\s*$/i.exec(value)?.[1];
    if (token && token.length <= MAX_TOKEN_CHARS) out.push({ raw: token, where: 'authorization-header', name: 'Authorization', role: 'access' });
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
  const expiresAt = expiresOn ?? (expiresIn !== null && answeredAt !== null ? Math.round(answeredAt + expiresIn) : undefined);
  for (const c of found) if (c.role === 'access' && expiresAt !== undefined) c.expiresAt = expiresAt;
  return found;
}

function jwtsInText(text: string, where: Where, name: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(JWT_IN_TEXT)) {
    if (out.length >= MAX_TOKENS_IN_TEXT) break;
    if (looksLikeJwt(m[0])) out.push({ raw: m[0], where, name, role: null });
  }
  return out;
}

function fromRequestBody(entry: Entry): Candidate[] {
  if (!entry.postText) return [];
  if (formKind(entry)) return fromFields(formFields(entry), 'form-field');
  const json = parseJsonObject(entry.postText);
  const named = json ? fromFields(jsonFields(json), 'request-body') : [];
  const seen = new Set(named.map((c) => c.raw));
  return [...named, ...jwtsInText(entry.postText, 'request-body', 'body').filter((c) => !seen.has(c.raw))];
}

function fromCookies(entry: Entry): Candidate[] {
  const sent = [...entry.requestCookies, ...headers(entry.requestHeaders, 'cookie').flatMap(parseCookieHeader)];
  const set = [...entry.responseCookies, ...headers(entry.responseHeaders, 'set-cookie').flatMap(parseSetCookie)];
  return [...fromFields(sent, 'cookie'), ...fromFields(set, 'set-cookie')];
}

/** Every token sighting in one entry, each (token, place, name) once. */
export function locate(entry: Entry): Candidate[] {
  const all = [
    ...fromAuthorization(entry),
    ...fromRequestBody(entry),
    ...fromFields(urlParams(entry.url), 'query'),
    ...fromCookies(entry),
    ...fromTokenResponse(entry),
  ];
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = `${c.where}\u0000${c.name}\u0000${c.raw}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
