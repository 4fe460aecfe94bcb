/**
 * Risks a JWT's header carries, whatever its issuer: each is a known way to make a careless server accept a
 * forged token (RFC 8725, "JSON Web Token Best Current Practices", §2 and §3). The findings say what an attacker
 * does with the header and what to check on the server; they do not say the server is vulnerable.
 */
import type { Claims } from '../model/token.js';
import type { Classification } from '../model/token.js';
import { hostOf } from '../util/url.js';
import type { Finding } from '../model/findings.js';
import { ASYMMETRIC, type KeyRing } from '../crypto/keys.js';

/** Header parameters RFC 7515 lets `crit` name that Bearerscope understands: `b64` (RFC 7797). */
const UNDERSTOOD_CRIT = new Set(['b64']);
const SUSPICIOUS_KID = /[/\\'"`;|\u0000]|\.\./;

/** RFC 9068 §2.2: the claims a JWT access token must carry. */
const AT_JWT_REQUIRED = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

const quote = (v: unknown) => JSON.stringify(v).slice(0, 120);

export function headerRisks(
  header: Claims | null,
  claims: Claims | null,
  cls: Classification,
  keys: KeyRing,
  tokenId: string,
): Finding[] {
  if (!header) return [];
  const out: Finding[] = [];
  const add = (code: Finding['code'], severity: Finding['severity'], message: string) =>
    out.push({ code, severity, message, entries: [] });
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  const isProof = typ === 'dpop+jwt' || typ === 'pop';

  if (/^HS\d+$/.test(alg)) {
    const named = keys.match(header, tokenId).filter((k) => ASYMMETRIC.has(k.kty));
    const issuerKeys = keys.forIssuer(claims?.iss);
    const issuerAsymmetric = issuerKeys.length > 0 && issuerKeys.every((k) => ASYMMETRIC.has(k.kty));
    if (named.length || issuerAsymmetric) {
      const why = named.length
        ? `its kid ${quote(header.kid ?? header.x5t)} names a ${named[0]?.kty} key (from ${named[0]?.source})`
        : `its issuer publishes only public keys (${issuerKeys[0]?.source})`;
      add(
        'alg-confusion',
        'error',
        `The header says ${alg} (HMAC with a shared secret), but ${why}. An attacker takes the issuer's public key, uses its bytes as the HMAC secret and signs any claims they like: a server that lets the token's alg pick the verification method accepts the forgery. Check that the server fixes the algorithm per key (RS256/ES256 for this issuer) and never verifies HMAC with a public key.`,
      );
    }
  }
  if (!isProof && (cls.type === 'access' || cls.type === 'id') && header.jwk !== undefined) {
    add(
      'header-key-injection',
      'error',
      `The header embeds its own key (jwk). An attacker signs a forged token with a key pair of their own and puts the public half here: a server that verifies with the key the token brings accepts anything. Check that the server verifies only with the issuer's published keys and ignores jwk in access and ID tokens.`,
    );
  }
  for (const name of ['jku', 'x5u'] as const) {
    const value = header[name];
    if (value === undefined) continue;
    const issHost = hostOf(typeof claims?.iss === 'string' ? claims.iss : '');
    const host = hostOf(typeof value === 'string' ? value : '');
    if (issHost && host === issHost) continue;
    const where = issHost
      ? `a host other than the issuer's (${host || 'not a URL'} instead of ${issHost})`
      : `a URL (${host || 'not a URL'}) while the issuer is not a URL to compare it with`;
    add(
      'header-key-injection',
      issHost ? 'error' : 'warning',
      `The header's ${name} points at ${where}. An attacker hosts a key set of their own there and signs with its private key: a server that fetches keys from the token's ${name} accepts the forgery. Check that the server takes keys only from the issuer's configured jwks_uri and ignores ${name}.`,
    );
  }
  if (header.kid !== undefined && (typeof header.kid !== 'string' || SUSPICIOUS_KID.test(header.kid))) {
    add(
      'kid-suspicious',
      'warning',
      `The kid ${quote(header.kid)} holds path, quote or control characters. An attacker uses kid to make a server read a key from a file they choose (../../dev/null gives an empty HMAC key) or to inject into the query that looks the key up. Check that the server matches kid against its key set only, never uses it in a path or a query.`,
    );
  }
  if (header.crit !== undefined) {
    const names = Array.isArray(header.crit) ? header.crit : [header.crit];
    const unknown = names.filter((n) => typeof n !== 'string' || !UNDERSTOOD_CRIT.has(n));
    if (unknown.length || !Array.isArray(header.crit)) {
      add(
        'crit-unknown',
        'warning',
        `The header marks ${unknown.slice(0, 5).map(quote).join(', ') || quote(header.crit)} as critical (crit). RFC 7515 §4.1.11 requires a server to reject a token with a critical extension it does not understand; one that ignores crit may skip a check the issuer meant to enforce. Check that the server rejects it, or knows exactly what the extension means.`,
      );
    }
  }
  if (header.b64 === false) {
    add(
      'b64-false',
      'warning',
      'The header says b64: false (RFC 7797): the payload is signed unencoded, so the part in the token is not what was signed. A server that verifies it as an ordinary JWS, or reads the payload without honouring b64, can be fed claims the signature does not cover. Check that the server either rejects b64: false or implements RFC 7797 with crit.',
    );
  }
  if (typ === 'at+jwt' || typ === 'application/at+jwt') {
    const missing = AT_JWT_REQUIRED.filter((c) => claims?.[c] === undefined);
    if (missing.length)
      add(
        'at-jwt-claims-missing',
        'warning',
        `It says typ ${quote(header.typ)} (a JWT access token, RFC 9068) but lacks ${missing.join(', ')}, which RFC 9068 §2.2 requires. A resource server that follows the profile must reject it; one that accepts it is checking less than it thinks (no jti: no replay detection; no client_id: no way to tell which client holds it).`,
      );
  }
  return out;
}
