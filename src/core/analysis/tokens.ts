/** One token's state over an analysis: what it decodes to, where it was seen (a capped history) and what was gathered for its checks. */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { classify } from '../token/classify.js';
import type { Classification } from '../model/token.js';
import { decode } from '../token/decode.js';
import type { Decoded } from '../model/token.js';
import type { Entry } from '../model/entry.js';
import type { Gathered, RefreshReuse } from '../model/evidence.js';
import type { Candidate, Role } from '../model/places.js';
import type { InnerToken, Lineage, RequestSighting, SignatureInfo } from '../model/report.js';
import { isNonceChallenge, ProofLedger } from '../checks/proofs.js';
import type { Downgrade } from '../checks/index.js';
import { type ReadTimes, readTimes, validityAt } from '../token/times.js';

export interface TokenState {
  id: string;
  raw: string;
  decoded: Decoded;
  expiresAt: number | undefined;
  /** Set when `expiresAt` came from a storage cache rather than a token response. */
  expiresFromCache?: boolean;
  roles: Set<Role>;
  responseHosts: Set<string>;
  first: RequestSighting[];
  last: RequestSighting[];
  count: number;
  firstMs: number;
  lastMs: number;
  firstSeen: string | null;
  lastSeen: string | null;
  gathered: Gathered;
  /** Signature status once `verifySignatures` has run, and the key ring version it was judged against. */
  signature: SignatureInfo | null;
  sigVersion: number;
  /** DPoP proofs / PoP signed requests sent with it, and requests that sent a DPoP-bound token as Bearer. */
  proofs: ProofLedger;
  downgrades: Downgrade[];
  /** Refresh lineage (timeline): the token response that issued it, the one that issued its successor, a use after that. */
  issuedBy?: Lineage['issuedBy'];
  replacedAt?: Lineage['replacedAt'];
  reusedAfterReplace?: Lineage['reusedAfterReplace'];
  /** When the response that replaced it ended (epoch ms), and the first use after that, with its answer. */
  replacedEndMs?: number;
  replacedFile?: string;
  reuse?: RefreshReuse;
  /** Cached: depends only on the raw token and what the sightings said, recomputed when those change. */
  derived: { read: ReadTimes; cls: Classification; inner: InnerToken | null } | null;
}

export function tokenId(raw: string): string {
  return bytesToHex(sha256(utf8ToBytes(raw))).slice(0, 16);
}

function decodeInner(claims: Record<string, unknown> | null): InnerToken | null {
  const raw = claims?.actortoken;
  if (typeof raw !== 'string') return null;
  const d = decode(raw);
  const times = readTimes(d.claims).times;
  const cls = classify(d, { roles: new Set(), responseHosts: new Set() });
  return {
    claim: 'actortoken',
    format: d.format,
    header: d.header,
    claims: d.claims,
    times,
    family: cls.family,
    type: cls.type,
    policy: cls.policy,
    kind: cls.kind,
    error: d.error,
  };
}

/** `keep`: how many proofs are kept for display (every one is judged). */
export function newState(raw: string, keep = 20): TokenState {
  return {
    id: tokenId(raw),
    raw,
    decoded: decode(raw),
    expiresAt: undefined,
    roles: new Set(),
    responseHosts: new Set(),
    first: [],
    last: [],
    count: 0,
    firstMs: Infinity,
    lastMs: -Infinity,
    firstSeen: null,
    lastSeen: null,
    gathered: {
      sentExpired: [],
      sentExpiredCount: 0,
      sentEarly: [],
      sentEarlyCount: 0,
      cookies: [],
      urls: [],
      rejected: [],
      bearerHosts: new Map(),
    },
    signature: null,
    sigVersion: -1,
    proofs: new ProofLedger(keep),
    downgrades: [],
    derived: null,
  };
}

export function derive(t: TokenState) {
  if (!t.derived) {
    const read = readTimes(t.decoded.claims, t.expiresAt);
    if (t.expiresFromCache && read.times.expSource === 'token-response') read.times.expSource = 'cache';
    const cls = classify(t.decoded, { roles: t.roles, responseHosts: t.responseHosts }, t.raw);
    t.derived = { read, cls, inner: decodeInner(t.decoded.claims) };
  }
  return t.derived;
}

/**
 * Records one sighting in an entry: what it says of the token (role, expiry, issuing host), the sighting itself
 * (the first `keep` and the last `keep` are kept) and first/last seen. Returns the token's validity when sent.
 */
export function addSighting(
  t: TokenState,
  entry: Entry,
  c: Candidate,
  keep: number,
): RequestSighting['validityWhenSent'] {
  if (!t.roles.has(c.role) || (c.expiresAt !== undefined && t.expiresAt === undefined) || c.where === 'response-body') {
    t.derived = null;
  }
  t.roles.add(c.role);
  if (c.expiresAt !== undefined && t.expiresAt === undefined) t.expiresAt = c.expiresAt;
  if (c.where === 'response-body') t.responseHosts.add(entry.host);

  const { read } = derive(t);
  const validity = entry.startedMs === null ? 'unknown' : validityAt(read.times, entry.startedMs);
  const sighting: RequestSighting = {
    kind: 'request',
    entry: entry.index,
    time: entry.started,
    method: entry.method,
    url: entry.url,
    status: entry.status,
    where: c.where,
    name: c.name,
    validityWhenSent: validity,
  };
  if (c.scheme) sighting.scheme = c.scheme;
  if (isNonceChallenge(entry)) sighting.step = 'dpop-nonce';
  if (entry.file !== undefined) sighting.file = entry.file;
  t.count++;
  if (t.first.length < keep) t.first.push(sighting);
  else {
    t.last.push(sighting);
    if (t.last.length > keep) t.last.shift();
  }
  // Only a readable time moves first/last seen; an unreadable one stands in until a readable one comes.
  const ms = entry.startedMs;
  if (ms !== null && ms < t.firstMs) [t.firstMs, t.firstSeen] = [ms, entry.started];
  if (ms !== null && ms > t.lastMs) [t.lastMs, t.lastSeen] = [ms, entry.started];
  if (ms === null && t.firstMs === Infinity) {
    t.firstSeen ??= entry.started;
    t.lastSeen = entry.started ?? t.lastSeen;
  }
  return validity;
}
