/**
 * The analysis: feed it HAR entries one at a time (a file, a live capture), ask for a report at any moment.
 * Memory is bounded per token (a capped number of sightings and evidence), so a long capture does not grow
 * without limit; work per entry is bounded by the caps in `entry.ts`.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { classify, type Classification } from './classify.js';
import { decode, type Decoded } from './decode.js';
import { type Entry, header, hostOf, normalizeEntry } from './entry.js';
import { CLOCK_SKEW_LIMIT_MS, clockSkewFinding, clockSkewMs, entryFindings } from './entry-checks.js';
import { explain } from './explain.js';
import { bySeverity, type ReportFinding } from './findings.js';
import { type Evidence, type Gathered, judge } from './judge.js';
import { type Candidate, type Role, locate } from './locate.js';
import { type InnerToken, REPORT_VERSION, type Report, type Sighting, type SignatureInfo, type TokenReport } from './report.js';
import { headerRisks } from './header-risks.js';
import { isPlainObject } from './json.js';
import { KeyRing } from './keys.js';
import { type ProofState, ProofTracker } from './proofs.js';
import { proofFindings, signatureFinding } from './proof-findings.js';
import { signatureNow, verifyToken, verifyWith } from './verify.js';
import { plural } from './plural.js';
import { redactClaims } from './redact.js';
import { type ReadTimes, describeStatus, readTimes, statusAt, validityAt } from './times.js';

export interface AnalyzerOptions {
  /** Sightings kept at each end of a token's history (the first N and the last N). */
  keepSightings?: number;
  /** Evidence kept per finding kind and token. */
  keepEvidence?: number;
  /** Most distinct tokens tracked; later new tokens are counted in a note, not kept. */
  maxTokens?: number;
  /** Most report-level findings of one code. */
  maxEntryFindings?: number;
}

export interface ReportOptions {
  /** Include raw token values and credential claims (refresh and actor tokens). Off by default. */
  reveal?: boolean;
}

interface TokenState {
  id: string;
  raw: string;
  decoded: Decoded;
  expiresAt: number | undefined;
  roles: Set<Role>;
  responseHosts: Set<string>;
  first: Sighting[];
  last: Sighting[];
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
  proofs: ProofState[];
  downgrades: Array<{ entry: number; method: string; url: string }>;
  /** Cached: depends only on the raw token and what the sightings said, recomputed when those change. */
  derived: { read: ReadTimes; cls: Classification; inner: InnerToken | null } | null;
}

/** The places where the request carried the token out; the others (responses, Set-Cookie) brought it in. */
const SENT = new Set(['authorization-header', 'form-field', 'cookie', 'query', 'request-body']);

export function tokenId(raw: string): string {
  return bytesToHex(sha256(utf8ToBytes(raw))).slice(0, 16);
}

function decodeInner(claims: Record<string, unknown> | null): InnerToken | null {
  const raw = claims?.actortoken;
  if (typeof raw !== 'string') return null;
  const d = decode(raw);
  const times = readTimes(d.claims).times;
  const cls = classify(d, { roles: new Set(), responseHosts: new Set() });
  return { claim: 'actortoken', format: d.format, header: d.header, claims: d.claims, times, family: cls.family, type: cls.type, policy: cls.policy, kind: cls.kind, error: d.error };
}

export class Analyzer {
  private tokens = new Map<string, TokenState>();
  private byId = new Map<string, TokenState>();
  private entryFindingList: ReportFinding[] = [];
  private worstSkew: { entry: Entry; skewMs: number } | null = null;
  private notes: string[] = [];
  private dropped = 0;
  private entries = 0;
  private keys = new KeyRing();
  private proofTracker = new ProofTracker();
  /** Moves on clear(), so a verification still running for the old capture drops its results. */
  private generation = 0;
  private readonly keep: number;
  private readonly keepEvidence: number;
  private readonly maxTokens: number;
  private readonly maxEntryFindings: number;

  constructor(options: AnalyzerOptions = {}) {
    this.keep = options.keepSightings ?? 25;
    this.keepEvidence = options.keepEvidence ?? 20;
    this.maxTokens = options.maxTokens ?? 20_000;
    this.maxEntryFindings = options.maxEntryFindings ?? 50;
  }

  get entryCount(): number {
    return this.entries;
  }

  get tokenCount(): number {
    return this.tokens.size;
  }

  /** Adds one HAR entry as it stands in a file or comes from DevTools. Never throws. */
  add(raw: unknown): void {
    const index = this.entries++;
    try {
      this.addEntry(normalizeEntry(raw, index));
    } catch (err) {
      // A bug must cost one entry, not the capture: say so in the report and carry on.
      this.note(`entry #${index} could not be analysed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Records a problem with the input (an unreadable entry, a skipped body) in the report's notes. */
  note(text: string): void {
    if (this.notes.length < 100) this.notes.push(text);
  }

  /** The raw token with this id, for a surface that keeps only the redacted report ("copy raw token", the signature check). */
  rawToken(id: string): string | null {
    return this.byId.get(id)?.raw ?? null;
  }

  clear(): void {
    this.tokens.clear();
    this.byId.clear();
    this.entryFindingList = [];
    this.worstSkew = null;
    this.notes = [];
    this.dropped = 0;
    this.entries = 0;
    this.keys.clear();
    this.proofTracker.clear();
    this.generation++;
  }

  private addEntry(entry: Entry): void {
    for (const f of entryFindings(entry)) {
      if (this.entryFindingList.filter((x) => x.code === f.code).length < this.maxEntryFindings) this.entryFindingList.push(f);
    }
    const skew = clockSkewMs(entry);
    if (skew !== null && Math.abs(skew) > CLOCK_SKEW_LIMIT_MS && (!this.worstSkew || Math.abs(skew) > Math.abs(this.worstSkew.skewMs))) {
      this.worstSkew = { entry, skewMs: skew };
    }
    this.keys.addEntry(entry);
    const located = locate(entry);
    const proofs = this.proofTracker.check(entry, located);
    const more = proofs.candidates.filter((c) => !located.some((l) => l.raw === c.raw && l.where === c.where && l.name === c.name));
    for (const c of [...located, ...more]) this.addSighting(entry, c);
    for (const { token, proof } of proofs.attached) {
      const t = this.tokens.get(token) ?? this.stateFor({ raw: token, where: 'authorization-header', name: 'Authorization', role: 'access' });
      if (t && t.proofs.length < this.keepEvidence) t.proofs.push(proof);
    }
    const bearer = proofs.bearer === null ? undefined : this.tokens.get(proofs.bearer);
    const cnf = bearer?.decoded.claims?.cnf;
    if (bearer && isPlainObject(cnf) && typeof cnf.jkt === 'string' && bearer.downgrades.length < this.keepEvidence) {
      bearer.downgrades.push({ entry: entry.index, method: entry.method, url: entry.url });
    }
  }

  /**
   * Checks signatures (tokens against the keys collected from the traffic, proofs against their own keys).
   * Asynchronous because jose verifies with WebCrypto; `report()` shows "not checked yet" until this has run.
   * Verified tokens are not checked again; the others are when new keys arrive. Resolves whether any status
   * changed, so a surface re-renders only then.
   */
  async verifySignatures(): Promise<boolean> {
    let changed = false;
    const generation = this.generation;
    const version = this.keys.version;
    for (const t of [...this.tokens.values()]) {
      if (t.sigVersion === version || t.signature?.status === 'verified') continue;
      // A bug must cost one token's status, not the report.
      const signature = await verifyToken(t.raw, t.decoded, this.keys, t.id).catch((err: unknown): SignatureInfo => ({
        status: 'not-checked', kid: null, source: null, entry: null, reason: `The check failed: ${err instanceof Error ? err.message : String(err)}`,
      }));
      if (generation !== this.generation) return false;
      // Compared with what report() showed meanwhile: a token with no key to check does not re-render the panel.
      changed ||= JSON.stringify(signature) !== JSON.stringify(t.signature ?? signatureNow(t.decoded, this.keys, t.id));
      t.signature = signature;
      t.sigVersion = version;
    }
    for (const t of [...this.tokens.values()]) {
      for (const p of t.proofs) {
        const check = p.report.checks.find((c) => c.name === 'signature');
        if (!check || check.ok !== null) continue;
        let ok = false;
        let detail: string;
        try {
          ok = p.jwk !== null && (await verifyWith(p.raw, p.alg, { jwk: p.jwk, certificate: null }));
          detail = ok ? `${p.alg} signature verified with the proof's own key` : p.jwk ? `the ${p.alg} signature does not match the proof's key` : 'no key to verify with';
        } catch (err) {
          detail = `the proof's key cannot be used: ${err instanceof Error ? err.message : String(err)}`;
        }
        if (generation !== this.generation) return false;
        check.ok = ok;
        check.detail = detail;
        changed = true;
      }
    }
    return changed;
  }

  private stateFor(c: Candidate): TokenState | null {
    const existing = this.tokens.get(c.raw);
    if (existing) return existing;
    if (this.tokens.size >= this.maxTokens) {
      this.dropped++;
      return null;
    }
    const state: TokenState = {
      id: tokenId(c.raw),
      raw: c.raw,
      decoded: decode(c.raw),
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
      gathered: { sentExpired: [], sentExpiredCount: 0, sentEarly: [], sentEarlyCount: 0, cookies: [], urls: [], rejected: [], bearerHosts: new Map() },
      signature: null,
      sigVersion: -1,
      proofs: [],
      downgrades: [],
      derived: null,
    };
    this.tokens.set(c.raw, state);
    this.byId.set(state.id, state);
    return state;
  }

  private derive(t: TokenState) {
    if (!t.derived) {
      const read = readTimes(t.decoded.claims, t.expiresAt);
      const cls = classify(t.decoded, { roles: t.roles, responseHosts: t.responseHosts });
      t.derived = { read, cls, inner: decodeInner(t.decoded.claims) };
    }
    return t.derived;
  }

  private addSighting(entry: Entry, c: Candidate): void {
    const t = this.stateFor(c);
    if (!t) return;
    if (!t.roles.has(c.role) || (c.expiresAt !== undefined && t.expiresAt === undefined) || c.where === 'response-body') {
      t.derived = null;
    }
    t.roles.add(c.role);
    if (c.expiresAt !== undefined && t.expiresAt === undefined) t.expiresAt = c.expiresAt;
    if (c.where === 'response-body') t.responseHosts.add(hostOf(entry.url));

    const { read } = this.derive(t);
    const validity = entry.startedMs === null ? 'unknown' : validityAt(read.times, entry.startedMs);
    const sighting: Sighting = {
      entry: entry.index, time: entry.started, method: entry.method, url: entry.url, status: entry.status,
      where: c.where, name: c.name, validityWhenSent: validity,
    };
    if (t.count === 0) this.keys.addHeader(t.decoded.header, t.id, entry.index);
    t.count++;
    if (t.first.length < this.keep) t.first.push(sighting);
    else {
      t.last.push(sighting);
      if (t.last.length > this.keep) t.last.shift();
    }
    // Only a readable time moves first/last seen; an unreadable one stands in until a readable one comes.
    const ms = entry.startedMs;
    if (ms !== null && ms < t.firstMs) [t.firstMs, t.firstSeen] = [ms, entry.started];
    if (ms !== null && ms > t.lastMs) [t.lastMs, t.lastSeen] = [ms, entry.started];
    if (ms === null && t.firstMs === Infinity) {
      t.firstSeen ??= entry.started;
      t.lastSeen = entry.started ?? t.lastSeen;
    }
    this.gather(t, entry, c, validity);
  }

  private gather(t: TokenState, entry: Entry, c: Candidate, validity: Sighting['validityWhenSent']): void {
    const g = t.gathered;
    const evidence = (): Evidence => ({
      entry: entry.index, name: c.name, method: entry.method, url: entry.url, host: hostOf(entry.url), status: entry.status,
      wwwAuthenticate: header(entry.responseHeaders, 'www-authenticate'),
      diagnostics: header(entry.responseHeaders, 'x-ms-diagnostics'),
    });
    const push = (list: Evidence[]) => list.length < this.keepEvidence && list.push(evidence());
    if (c.where === 'cookie' || c.where === 'set-cookie') push(g.cookies);
    if (c.where === 'query') push(g.urls);
    if (!SENT.has(c.where)) return;
    if (validity === 'expired') {
      g.sentExpiredCount++;
      push(g.sentExpired);
    }
    if (validity === 'not-yet-valid') {
      g.sentEarlyCount++;
      push(g.sentEarly);
    }
    // A cookie rides along on every request to its site: a 401 there says nothing about this token.
    if ((entry.status === 401 || entry.status === 403) && c.where !== 'cookie') push(g.rejected);
    if (c.where === 'authorization-header') {
      const host = hostOf(entry.url);
      if (!g.bearerHosts.has(host) && g.bearerHosts.size < this.keepEvidence) g.bearerHosts.set(host, evidence());
    }
  }

  private tokenReport(t: TokenState, nowMs: number, reveal: boolean): TokenReport {
    const { read, cls, inner } = this.derive(t);
    const status = statusAt(read.times, t.decoded.claims !== null, nowMs);
    const findings = judge({
      claims: t.decoded.claims, header: t.decoded.header, error: t.decoded.error, times: read.times, timeProblems: read.problems,
      status, cls, innerHeader: inner?.header ?? null, gathered: t.gathered, nowMs,
    });
    const signature = t.signature ?? signatureNow(t.decoded, this.keys, t.id) ?? { status: 'not-checked', kid: null, source: null, entry: null, reason: 'Not checked yet.' };
    findings.push(...headerRisks(t.decoded.header, t.decoded.claims, cls, this.keys, t.id), ...signatureFinding(signature), ...proofFindings(t.proofs, t.downgrades, t.decoded.claims));
    findings.sort(bySeverity);
    const claims = reveal ? t.decoded.claims : redactClaims(t.decoded.claims);
    const report: TokenReport = {
      id: t.id, format: t.decoded.format, ...cls, header: t.decoded.header, claims, error: t.decoded.error, times: read.times, status,
      statusText: describeStatus(read.times, status, nowMs), explain: explain(t.decoded.claims),
      inner: inner && !reveal ? { ...inner, claims: redactClaims(inner.claims) } : inner,
      firstSeen: t.firstSeen, lastSeen: t.lastSeen, sightings: [...t.first, ...t.last], sightingCount: t.count, findings,
      signature, proofs: t.proofs.map((p) => ({ ...p.report, checks: p.report.checks.map((c) => ({ ...c })) })),
    };
    if (reveal) report.raw = t.raw;
    return report;
  }

  report(nowMs: number, options: ReportOptions = {}): Report {
    const tokens = [...this.tokens.values()].map((t) => this.tokenReport(t, nowMs, options.reveal === true));
    const findings = [...this.entryFindingList];
    if (this.worstSkew) findings.push(clockSkewFinding(this.worstSkew.entry, this.worstSkew.skewMs));
    const notes = [...this.notes];
    if (this.dropped) notes.push(`${plural(this.dropped, 'further distinct token')} ${this.dropped === 1 ? 'was' : 'were'} not kept: the limit is ${this.maxTokens}.`);
    return {
      tool: 'bearerscope', reportVersion: REPORT_VERSION, now: new Date(nowMs).toISOString(), entries: this.entries,
      tokens, findings: findings.sort(bySeverity), notes,
    };
  }
}
