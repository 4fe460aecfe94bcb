/**
 * Keys collected from the traffic itself, so signatures are checked without the user pasting anything:
 * JWKS documents (any JSON response with `keys: [{ kty, … }]`, e.g. Entra's `/discovery/v2.0/keys`), OIDC
 * discovery documents (`issuer` and `jwks_uri`, OpenID Connect Discovery 1.0 §3), and `x5c` certificates seen
 * in JWT headers. Nothing is fetched: a `jwks_uri` the app never requested stays unknown.
 *
 * Anyone can put a key in a capture (a page fetches whatever JSON it likes), so a key counts for a token only when
 * it is tied to the token's issuer (`trustedFor`): served under the issuer's own URL, named as `jwks_uri` by a
 * discovery document the issuer's origin served, or one of Microsoft's documented key endpoints for that tenant.
 * A certificate a token carries is never tied to anyone, and a symmetric key seen in traffic is no secret.
 */
import { fileOf } from '../har/entry.js';
import type { Entry } from '../model/entry.js';
import { isPlainObject, parseJsonObject } from '../util/json.js';
import { certificateX5t } from './thumbprint.js';

export interface CollectedKey {
  /** The JWK as published (public members only are used), or null for a bare certificate. */
  jwk: Record<string, unknown> | null;
  /** An `x5c` certificate (standard base64 DER), when the key came as one. */
  certificate: string | null;
  kid: string | null;
  x5t: string | null;
  /** `RSA`, `EC`, `OKP`, `oct`, or `certificate` (always a public key). */
  kty: string;
  /** The URL it came from (a JWKS response) or the token whose header carried it. */
  source: string;
  entry: number;
  /** With several HAR files read together: the file `entry` counts within. */
  file?: string;
  /** The id of the token whose header carried it (an `x5c`), which it must not vouch for itself. */
  fromToken: string | null;
  /** Why it is never used to verify (`keyProblem`), or null. */
  refused: string | null;
}

const MAX_KEYS = 1000;
const MAX_DOCS = 200;
/** Keys tried for one token, the issuer's own first: a capture that serves one kid from a thousand URLs costs this much, not a thousand. */
export const MAX_TRIES_PER_TOKEN = 6;
/**
 * Key tries while the keys stay the same (one pass of the analyzer over its tokens); past it, tokens are "not
 * checked" and a note says so. New keys start a new pass: tokens are checked again against them.
 */
const MAX_TRIES = 50_000;
const MIN_MODULUS_BITS = 2048;
/** The largest RSA modulus worked through: a 16,384-bit one costs over a second a token. */
const MAX_MODULUS_BITS = 8192;
export const ASYMMETRIC = new Set(['RSA', 'EC', 'OKP', 'certificate']);

function bytesOf(b64url: unknown, maxChars: number): Uint8Array | null {
  if (typeof b64url !== 'string' || b64url.length > maxChars || !/^[A-Za-z0-9_-]*$/.test(b64url)) return null;
  try {
    return Uint8Array.from(
      atob(
        b64url
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .padEnd(Math.ceil(b64url.length / 4) * 4, '='),
      ),
      (c) => c.charCodeAt(0),
    );
  } catch {
    return null;
  }
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] ?? 0));
}

/**
 * Why a published key must not verify anything, or null. A symmetric key seen in traffic is a secret everyone who
 * saw it holds; a key for encryption is not for signatures (RFC 7517 §4.2, §4.3); an RSA exponent under 65537 (1 makes
 * the signature the message itself) or a modulus under 2048 bits makes forging cheap (NIST SP 800-57 part 1; RFC 8017
 * §3.1 leaves e to the key's owner, so a hostile one chooses it); a modulus over 8192 bits is refused to bound the work.
 */
export function keyProblem(jwk: Record<string, unknown>): string | null {
  if (jwk.kty === 'oct')
    return 'it is a symmetric key (kty oct): a secret served in traffic is known to everyone who saw it, so anyone could have signed with it';
  if (jwk.use !== undefined && jwk.use !== 'sig')
    return `it is published for ${jwk.use === 'enc' ? 'encryption (use: enc)' : `use ${JSON.stringify(jwk.use).slice(0, 40)}`}, not for signatures`;
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) return 'its key_ops do not include verify';
  if (jwk.kty !== 'RSA') return null;
  // 8192 bits are 1366 base64url characters: a longer n is refused without decoding it all.
  const n = bytesOf(jwk.n, 4096);
  if (!n)
    return typeof jwk.n === 'string' && /^[A-Za-z0-9_-]+$/.test(jwk.n)
      ? `its modulus is over ${MAX_MODULUS_BITS} bits, more than is checked (a bound on the work one capture can ask for)`
      : 'its modulus (n) is not base64url';
  const bits = bitLength(n);
  if (bits > MAX_MODULUS_BITS)
    return `its ${bits}-bit modulus is over the ${MAX_MODULUS_BITS} bits checked (a bound on the work one capture can ask for)`;
  if (bits < MIN_MODULUS_BITS)
    return `its ${bits}-bit modulus is under ${MIN_MODULUS_BITS} bits: small enough to factor, and so to forge with`;
  const e = bytesOf(jwk.e, 12);
  if (!e || bitLength(e) === 0) return 'its public exponent (e) is not a usable base64url number';
  if (bitLength(e) > 32) return 'its public exponent (e) is over 32 bits, which no issuer uses';
  let value = 0;
  for (const b of e) value = value * 256 + b;
  if (value < 65537)
    return `its public exponent ${value} is under 65537${value === 1 ? ': with e = 1 a signature is the signed message itself, which anyone can write' : ': a small exponent has made forged signatures possible'}`;
  if (value % 2 === 0) return `its public exponent ${value} is even, which no RSA key has`;
  return null;
}

/** `origin + path` of a URL, lower-cased, without query or fragment; '' when it does not parse as http(s). */
function urlBase(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:'
      ? `${u.protocol}//${u.host}${u.pathname}`.toLowerCase()
      : '';
  } catch {
    return '';
  }
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.protocol}//${u.host}` : '';
  } catch {
    return '';
  }
}

/**
 * Whether a URL lies under the issuer's own URL: same origin, and the issuer's path as a directory prefix. The path
 * matters on hosts that serve many issuers (Cognito user pools, Keycloak realms, Okta authorization servers): another
 * tenant's keys on the same host are not this issuer's. WHATWG parsing has already resolved `..` and `%2e%2e`.
 */
function underIssuer(url: string, iss: string): boolean {
  const base = urlBase(url);
  const issBase = urlBase(iss);
  if (!base || !issBase) return false;
  return base === issBase || base.startsWith(issBase.endsWith('/') ? issBase : `${issBase}/`);
}

const MS_LOGIN = 'https://login.microsoftonline.com';
/**
 * Microsoft's documented signing-key endpoints for an Entra or ACS issuer, whose keys are not under the issuer's URL.
 * Entra: the tenant's `jwks_uri`, https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys (v1.0:
 * /discovery/keys), and the same keys at /common/ ("Signing key rollover in the Microsoft identity platform",
 * learn.microsoft.com/entra/identity-platform/signing-key-rollover; "Access tokens", validating tokens). v1.0 tokens
 * say iss https://sts.windows.net/{tenant}/ and are signed by the same login.microsoftonline.com keys. SharePoint's
 * ACS (iss 00000001-0000-0000-c000-000000000000@{realm}) publishes its certificates at
 * https://accounts.accesscontrol.windows.net/{realm}/metadata/json/1, the document SharePoint's TokenHelper reads.
 * Only that tenant's path or /common/ counts: any tenant can publish keys at login.microsoftonline.com (an app's own
 * signing keys, ?appid=…), so the host alone vouches for nothing. National clouds are deliberately not listed.
 */
function microsoftKeyUrls(iss: string): string[] {
  const entra =
    /^https:\/\/(?:login\.microsoftonline\.com\/([^/?#]+)\/(?:v2\.0\/?)?|sts\.windows\.net\/([^/?#]+)\/)$/i.exec(iss);
  const tenant = (entra?.[1] ?? entra?.[2])?.toLowerCase();
  if (tenant)
    return [
      `${MS_LOGIN}/${tenant}/discovery/v2.0/keys`,
      `${MS_LOGIN}/${tenant}/discovery/keys`,
      `${MS_LOGIN}/common/discovery/v2.0/keys`,
      `${MS_LOGIN}/common/discovery/keys`,
    ];
  const realm = /^00000001-0000-0000-c000-000000000000@([0-9a-z.-]+)$/i.exec(iss)?.[1]?.toLowerCase();
  return realm ? [`https://accounts.accesscontrol.windows.net/${realm}/metadata/json/1`] : [];
}

/** Everything the analyzer learned about keys, in arrival order. `version` moves whenever a key is added. */
export class KeyRing {
  readonly keys: CollectedKey[] = [];
  /** jwks_uri (as `urlBase`) → the issuers whose discovery document, served from their own origin, names it. */
  private jwksOf = new Map<string, Set<string>>();
  private seen = new Set<string>();
  version = 0;
  /** Keys not kept past MAX_KEYS: a token whose key is not found may have lost it here. */
  dropped = 0;
  private triesLeft = MAX_TRIES;
  /** The `version` `triesLeft` counts for. */
  private triesVersion = 0;
  private cappedTokens = new Set<string>();
  private stoppedTokens = new Set<string>();

  addEntry(entry: Entry): void {
    // Most bodies are neither: skip the parse unless the names appear at all.
    if (!/"keys"|"jwks_uri"/.test(entry.responseText)) return;
    const body = parseJsonObject(entry.responseText);
    if (!body) return;
    // OpenID Connect Discovery 1.0 §4.3: the issuer in the document must be the one it was asked of. Another host
    // may serve a document naming any issuer it likes.
    if (
      typeof body.jwks_uri === 'string' &&
      typeof body.issuer === 'string' &&
      originOf(entry.url) !== '' &&
      originOf(entry.url) === originOf(body.issuer) &&
      this.jwksOf.size < MAX_DOCS
    ) {
      const uri = urlBase(body.jwks_uri);
      if (uri) this.jwksOf.set(uri, (this.jwksOf.get(uri) ?? new Set()).add(body.issuer));
    }
    if (!Array.isArray(body.keys)) return;
    for (const k of body.keys.slice(0, 100)) {
      if (!isPlainObject(k)) continue;
      if (typeof k.kty === 'string') {
        const x5c = Array.isArray(k.x5c) && typeof k.x5c[0] === 'string' ? k.x5c[0] : null;
        this.add({
          jwk: k,
          certificate: null,
          kid: typeof k.kid === 'string' ? k.kid : null,
          x5t: typeof k.x5t === 'string' ? k.x5t : x5c && certificateX5t(x5c),
          kty: k.kty,
          source: entry.url,
          entry: entry.index,
          ...fileOf(entry),
          fromToken: null,
          refused: keyProblem(k),
        });
        continue;
      }
      // ACS metadata (metadata/json/1): { keyInfo: { x5t }, keyValue: { type: 'x509Certificate', value }, usage: 'signing' }.
      const value =
        isPlainObject(k.keyValue) && k.keyValue.type === 'x509Certificate' && typeof k.keyValue.value === 'string'
          ? k.keyValue.value
          : null;
      if (value === null || (k.usage !== undefined && k.usage !== 'signing')) continue;
      const x5t = certificateX5t(value);
      if (x5t)
        this.add({
          jwk: null,
          certificate: value,
          kid: x5t,
          x5t,
          kty: 'certificate',
          source: entry.url,
          entry: entry.index,
          ...fileOf(entry),
          fromToken: null,
          refused: null,
        });
    }
  }

  /** A certificate chain in a JWT header (`x5c`): its first certificate holds the signing key (RFC 7515 §4.1.6). */
  addHeader(header: Record<string, unknown> | null, tokenId: string, entry: number, file?: string): void {
    const first = Array.isArray(header?.x5c) ? (header.x5c as unknown[])[0] : undefined;
    if (typeof first !== 'string') return;
    const x5t = certificateX5t(first);
    if (!x5t) return;
    const kid = typeof header?.kid === 'string' ? header.kid : null;
    // A DER certificate of a key within MAX_MODULUS_BITS (and its issuer's signature) fits in well under 6,000 base64 characters.
    const refused = first.length > 6000 ? 'the certificate is larger than any with a key of at most 8192 bits' : null;
    this.add({
      jwk: null,
      certificate: first,
      kid,
      x5t,
      kty: 'certificate',
      source: `x5c in the header of token ${tokenId}`,
      entry,
      ...fileOf({ file }),
      fromToken: tokenId,
      refused,
    });
  }

  private add(key: CollectedKey): void {
    const id = JSON.stringify([key.kid, key.x5t, key.jwk?.n ?? key.jwk?.x ?? key.certificate, key.source]);
    if (this.seen.has(id)) return;
    if (this.keys.length >= MAX_KEYS) {
      this.dropped++;
      return;
    }
    this.seen.add(id);
    this.keys.push(key);
    this.version++;
  }

  /** Keys whose kid or x5t names the one in this header, not counting a certificate the same token carried. */
  match(header: Record<string, unknown> | null, tokenId: string): CollectedKey[] {
    const kid = typeof header?.kid === 'string' ? header.kid : null;
    const x5t = typeof header?.x5t === 'string' ? header.x5t : null;
    if (!kid && !x5t) return [];
    return this.keys.filter(
      (k) => k.fromToken !== tokenId && ((kid !== null && k.kid === kid) || (x5t !== null && k.x5t === x5t)),
    );
  }

  /** Whether this key may verify a token that says `iss` (see the module comment). */
  trustedFor(key: CollectedKey, iss: unknown): boolean {
    if (key.fromToken !== null || typeof iss !== 'string' || !iss) return false;
    const base = urlBase(key.source);
    return (
      base !== '' &&
      (underIssuer(key.source, iss) || this.jwksOf.get(base)?.has(iss) === true || microsoftKeyUrls(iss).includes(base))
    );
  }

  /** Keys published for an issuer. */
  forIssuer(iss: unknown): CollectedKey[] {
    return this.keys.filter((k) => this.trustedFor(k, iss));
  }

  /** Takes one key try from the allowance of the current keys; false once it is spent. */
  spend(): boolean {
    if (this.triesVersion !== this.version) {
      this.triesVersion = this.version;
      this.triesLeft = MAX_TRIES;
      this.stoppedTokens.clear();
    }
    if (this.triesLeft <= 0) return false;
    this.triesLeft--;
    return true;
  }

  /** Records that a token's check stopped at a bound: `per-token` (its tries) or `total` (the analysis's). */
  stopped(bound: 'per-token' | 'total', tokenId: string): void {
    (bound === 'per-token' ? this.cappedTokens : this.stoppedTokens).add(tokenId);
  }

  /** What the bounds cost, for the report's notes. */
  notes(): string[] {
    const out: string[] = [];
    if (this.dropped)
      out.push(
        `${this.dropped} further ${this.dropped === 1 ? 'key was' : 'keys were'} not kept: the limit is ${MAX_KEYS}. A token whose key may be among them is "not fully checked" rather than "no key".`,
      );
    const capped = this.cappedTokens.size;
    const stopped = this.stoppedTokens.size;
    if (capped)
      out.push(
        `${capped} ${capped === 1 ? 'token names a key' : 'tokens name keys'} that many collected keys share: at most ${MAX_TRIES_PER_TOKEN} keys are tried for one token, the issuer's own first.`,
      );
    if (stopped)
      out.push(
        `Signature checks stopped after ${MAX_TRIES} key tries: ${stopped} ${stopped === 1 ? 'token is' : 'tokens are'} "not checked".`,
      );
    return out;
  }

  clear(): void {
    this.keys.length = 0;
    this.jwksOf.clear();
    this.seen.clear();
    this.dropped = 0;
    this.triesLeft = MAX_TRIES;
    this.cappedTokens.clear();
    this.stoppedTokens.clear();
    this.version++;
  }
}
