/**
 * Keys collected from the traffic itself, so signatures are checked without the user pasting anything:
 * JWKS documents (any JSON response with `keys: [{ kty, … }]`, e.g. Entra's `/discovery/v2.0/keys`), OIDC
 * discovery documents (`issuer` and `jwks_uri`, OpenID Connect Discovery 1.0 §3), and `x5c` certificates seen
 * in JWT headers. Nothing is fetched: a `jwks_uri` the app never requested stays unknown.
 */
import { fileOf } from '../har/entry.js';
import { hostOf } from '../util/url.js';
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
}

const MAX_KEYS = 1000;
const MAX_DOCS = 200;
export const ASYMMETRIC = new Set(['RSA', 'EC', 'OKP', 'certificate']);

/** Everything the analyzer learned about keys, in arrival order. `version` moves whenever a key is added. */
export class KeyRing {
  readonly keys: CollectedKey[] = [];
  /** jwks_uri → issuer, from discovery documents. */
  private issuerOfJwks = new Map<string, string>();
  private seen = new Set<string>();
  version = 0;

  addEntry(entry: Entry): void {
    // Most bodies are neither: skip the parse unless the names appear at all.
    if (!/"keys"|"jwks_uri"/.test(entry.responseText)) return;
    const body = parseJsonObject(entry.responseText);
    if (!body) return;
    if (typeof body.jwks_uri === 'string' && typeof body.issuer === 'string' && this.issuerOfJwks.size < MAX_DOCS) {
      this.issuerOfJwks.set(body.jwks_uri, body.issuer);
    }
    if (Array.isArray(body.keys)) {
      for (const k of body.keys.slice(0, 100)) {
        if (!isPlainObject(k) || typeof k.kty !== 'string') continue;
        const x5c = Array.isArray(k.x5c) && typeof k.x5c[0] === 'string' ? k.x5c[0] : null;
        this.add({
          jwk: k, certificate: null, kid: typeof k.kid === 'string' ? k.kid : null,
          x5t: typeof k.x5t === 'string' ? k.x5t : x5c && certificateX5t(x5c),
          kty: k.kty, source: entry.url, entry: entry.index, ...fileOf(entry), fromToken: null,
        });
      }
    }
  }

  /** A certificate chain in a JWT header (`x5c`): its first certificate holds the signing key (RFC 7515 §4.1.6). */
  addHeader(header: Record<string, unknown> | null, tokenId: string, entry: number, file?: string): void {
    const first = Array.isArray(header?.x5c) ? (header.x5c as unknown[])[0] : undefined;
    if (typeof first !== 'string') return;
    const x5t = certificateX5t(first);
    if (!x5t) return;
    const kid = typeof header?.kid === 'string' ? header.kid : null;
    this.add({ jwk: null, certificate: first, kid, x5t, kty: 'certificate', source: `x5c in the header of token ${tokenId}`, entry, ...fileOf({ file }), fromToken: tokenId });
  }

  private add(key: CollectedKey): void {
    const id = JSON.stringify([key.kid, key.x5t, key.jwk?.n ?? key.jwk?.x ?? key.certificate, key.source]);
    if (this.seen.has(id) || this.keys.length >= MAX_KEYS) return;
    this.seen.add(id);
    this.keys.push(key);
    this.version++;
  }

  /** Keys whose kid or x5t names the one in this header, not counting a certificate the same token carried. */
  match(header: Record<string, unknown> | null, tokenId: string): CollectedKey[] {
    const kid = typeof header?.kid === 'string' ? header.kid : null;
    const x5t = typeof header?.x5t === 'string' ? header.x5t : null;
    if (!kid && !x5t) return [];
    return this.keys.filter((k) => k.fromToken !== tokenId && ((kid !== null && k.kid === kid) || (x5t !== null && k.x5t === x5t)));
  }

  /** Keys published for an issuer: from the JWKS its discovery document names, or served from the issuer's host. */
  forIssuer(iss: unknown): CollectedKey[] {
    if (typeof iss !== 'string' || !iss) return [];
    const uris = new Set([...this.issuerOfJwks].filter(([, i]) => i === iss).map(([uri]) => uri));
    const host = hostOf(iss);
    return this.keys.filter((k) => k.fromToken === null && (uris.has(k.source) || (host !== '' && hostOf(k.source) === host)));
  }

  issuerOf(jwksUri: string): string | null {
    return this.issuerOfJwks.get(jwksUri) ?? null;
  }

  clear(): void {
    this.keys.length = 0;
    this.issuerOfJwks.clear();
    this.seen.clear();
    this.version++;
  }
}
