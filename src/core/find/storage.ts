/**
 * Tokens a page keeps where its scripts can read them: `localStorage`, `sessionStorage` and the cookies
 * `document.cookie` shows. The panel reads those (src/devtools/storage-reader.ts) into a `StorageSnapshot`;
 * everything from there on is here, pure, so the CLI and the tests run the same code.
 *
 * Known caches are read by their own shapes, so a token is labelled with its library and its role even when
 * it is opaque:
 * - MSAL.js v2/v3: keys `<homeAccountId>-<environment>-<credentialType>-<clientId>-<realm>-<target>`, values a JSON
 *   credential entity (`credentialType`, `secret`, `expiresOn`, `target`, `homeAccountId`, `clientId`).
 *   v5 keys `msal.2|…` hold the same entities. Since v4, `localStorage` entries are `{id, nonce, data}`, AES-GCM
 *   encrypted with a key derived from the `msal.cache.encryption` cookie (see decryptMsalEntry below).
 * - Auth0 SPA SDK: keys `@@auth0spajs@@::<clientId>::<audience>::<scope>`, values `{body: {access_token, id_token,
 *   refresh_token, …}, expiresAt}`.
 * - Okta Auth JS: the key `okta-token-storage`, value `{accessToken: {accessToken, expiresAt}, idToken: {idToken, …},
 *   refreshToken: {refreshToken, …}}`.
 * Anything else is searched generically: a bare JWT value, and JWTs or token-named fields in JSON at any depth.
 *
 * Deliberately not done: reading IndexedDB values (MSAL's DPoP/PoP keys are non-extractable CryptoKeys and are
 * never exported), cookies scripts cannot see (HttpOnly ones come from the traffic instead), frames other than the top one.
 */
import { parseCookieHeader } from '../har/forms.js';
import { looksLikeJwt } from '../token/jwt-text.js';
import { decodeBase64url } from '../util/base64url.js';
import { MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_STORAGE_ITEMS } from '../util/limits.js';
import { roleOfName } from './locate.js';
import type { Role } from '../model/places.js';
import { redactKey } from './secrets.js';
import type { CacheFields, Library, StorageArea, StorageCandidate, StorageScan } from '../model/places.js';

/** Most tokens kept from one scan, most nodes walked per value. */
const MAX_CANDIDATES = 2_000;
const MAX_NODES = 20_000;
const OPAQUE = /^[\x21-\x7e]{16,}$/;
const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MSAL_ROLES: Readonly<Record<string, Role>> = {
  accesstoken: 'access',
  accesstoken_with_authscheme: 'access',
  idtoken: 'id',
  refreshtoken: 'refresh',
};
const MSAL_ENCRYPTION_COOKIE = 'msal.cache.encryption';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function numeric(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\s*\d{1,12}\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return undefined;
  // Some caches write milliseconds (Okta's `expiresAt` is seconds, others are not): a NumericDate is in seconds.
  return n >= 1e11 ? Math.floor(n / 1000) : n;
}

function libraryOfKey(key: string): Library | null {
  if (key.startsWith('@@auth0spajs@@')) return 'Auth0 SPA SDK';
  if (key === 'okta-token-storage') return 'Okta Auth JS';
  if (/^msal\./i.test(key) || /-(accesstoken|idtoken|refreshtoken)(_with_authscheme)?-/i.test(key)) return 'MSAL.js';
  return null;
}

function parseJson(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

interface Walk {
  where: StorageArea;
  key: string;
  library: Library | null;
  encrypted: boolean;
  out: StorageCandidate[];
  nodes: number;
}

function push(
  w: Walk,
  raw: string,
  path: string,
  role: Role,
  expiresAt: number | undefined,
  library: Library | null = w.library,
  cache?: CacheFields,
) {
  if (w.out.length >= MAX_CANDIDATES || raw.length > MAX_FIELD_CHARS) return;
  const c: StorageCandidate = { raw, where: w.where, key: redactKey(w.key), path, role, library };
  if (expiresAt !== undefined) c.expiresAt = expiresAt;
  if (w.encrypted) c.encrypted = true;
  if (cache && Object.keys(cache).length) c.cache = cache;
  w.out.push(c);
}

const field = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, 1000) : undefined;

/** An MSAL credential entity: `credentialType` names what `secret` is. */
function msalCredential(w: Walk, obj: Record<string, unknown>, path: string): boolean {
  const type = typeof obj.credentialType === 'string' ? obj.credentialType.toLowerCase() : '';
  const role = Object.hasOwn(MSAL_ROLES, type) ? MSAL_ROLES[type] : undefined;
  if (role === undefined || typeof obj.secret !== 'string' || !obj.secret.trim()) return false;
  const secret = obj.secret.trim();
  const cache: CacheFields = {};
  for (const [name, value] of [
    ['scopes', obj.target],
    ['clientId', obj.clientId],
    ['homeAccountId', obj.homeAccountId],
  ] as const) {
    const v = field(value);
    if (v !== undefined) cache[name] = v;
  }
  if (looksLikeJwt(secret) || OPAQUE.test(secret))
    push(w, secret, path ? `${path}.secret` : 'secret', role, numeric(obj.expiresOn), 'MSAL.js', cache);
  return true;
}

function walk(
  w: Walk,
  value: unknown,
  name: string,
  path: string,
  depth: number,
  holder: Record<string, unknown> | null,
  parent: Record<string, unknown> | null,
): void {
  if (++w.nodes > MAX_NODES || depth > MAX_JSON_DEPTH) return;
  if (typeof value === 'string') {
    const v = value.trim();
    if (!v) return;
    const role = roleOfName(name);
    const expiry = () =>
      numeric(
        holder?.expiresAt ??
          holder?.expires_at ??
          holder?.expiresOn ??
          holder?.expires_on ??
          parent?.expiresAt ??
          parent?.expires_at,
      );
    if (looksLikeJwt(v)) push(w, v, path, role ?? null, expiry());
    else if (role !== undefined && OPAQUE.test(v) && v.length <= MAX_FIELD_CHARS) push(w, v, path, role, expiry());
    else if ((v.startsWith('{') || v.startsWith('[')) && v.length <= MAX_FIELD_CHARS)
      walk(w, parseJson(v), name, path, depth + 1, holder, parent);
    return;
  }
  if (Array.isArray(value)) {
    // An array's items are not named for what they hold: MSAL's index `{"refreshToken": [<cache keys>]}` lists keys, not tokens.
    value.forEach((item, i) => walk(w, item, `${name}[]`, `${path}[${i}]`, depth + 1, holder, parent));
    return;
  }
  if (!isObject(value)) return;
  if (msalCredential(w, value, path)) return;
  for (const [k, v] of Object.entries(value)) walk(w, v, k, path ? `${path}.${k}` : k, depth + 1, value, holder);
}

/** Tokens in one storage item: the key itself, a bare JWT value (`Bearer ` allowed), or JSON at any depth. */
export function tokensInItem(where: StorageArea, key: string, value: string, encrypted = false): StorageCandidate[] {
  const w: Walk = { where, key, library: libraryOfKey(key), encrypted, out: [], nodes: 0 };
  if (looksLikeJwt(key)) push(w, key, '(key)', null, undefined);
  const v = value.trim().replace(/^bearer\s+/i, '');
  if (!v || v.length > MAX_FIELD_CHARS) return w.out;
  const role = roleOfName(key.replace(/^.*[.:/|]/, ''));
  if (looksLikeJwt(v)) push(w, v, '', role ?? null, undefined);
  else if (role !== undefined && OPAQUE.test(v)) push(w, v, '', role, undefined);
  else {
    const json = parseJson(v);
    if (json !== undefined) walk(w, json, key, '', 0, null, null);
  }
  return w.out;
}

function items(list: unknown, where: StorageArea, notes: string[]): Array<{ key: string; value: string }> {
  if (!Array.isArray(list)) return [];
  const out: Array<{ key: string; value: string }> = [];
  for (const item of list.slice(0, MAX_STORAGE_ITEMS)) {
    if (!isObject(item) || typeof item.key !== 'string') continue;
    if (typeof item.value === 'string' && item.value.length <= MAX_FIELD_CHARS)
      out.push({ key: item.key, value: item.value });
    else if (typeof item.size === 'number')
      notes.push(
        `${where} key "${redactKey(item.key).slice(0, 200)}" holds ${item.size} characters, more than the ${MAX_FIELD_CHARS} read: not searched.`,
      );
  }
  if (list.length > MAX_STORAGE_ITEMS) notes.push(`${where}: only the first ${MAX_STORAGE_ITEMS} keys were read.`);
  return out;
}

/** The `msal.cache.encryption` cookie's `{id, key}`, or null when it is absent or not what MSAL writes. */
export function msalEncryptionCookie(
  cookies: Array<{ name: string; value: string }>,
): { id: string; key: Uint8Array<ArrayBuffer> } | null {
  const c = cookies.find((x) => x.name === MSAL_ENCRYPTION_COOKIE);
  if (!c) return null;
  const parsed = parseJson(c.value);
  if (!isObject(parsed) || typeof parsed.id !== 'string' || typeof parsed.key !== 'string') return null;
  const key = decodeBase64url(parsed.key);
  return key?.length === 32 ? { id: parsed.id, key } : null;
}

/**
 * Decrypts one MSAL v4+ `localStorage` entry `{id, nonce, data}` the way msal-browser does
 * (lib/msal-browser/src/crypto/BrowserCrypto.ts, `deriveKey` and `decrypt`): the cookie's 32 raw bytes are an HKDF
 * key; HKDF-SHA-256 with the entry's nonce as salt and the encryption context as info gives an AES-GCM-256 key; the
 * IV is twelve zero bytes (a new key is derived for every entry). The context is the app's client ID for entries
 * whose key contains it, '' for shared entries (LocalStorage.ts, `getContext`), so each candidate is tried: GCM's
 * tag tells a wrong one. Returns the plaintext, or null. In memory only; nothing is written back.
 */
export async function decryptMsalEntry(
  keyBytes: Uint8Array<ArrayBuffer>,
  nonce: string,
  data: string,
  contexts: string[],
): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const salt = decodeBase64url(nonce);
  const cipher = decodeBase64url(data);
  if (!salt || !cipher) return null;
  const base = await subtle.importKey('raw', keyBytes, 'HKDF', false, ['deriveKey']);
  for (const context of contexts) {
    try {
      const key = await subtle.deriveKey(
        { name: 'HKDF', salt, hash: 'SHA-256', info: new TextEncoder().encode(context) },
        base,
        { name: 'AES-GCM', length: 256 },
        false,
        ['decrypt'],
      );
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, cipher);
      return new TextDecoder().decode(plain);
    } catch {
      /* wrong context: try the next */
    }
  }
  return null;
}

function encryptedEntry(value: string): { id: string; nonce: string; data: string } | null {
  if (!value.includes('"nonce"')) return null;
  const v = parseJson(value);
  return isObject(v) && typeof v.id === 'string' && typeof v.nonce === 'string' && typeof v.data === 'string'
    ? { id: v.id, nonce: v.nonce, data: v.data }
    : null;
}

/** Every token in a snapshot, with the MSAL v4+ entries decrypted when their key is readable. */
export async function scanStorage(snapshot: unknown): Promise<StorageScan> {
  const s = isObject(snapshot) ? snapshot : {};
  const notes = Array.isArray(s.notes) ? s.notes.filter((n): n is string => typeof n === 'string').slice(0, 50) : [];
  const local = items(s.local, 'local-storage', notes);
  const session = items(s.session, 'session-storage', notes);
  const cookies = parseCookieHeader(typeof s.cookie === 'string' ? s.cookie.slice(0, MAX_FIELD_CHARS) : '');
  const all: StorageScan['items'] = [
    ...local.map((i) => ({ where: 'local-storage' as const, ...i })),
    ...session.map((i) => ({ where: 'session-storage' as const, ...i })),
    ...cookies
      .slice(0, MAX_STORAGE_ITEMS)
      .map((c) => ({ where: 'script-cookie' as const, key: c.name, value: c.value })),
  ];
  const candidates: StorageCandidate[] = [];
  const msalKey = msalEncryptionCookie(cookies);
  // Client IDs MSAL names in its index keys (`msal.token.keys.<clientId>`, `msal.2.token.keys.<clientId>`).
  const clientIds = new Set(
    all.flatMap((i) => (/^msal\.(\d+\.)?token\.keys\./i.test(i.key) ? (i.key.match(GUIDS) ?? []) : [])),
  );
  let unreadable = 0;
  for (const item of all) {
    if (candidates.length >= MAX_CANDIDATES) break;
    const enc = item.where === 'local-storage' ? encryptedEntry(item.value) : null;
    if (!enc) {
      candidates.push(...tokensInItem(item.where, item.key, item.value));
      continue;
    }
    const plain =
      msalKey && enc.id === msalKey.id
        ? await decryptMsalEntry(
            msalKey.key,
            enc.nonce,
            enc.data,
            [...new Set([...(item.key.match(GUIDS) ?? []), ...clientIds])]
              .filter((id) => item.key.toLowerCase().includes(id.toLowerCase()))
              .concat(''),
          )
        : null;
    if (plain === null) unreadable++;
    else
      candidates.push(
        ...tokensInItem(item.where, item.key, plain, true).map((c) => ({ ...c, library: c.library ?? 'MSAL.js' })),
      );
  }
  if (unreadable)
    notes.push(
      `${unreadable} encrypted MSAL.js localStorage entr${unreadable === 1 ? 'y' : 'ies'} could not be decrypted (no readable ${MSAL_ENCRYPTION_COOKIE} cookie, or one from another session).`,
    );
  return {
    url: typeof s.url === 'string' ? s.url.slice(0, 8000) : '',
    time: typeof s.time === 'string' ? s.time : new Date(0).toISOString(),
    candidates: candidates.slice(0, MAX_CANDIDATES),
    items: all,
    notes,
  };
}
