/**
 * The asynchronous half of signature checking: jose verifies with WebCrypto, which is async, while the
 * Analyzer takes entries synchronously. The analyzer collects keys and candidates as entries come; this
 * module turns a token (or a proof) and the keys that match it into a status. Offline: nothing is fetched.
 */
import { type JWK, type JWSAlgorithm, compactVerify, importJWK, importX509 } from 'jose';
import type { Decoded } from '../model/token.js';
import { fileOf } from '../har/entry.js';
import { entryName } from '../model/entry.js';
import { type CollectedKey, type KeyRing, MAX_TRIES_PER_TOKEN, keyProblem } from './keys.js';
import type { SignatureInfo } from '../model/report.js';
import { HMAC_ALGS, PUBLIC_ALGS, algsOfJwk, unsignedAlg } from './signature.js';
import { isPrivateJwkMember } from './jwk.js';
import { hostOf } from '../util/url.js';

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Only a key's public members: a JWKS that (wrongly) holds private ones must not make jose sign-capable keys. */
function publicJwk(jwk: Record<string, unknown>): JWK {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!isPrivateJwkMember(k) || (k === 'k' && jwk.kty === 'oct')) out[k] = v;
  return out as JWK;
}

const pem = (base64: string) =>
  `-----BEGIN CERTIFICATE-----\n${base64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;

/**
 * Verifies a compact JWS with one key, the algorithm fixed by the key's type (never chosen by the header alone:
 * RFC 8725 §3.1). Resolves true or false; throws only when the key itself cannot be used.
 */
export async function verifyWith(
  token: string,
  alg: string,
  key: { jwk: Record<string, unknown> | null; certificate: string | null },
): Promise<boolean> {
  const allowed = key.certificate ? PUBLIC_ALGS : key.jwk ? algsOfJwk(key.jwk as JWK) : [];
  if (!allowed.includes(alg)) return false;
  const imported = key.certificate
    ? await importX509(pem(key.certificate), alg)
    : await importJWK(publicJwk(key.jwk ?? {}), alg);
  try {
    await compactVerify(token, imported, { algorithms: [alg as JWSAlgorithm] });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return false;
    throw err;
  }
}

/**
 * Microsoft Graph's audiences, as Microsoft lists them ("Troubleshoot access token signature validation errors",
 * learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/troubleshooting-signature-validation-errors).
 */
const GRAPH_AUDIENCES = new Set([
  '00000003-0000-0000-c000-000000000000',
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
]);
const isGraph = (aud: unknown) =>
  (Array.isArray(aud) ? aud : [aud]).some(
    (a) => typeof a === 'string' && GRAPH_AUDIENCES.has(a.replace(/\/$/, '').toLowerCase()),
  );

/** What can be said without a key: JWE, opaque, unsigned and Graph's nonce tokens are settled here. */
function signatureWithoutKeys(decoded: Decoded): SignatureInfo | null {
  const h = decoded.header;
  const kid = typeof h?.kid === 'string' ? h.kid : typeof h?.x5t === 'string' ? h.x5t : null;
  const base = { kid, source: null, entry: null };
  if (decoded.format === 'opaque')
    return { ...base, status: 'not-checked', reason: 'An opaque token: only its issuer can check it (introspection).' };
  if (decoded.format === 'jwe')
    return {
      ...base,
      status: 'not-checked',
      reason: 'An encrypted token (JWE): only its recipient can decrypt and check it.',
    };
  if (!h || decoded.error) return { ...base, status: 'not-checked', reason: 'Its header or payload cannot be read.' };
  if (unsignedAlg(h.alg))
    return {
      ...base,
      status: 'unsigned',
      reason:
        typeof h.alg === 'string' && h.alg.trim() !== ''
          ? `alg ${JSON.stringify(h.alg).slice(0, 20)}: it carries no signature.`
          : 'Its header names no alg: it carries no signature.',
    };
  if (typeof h.alg !== 'string')
    return { ...base, status: 'not-checked', reason: 'Its alg is not a string: no verifier accepts it.' };
  // Graph access tokens sign a SHA-256 of the header nonce, not the nonce itself: no standard JWT library
  // verifies them, and Microsoft says only Graph should (learn.microsoft.com, "Access tokens", validate tokens).
  // Only Graph's audiences: a nonce in any other token's header is no reason to look away from its signature.
  if (h.nonce !== undefined && isGraph(decoded.claims?.aud))
    return {
      ...base,
      status: 'not-checked',
      reason:
        'Its header carries a nonce, as Microsoft Graph access tokens do: such a token can only be verified by Graph itself, so it is not checked (and not invalid).',
    };
  return null;
}

const NOT_KEPT = (dropped: number) =>
  `It is not fully checked: ${dropped} keys of this capture were not kept (the limit on collected keys), and its key may be among them.`;

/**
 * What can be said synchronously: everything but a check against a matching key (then null). The analyzer shows
 * this until `verifyToken` has run, so a token with no key to check is never shown as "not checked yet".
 */
export function signatureNow(decoded: Decoded, keys: KeyRing, tokenId: string): SignatureInfo | null {
  const settled = signatureWithoutKeys(decoded);
  if (settled) return settled;
  const h = decoded.header ?? {};
  const alg = String(h.alg);
  const kid = typeof h.kid === 'string' ? h.kid : typeof h.x5t === 'string' ? h.x5t : null;
  if (keys.match(h, tokenId).length === 0) {
    if (keys.dropped && kid)
      return { status: 'not-checked', kid, source: null, entry: null, reason: NOT_KEPT(keys.dropped) };
    const reason = HMAC_ALGS.includes(alg)
      ? `${alg} is signed with a shared secret, which no traffic reveals: paste the secret to check it.`
      : h.x5c !== undefined || h.jwk !== undefined
        ? 'It carries its own key (x5c or jwk) and no other source holds that key: a key the token brings cannot vouch for the token.'
        : kid
          ? `No key named ${JSON.stringify(kid)} was seen in the traffic (no JWKS or certificate with that kid or x5t).`
          : 'The header names no key (no kid or x5t), so no collected key can be matched to it.';
    return { status: 'no-key', kid, source: null, entry: null, reason };
  }
  return null;
}

/** Where a key came from, in words: "a key from evil.example", "the certificate carried by token 1a2b…". */
function whence(key: CollectedKey): string {
  if (key.fromToken !== null) return `the certificate carried by token ${key.fromToken}`;
  return `a key from ${hostOf(key.source) || key.source}`;
}

const quoted = (kid: string | null) => (kid === null ? '(unnamed)' : JSON.stringify(kid).slice(0, 120));
const at = (key: CollectedKey) => ({ source: key.source, entry: key.entry, ...fileOf(key) });

/**
 * The signature status of one JWT against the collected keys. Only a key tied to the token's issuer
 * (`KeyRing.trustedFor`) makes it `verified` or `invalid`; a signature that checks out with any other key is
 * `untrusted-key`, because anyone can serve a key. The issuer's keys are tried first, and at most
 * MAX_TRIES_PER_TOKEN keys in all; when a bound stops the check before a verdict, the status says so.
 */
export async function verifyToken(
  raw: string,
  decoded: Decoded,
  keys: KeyRing,
  tokenId: string,
): Promise<SignatureInfo> {
  const now = signatureNow(decoded, keys, tokenId);
  if (now) return now;
  const h = decoded.header ?? {};
  const alg = String(h.alg);
  const kid = typeof h.kid === 'string' ? h.kid : typeof h.x5t === 'string' ? h.x5t : null;
  const iss = decoded.claims?.iss;
  const matching = keys.match(h, tokenId);
  const own = matching.filter((k) => keys.trustedFor(k, iss));
  const foreign = matching.filter((k) => !own.includes(k));
  const named = quoted(kid);
  let mismatch: { key: CollectedKey; reason: string } | null = null;
  let unusable: { key: CollectedKey; reason: string } | null = null;
  let refused: CollectedKey | null = null;
  let vouching: CollectedKey | null = null;
  let stopped: 'per-token' | 'total' | null = null;
  let tried = 0;
  let ownTried = 0;
  for (const key of [...own, ...foreign]) {
    if (key.refused) {
      refused ??= key;
      continue;
    }
    if (tried >= MAX_TRIES_PER_TOKEN) stopped = 'per-token';
    else if (!keys.spend()) stopped = 'total';
    if (stopped) break;
    tried++;
    const trusted = own.includes(key);
    if (trusted) ownTried++;
    try {
      if (await verifyWith(raw, alg, key)) {
        if (trusted)
          return {
            status: 'verified',
            kid,
            ...at(key),
            reason: `${alg} signature verified with the ${key.kty} key ${named} from ${key.source} (${entryName(key.entry, key.file)}), a key of its issuer.`,
          };
        vouching = key;
        break;
      }
      if (!trusted) continue;
      const allowed = key.certificate ? PUBLIC_ALGS : algsOfJwk((key.jwk ?? {}) as JWK);
      mismatch ??= {
        key,
        reason: allowed.includes(alg)
          ? `The ${alg} signature does not match the ${key.kty} key ${named} from ${key.source} (${entryName(key.entry, key.file)}), its issuer's key: the token was altered or signed by someone else.`
          : `The header says ${alg}, which the ${key.kty} key ${named} from ${key.source} cannot verify: a token whose kid names this key must be signed with ${allowed.join('/') || 'a matching algorithm'}.`,
      };
    } catch (err) {
      unusable ??= { key, reason: `The key ${named} from ${key.source} could not be used: ${why(err)}` };
    }
  }
  if (stopped) keys.stopped(stopped, tokenId);
  const notTheIssuers = (key: CollectedKey) =>
    `${whence(key)}, which is not this issuer's${typeof iss === 'string' ? ` (${iss.slice(0, 200)})` : ' (it names no issuer)'}`;
  // An issuer key left untried (a bound stopped the check) might still verify it: then it is not "invalid".
  const ownUntried = own.filter((k) => !k.refused).length > ownTried;
  if (mismatch && !ownUntried) {
    const also = vouching
      ? ` It does verify with ${whence(vouching)} (${vouching.source}), which is not its issuer's: a forger's key.`
      : '';
    return { status: 'invalid', kid, ...at(mismatch.key), reason: mismatch.reason + also };
  }
  if (vouching) {
    return {
      status: 'untrusted-key',
      kid,
      ...at(vouching),
      reason: `Signed by ${notTheIssuers(vouching)}: ${alg} verifies with the ${vouching.kty} key ${named} from ${vouching.source} (${entryName(vouching.entry, vouching.file)}), but only a key its issuer publishes vouches for a token, and anyone can serve a key.`,
    };
  }
  if (stopped) {
    const bound =
      stopped === 'per-token'
        ? `${matching.length} collected keys are named ${named} and at most ${MAX_TRIES_PER_TOKEN} are tried for one token`
        : 'the check used up its allowance of key tries for the keys collected so far';
    return {
      status: 'not-checked',
      kid,
      source: null,
      entry: null,
      reason: `It is not fully checked: ${bound}, and none of those tried decides it.`,
    };
  }
  if (unusable) return { status: 'not-checked', kid, ...at(unusable.key), reason: unusable.reason };
  if (refused)
    return {
      status: 'not-checked',
      kid,
      ...at(refused),
      reason: `The key ${named} from ${refused.source} (${entryName(refused.entry, refused.file)}) is not used: ${refused.refused}.`,
    };
  if (keys.dropped && own.length === 0)
    return { status: 'not-checked', kid, source: null, entry: null, reason: NOT_KEPT(keys.dropped) };
  const hosts = [
    ...new Set(
      foreign.map((k) =>
        k.fromToken === null ? hostOf(k.source) || k.source : 'certificates carried by other tokens',
      ),
    ),
  ]
    .slice(0, 3)
    .join(', ');
  return {
    status: 'no-key',
    kid,
    source: null,
    entry: null,
    reason: `No key of its issuer named ${named} was seen; the keys with that name from ${hosts} are not its issuer's, and do not match it either.`,
  };
}

/** A proof's signature against the key it carries (DPoP `jwk`, PoP `cnf.jwk`), refusing the keys `keyProblem` refuses. */
export async function verifyProof(proof: {
  raw: string;
  jwk: Record<string, unknown> | null;
  alg: string;
}): Promise<{ ok: boolean; detail: string }> {
  if (proof.jwk === null) return { ok: false, detail: 'no key to verify with' };
  const problem = keyProblem(proof.jwk);
  if (problem) return { ok: false, detail: `the proof's key is refused: ${problem}` };
  try {
    const ok = await verifyWith(proof.raw, proof.alg, { jwk: proof.jwk, certificate: null });
    return {
      ok,
      detail: ok
        ? `${proof.alg} signature verified with the proof's own key`
        : `the ${proof.alg} signature does not match the proof's key`,
    };
  } catch (err) {
    return { ok: false, detail: `the proof's key cannot be used: ${why(err)}` };
  }
}
