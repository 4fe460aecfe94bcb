/**
 * Proofs of possession sent beside a token, checked offline:
 * - DPoP (RFC 9449): a `DPoP` request header holding a JWT signed with the client's key, with the access token
 *   in `Authorization: DPoP …` (§7.1), or alone on a token request (§5). Checks follow §4.3 "Checking DPoP Proofs".
 * - Microsoft PoP (`Authorization: PoP …`): MSAL's signed HTTP request, a JWT whose payload holds the access
 *   token (`at`), the time (`ts`), method (`m`), host and port (`u`), path (`p`), query (`q`), a `nonce` and the
 *   signing key (`cnf.jwk`), as msal-common's PopTokenGenerator and msal-browser's CryptoOps.signJwt build it.
 * The signature checks are asynchronous (see `verify.ts`); everything else is decided here, as entries arrive.
 * Deliberately not done: DPoP proofs for authorization requests (`dpop_jkt`, §10), and PoP's `h` (signed headers)
 * and `b` (body hash), which MSAL does not send.
 */
import { decode } from '../token/decode.js';
import type { Claims } from '../model/token.js';
import { fileOf, header, headers } from '../har/entry.js';
import { type Entry, entryName } from '../model/entry.js';
import { isPlainObject } from '../util/json.js';
import type { Candidate } from '../model/places.js';
import type { ProofCheck, ProofReport } from '../model/report.js';
import { PUBLIC_ALGS } from './signature.js';
import { accessTokenHash, jwkThumbprint } from './thumbprint.js';
import { isPrivateJwkMember, privateMembersOf } from './jwk.js';
import type { FindingCode } from '../model/findings.js';

/** How far a proof's iat (DPoP) or ts (PoP) may be from the request's start: RFC 9449 §11.1 leaves the window to the server; five minutes is the leeway common servers allow. */
const PROOF_WINDOW_S = 300;
const MAX_JTIS = 20_000;

/** A proof as the analyzer keeps it: the report plus what the asynchronous signature check needs. */
export interface ProofState {
  raw: string;
  jwk: Record<string, unknown> | null;
  alg: string;
  report: ProofReport;
}

/** What one entry said about proofs: proofs to attach to tokens, tokens sent downgraded, and the tokens sent with
 * proofs (the DPoP token, PoP's inner `at`), for the analyzer to record as sightings where locate() did not. */
export interface EntryProofs {
  attached: Array<{ token: string; proof: ProofState }>;
  /** The token sent as `Authorization: Bearer`, which is a downgrade if it is DPoP-bound. */
  bearer: string | null;
  candidates: Candidate[];
}

/**
 * A proof's header or claims as reported: private members of its key (a client bug the `jwk` check reports) are
 * replaced, so an export never carries the client's private key.
 */
function withoutPrivateKey(obj: Claims | null, path: 'jwk' | 'cnf'): Claims | null {
  if (!obj) return obj;
  const holder = path === 'cnf' ? obj.cnf : obj;
  const jwk = isPlainObject(holder) ? holder.jwk : undefined;
  if (!isPlainObject(jwk) || !privateMembersOf(jwk).length) return obj;
  const clean: Claims = {};
  for (const [k, v] of Object.entries(jwk))
    Object.defineProperty(clean, k, {
      value: isPrivateJwkMember(k) ? '[redacted: private key member]' : v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return path === 'cnf' ? { ...obj, cnf: { ...(holder as Claims), jwk: clean } } : { ...obj, jwk: clean };
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const json = (v: unknown) => JSON.stringify(v)?.slice(0, 200) ?? String(v);

function pathOnly(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

const DEFAULT_PORT: Readonly<Record<string, string>> = { http: '80', https: '443' };
/** RFC 3986 §2.2 and §2.3: every character a URI may hold, `%` included (its form is checked apart). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const hex = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

/** RFC 3986 §5.2.4, on a path whose segments are already split. */
function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const out: string[] = [];
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '.' || s === '..') {
      if (s === '..' && out.length > 1) out.pop();
      if (last) out.push('');
    } else out.push(s);
  });
  return out.join('/');
}

/**
 * A URI compared as RFC 9449 §4.3 asks ("after syntax- and scheme-based normalization", RFC 3986 §6.2.2 and §6.2.3):
 * scheme and host lower-cased, percent-encodings upper-cased and unreserved ones decoded, the default port and dot
 * segments removed, an empty path made `/`; query and fragment dropped. A URI RFC 3986 does not allow is refused
 * (`error`), not repaired as WHATWG parsing would: a tab or a backslash vanishes or turns into `/` there, and userinfo
 * is set aside, so two different strings would compare equal.
 */
export function normalizeUri(uri: string): { uri: string } | { error: string } {
  if (uri.length > 8192) return { error: 'it is longer than any request URL' };
  if (!URI_CHARS.test(uri))
    return { error: 'it holds a character a URI may not (a space, tab, backslash or non-ASCII character)' };
  if (/%(?![0-9A-Fa-f]{2})/.test(uri)) return { error: 'it holds a % that starts no percent-encoding' };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/.exec(uri);
  if (!m) return { error: 'it is not an absolute URI with a host' };
  const scheme = (m[1] ?? '').toLowerCase();
  const authority = m[2] ?? '';
  if (authority.includes('@')) return { error: 'it carries userinfo (user@host), which a request URL never does' };
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::([0-9]*))?$/.exec(authority);
  if (!hostPort || !hostPort[1]) return { error: 'its host or port is malformed' };
  const decode = (part: string) =>
    part.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => {
      const c = String.fromCharCode(parseInt(h, 16));
      return /[A-Za-z0-9\-._~]/.test(c) ? c : `%${hex(c)}`;
    });
  const host = decode(hostPort[1]).toLowerCase();
  const port = (hostPort[2] ?? '').replace(/^0+(?=\d)/, '');
  const path = removeDotSegments(decode(m[3] ?? '')) || '/';
  return { uri: `${scheme}://${host}${port === '' || port === DEFAULT_PORT[scheme] ? '' : `:${port}`}${path}` };
}

function originOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

function authorization(entry: Entry): { scheme: string; value: string } | null {
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header(entry.requestHeaders, 'authorization') ?? '');
  return m ? { scheme: (m[1] ?? '').toLowerCase(), value: m[2] ?? '' } : null;
}

/** The proof's method claim (DPoP `htm`, PoP `m`) against the request's method. */
function methodCheck(name: 'htm' | 'm', claim: unknown, method: string): ProofCheck {
  const value = str(claim);
  return {
    name,
    ok: value === method,
    detail:
      value === method
        ? `${name} ${value} is the request method`
        : `${name} is ${json(claim ?? null)} but the request is ${method}`,
  };
}

/** DPoP `htu` against the request's URL, both normalised (`normalizeUri`). */
function htuCheck(value: unknown, url: string): ProofCheck {
  const htu = str(value);
  if (htu === null) return { name: 'htu', ok: false, detail: 'htu is missing' };
  if (/[?#]/.test(htu))
    return {
      name: 'htu',
      ok: false,
      detail: `htu ${json(htu)} carries a query or fragment (RFC 9449 §4.2 says without them)`,
    };
  const mine = normalizeUri(htu);
  if ('error' in mine) return { name: 'htu', ok: false, detail: `htu ${json(htu)} is refused: ${mine.error}` };
  const end = url.search(/[?#]/);
  const request = normalizeUri(end < 0 ? url : url.slice(0, end));
  if ('error' in request)
    return { name: 'htu', ok: false, detail: `the request URL cannot be compared with htu: ${request.error}` };
  return mine.uri === request.uri
    ? { name: 'htu', ok: true, detail: 'htu is the request URL without query and fragment' }
    : { name: 'htu', ok: false, detail: `htu is ${json(htu)} but the request went to ${pathOnly(url) ?? url}` };
}

function keyChecks(h: Claims | null, jwk: unknown, expectedTyp: string): ProofCheck[] {
  const typ = str(h?.typ);
  const alg = str(h?.alg) ?? '';
  const checks: ProofCheck[] = [
    {
      name: 'typ',
      ok: typ?.toLowerCase() === expectedTyp,
      detail: `typ is ${json(h?.typ ?? null)}${typ?.toLowerCase() === expectedTyp ? '' : `, not ${expectedTyp}`}`,
    },
    {
      name: 'alg',
      ok: PUBLIC_ALGS.includes(alg),
      detail: PUBLIC_ALGS.includes(alg)
        ? `alg ${alg} is asymmetric`
        : `alg ${json(h?.alg ?? null)} is not an asymmetric signature algorithm (none and HMAC prove nothing about a key)`,
    },
  ];
  if (!isPlainObject(jwk))
    checks.push({ name: 'jwk', ok: false, detail: 'no public key (jwk) to check the signature with' });
  else {
    const priv = privateMembersOf(jwk);
    checks.push({
      name: 'jwk',
      ok: priv.length === 0 && jwk.kty !== 'oct' && jwkThumbprint(jwk) !== null,
      detail: priv.length
        ? `the jwk holds private members (${priv.join(', ')}): the client's private key was sent over the wire`
        : jwk.kty === 'oct'
          ? 'the jwk is a symmetric key'
          : jwkThumbprint(jwk) === null
            ? 'the jwk lacks the members its kty needs'
            : `public ${String(jwk.kty)} key`,
    });
  }
  checks.push({ name: 'signature', ok: null, detail: 'not checked yet' });
  return checks;
}

function timeCheck(name: string, value: unknown, entry: Entry): ProofCheck {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return { name, ok: false, detail: `${name} is missing or not a number` };
  if (entry.startedMs === null)
    return { name, ok: null, detail: `${name} cannot be compared: the request's time is unknown` };
  const off = Math.round(value - entry.startedMs / 1000);
  const ok = Math.abs(off) <= PROOF_WINDOW_S;
  return {
    name,
    ok,
    detail:
      off === 0
        ? `${name} matches the request time`
        : `${name} is ${Math.abs(off)} s ${off > 0 ? 'after' : 'before'} the request${ok ? '' : ` (more than the ${PROOF_WINDOW_S} s a server allows)`}`,
  };
}

/** A proof's report: the request it was sent with, then what the proof said and how each check went. */
function proofReport(
  kind: ProofReport['kind'],
  entry: Entry,
  read: Pick<ProofReport, 'header' | 'claims' | 'thumbprint' | 'checks'>,
): ProofReport {
  return {
    kind,
    entry: entry.index,
    ...fileOf(entry),
    method: entry.method,
    url: entry.url,
    header: read.header,
    claims: read.claims,
    thumbprint: read.thumbprint,
    checks: read.checks,
  };
}

/** The finding a failed check raises. */
export function codeOfCheck(kind: ProofReport['kind'], check: ProofCheck): FindingCode {
  if (kind === 'pop') return 'pop-invalid';
  if (check.name === 'jti replay') return 'dpop-replayed';
  if (check.name === 'binding') return 'dpop-unbound';
  return 'dpop-invalid';
}

export class ProofTracker {
  private jtis = new Map<string, { entry: number; file: string | undefined; request: string }>();
  /** Origin → nonces its server asked for with `DPoP-Nonce` (RFC 9449 §8). */
  private nonces = new Map<string, Set<string>>();

  clear(): void {
    this.jtis.clear();
    this.nonces.clear();
  }

  /** Proofs in one entry. `located` are the tokens locate() found in it (the token response's, for §5). */
  check(entry: Entry, located: Candidate[]): EntryProofs {
    const out: EntryProofs = { attached: [], bearer: null, candidates: [] };
    const auth = authorization(entry);
    const proofs = headers(entry.requestHeaders, 'dpop');
    // Whether it is DPoP-bound is read by the analyzer from the token it already decoded.
    if (auth?.scheme === 'bearer') out.bearer = auth.value;
    if (auth?.scheme === 'pop') {
      const pop = this.pop(entry, auth.value);
      if (pop) {
        out.candidates.push({ raw: pop.token, where: 'authorization-header', name: 'Authorization', role: 'access' });
        out.attached.push({ token: pop.token, proof: pop.proof });
      }
    }
    const token = auth?.scheme === 'dpop' ? auth.value : null;
    // locate() takes Authorization: Bearer only (until it reads every scheme): the DPoP token is a sighting too.
    if (token)
      out.candidates.push({ raw: token, where: 'authorization-header', name: 'Authorization', role: 'access' });
    if (token && !proofs.length) {
      out.attached.push({
        token,
        proof: {
          raw: '',
          jwk: null,
          alg: '',
          report: proofReport('dpop', entry, {
            header: null,
            claims: null,
            thumbprint: null,
            checks: [
              { name: 'proof', ok: false, detail: 'the request sends a DPoP token without a DPoP proof header' },
            ],
          }),
        },
      });
    }
    const issued = located.filter((c) => c.where === 'response-body' && c.role === 'access').map((c) => c.raw);
    for (const raw of proofs.slice(0, 2)) {
      const proof = this.dpop(entry, raw.trim(), token, proofs.length);
      if (token) out.attached.push({ token, proof });
      else for (const t of issued) out.attached.push({ token: t, proof: this.withIssuedBinding(entry, proof, t) });
    }
    this.learnNonce(entry);
    return out;
  }

  private learnNonce(entry: Entry): void {
    const nonce = header(entry.responseHeaders, 'dpop-nonce');
    if (!nonce) return;
    const origin = originOf(entry.url);
    const set = this.nonces.get(origin) ?? new Set<string>();
    if (set.size < 100) set.add(nonce.trim());
    this.nonces.set(origin, set);
  }

  private dpop(entry: Entry, raw: string, token: string | null, count: number): ProofState {
    const d = decode(raw);
    const h = d.header;
    const c = d.claims;
    const jwk = h?.jwk;
    const thumbprint = jwkThumbprint(jwk);
    const checks =
      d.format === 'jwt' && !d.error
        ? keyChecks(h, jwk, 'dpop+jwt')
        : [
            {
              name: 'proof',
              ok: false,
              detail: `the DPoP header is not a readable JWT${d.error ? ` (${d.error})` : ''}`,
            },
          ];
    if (count > 1)
      checks.push({
        name: 'proof',
        ok: false,
        detail: 'the request carries more than one DPoP header (RFC 9449 §4.3 allows exactly one)',
      });
    if (c) {
      checks.push(methodCheck('htm', c.htm, entry.method));
      checks.push(htuCheck(c.htu, entry.url));
      checks.push(timeCheck('iat', c.iat, entry));
      checks.push(this.replay(entry, c.jti, thumbprint));
      if (token) {
        const ath = str(c.ath);
        const want = accessTokenHash(token);
        checks.push({
          name: 'ath',
          ok: ath === want,
          detail:
            ath === null
              ? 'ath is missing: the proof is not tied to the access token it travels with'
              : ath === want
                ? 'ath is the SHA-256 of the access token'
                : 'ath is not the SHA-256 of the access token sent with it',
        });
        checks.push(binding(token, thumbprint));
      }
      const asked = this.nonces.get(originOf(entry.url));
      const nonce = str(c.nonce);
      if (asked?.size)
        checks.push({
          name: 'nonce',
          ok: nonce !== null && asked.has(nonce),
          detail:
            nonce === null
              ? 'the server asked for a nonce (DPoP-Nonce) and the proof carries none'
              : asked.has(nonce)
                ? 'nonce is one the server issued'
                : 'nonce is not one the server issued in this capture',
        });
    }
    return {
      raw,
      jwk: isPlainObject(jwk) ? jwk : null,
      alg: str(h?.alg) ?? '',
      report: proofReport('dpop', entry, { header: withoutPrivateKey(h, 'jwk'), claims: c, thumbprint, checks }),
    };
  }

  private replay(entry: Entry, jti: unknown, thumbprint: string | null): ProofCheck {
    if (typeof jti !== 'string' || !jti)
      return { name: 'jti', ok: false, detail: 'jti is missing: a server cannot detect a replayed proof' };
    const key = `${thumbprint ?? ''}\u0000${jti}`;
    // The same request captured twice (a HAR merged with itself, a live capture re-read) is not a replay.
    const request = `${entry.started ?? ''} ${entry.method} ${entry.url}`;
    const first = this.jtis.get(key);
    if (!first && this.jtis.size >= MAX_JTIS)
      return {
        name: 'jti replay',
        ok: null,
        detail: `not checked: the ${MAX_JTIS} jti values remembered are used up, so a replay of this proof would go unseen`,
      };
    if (first && first.request !== request)
      return {
        name: 'jti replay',
        ok: false,
        detail: `jti ${json(jti)} was already used by ${entryName(first.entry, first.file)}: this proof was replayed`,
      };
    if (!first && this.jtis.size < MAX_JTIS) this.jtis.set(key, { entry: entry.index, file: entry.file, request });
    return { name: 'jti replay', ok: true, detail: 'jti not seen before' };
  }

  /** A token endpoint's answer to a proof (§5): the issued token must be DPoP and, if a JWT, bound to the proof's key. */
  private withIssuedBinding(entry: Entry, proof: ProofState, token: string): ProofState {
    const body = /"token_type"\s*:\s*"([^"]*)"/.exec(entry.responseText)?.[1] ?? null;
    const checks = [...proof.report.checks];
    if (body !== null && body.toLowerCase() !== 'dpop')
      checks.push({
        name: 'binding',
        ok: false,
        detail: `the token endpoint answered token_type ${json(body)} to a DPoP proof: the token it issued is a plain bearer token`,
      });
    else checks.push(binding(token, proof.report.thumbprint));
    return { ...proof, report: { ...proof.report, checks } };
  }

  private pop(entry: Entry, raw: string): { token: string; proof: ProofState } | null {
    const d = decode(raw);
    const c = d.claims;
    const token = str(c?.at);
    if (!c || !token) return null;
    const cnf = c.cnf;
    const jwk = isPlainObject(cnf) ? cnf.jwk : undefined;
    const thumbprint = jwkThumbprint(jwk);
    const checks = keyChecks(d.header, jwk, 'pop');
    let url: URL | null = null;
    try {
      url = new URL(entry.url);
    } catch {
      url = null;
    }
    checks.push(methodCheck('m', c.m, entry.method));
    const u = str(c.u)?.toLowerCase() ?? null;
    checks.push({
      name: 'u',
      ok: url !== null && u === url.host,
      detail:
        u === url?.host
          ? 'u is the request host and port'
          : `u is ${json(c.u ?? null)} but the request went to ${url?.host ?? entry.url}`,
    });
    const p = str(c.p);
    checks.push({
      name: 'p',
      ok: url !== null && p === url.pathname,
      detail:
        p === url?.pathname
          ? 'p is the request path'
          : `p is ${json(c.p ?? null)} but the request path is ${url?.pathname ?? '?'}`,
    });
    const actual = url?.search.replace(/^\?/, '') ?? '';
    if (c.q !== undefined) {
      const q = Array.isArray(c.q) ? str(c.q[1]) : null;
      checks.push({
        name: 'q',
        ok: q === actual,
        detail: q === actual ? 'q is the request query' : `q holds ${json(q)} but the request query is ${json(actual)}`,
      });
    } else if (actual !== '') {
      checks.push({
        name: 'q',
        ok: false,
        detail: `q is missing but the request has a query (${json(actual)}): the signature does not cover it, so anyone holding this request can change the query`,
      });
    }
    checks.push(timeCheck('ts', c.ts, entry));
    checks.push(binding(token, thumbprint));
    return {
      token,
      proof: {
        raw,
        jwk: isPlainObject(jwk) ? jwk : null,
        alg: str(d.header?.alg) ?? '',
        report: proofReport('pop', entry, {
          header: d.header,
          claims: withoutPrivateKey({ ...c, at: `[the access token: ${token.length} characters]` }, 'cnf'),
          thumbprint,
          checks,
        }),
      },
    };
  }
}

/**
 * The access token's confirmation claim against the proof's key: RFC 9449 §6.1 `cnf.jkt`, or for Microsoft PoP a `cnf.kid`
 * (the RFC 7638 thumbprint MSAL sends as req_cnf) or a `cnf.jwk`. An opaque token cannot be read here.
 */
function binding(token: string, thumbprint: string | null): ProofCheck {
  const d = decode(token);
  if (!d.claims)
    return {
      name: 'binding',
      ok: null,
      detail: 'the access token is not a readable JWT: its binding can only be checked by its issuer',
    };
  const cnf = d.claims.cnf;
  if (!isPlainObject(cnf))
    return {
      name: 'binding',
      ok: false,
      detail: 'the access token carries no cnf claim: it is not bound to any key, so the proof protects nothing',
    };
  const named = str(cnf.jkt) ?? str(cnf.kid) ?? jwkThumbprint(cnf.jwk);
  if (named === null)
    return { name: 'binding', ok: false, detail: `the access token's cnf (${json(cnf)}) names no key thumbprint` };
  return named === thumbprint
    ? { name: 'binding', ok: true, detail: `the access token's cnf names this proof's key (${named})` }
    : {
        name: 'binding',
        ok: false,
        detail: `the access token is bound to key ${named}, but the proof is signed with key ${thumbprint ?? '(none)'}`,
      };
}
