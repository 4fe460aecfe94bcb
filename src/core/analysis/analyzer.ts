/**
 * The analysis: feed it HAR entries one at a time (a file, a live capture), ask for a report at any moment.
 * Memory is bounded per token (a capped number of sightings and evidence), so a long capture does not grow
 * without limit; work per entry is bounded by the caps in `entry.ts`.
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { classify } from '../token/classify.js';
import type { Classification } from '../model/token.js';
import { setCookieFlags } from '../checks/cookie-leak.js';
import { decode } from '../token/decode.js';
import type { Decoded } from '../model/token.js';
import { fileOf, header, normalizeEntry } from '../har/entry.js';
import type { Entry } from '../model/entry.js';
import { ClockSkew, type ClockOwner, clockSkewMessage } from '../checks/clock-skew.js';
import { entryFindings } from '../checks/oauth-errors.js';
import { StrippedCheck } from '../checks/stripped.js';
import { explain } from '../token/explain.js';
import { storageExposure } from '../checks/storage-exposure.js';
import { bySeverity, type ReportFinding } from '../model/findings.js';
import { judge } from '../checks/token.js';
import type { Evidence, Gathered } from '../model/evidence.js';
import { locate } from '../find/locate.js';
import type { Candidate, Role } from '../model/places.js';
import { type InnerToken, REPORT_VERSION, type Lineage, type Report, type Sighting, type SignatureInfo, type TokenReport } from '../model/report.js';
import { headerRisks } from '../checks/header-risks.js';
import { isPlainObject } from '../util/json.js';
import { KeyRing } from '../crypto/keys.js';
import { type ProofState, ProofTracker } from '../crypto/proofs.js';
import { proofFindings, signatureFinding } from '../checks/proofs.js';
import { signatureNow, verifyToken, verifyWith } from '../crypto/verify.js';
import { plural } from '../util/plural.js';
import { redactClaims } from '../token/redact.js';
import { entrySecrets, storageSecrets } from '../find/secrets.js';
import type { StorageCandidate, StorageScan } from '../model/places.js';
import { type ReadTimes, describeStatus, readTimes, statusAt, validityAt } from '../token/times.js';

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
  /** Include raw token values, credential claims (refresh and actor tokens) and personal claims. Off by default. */
  reveal?: boolean;
  /**
   * Redact personal claims (`email`, `upn`, `name` …) too, as an export must. Default: yes unless `reveal`. The
   * panel's own view turns it off: a person reading their token in DevTools needs to see whose it is.
   */
  redactPersonal?: boolean;
  /** Whose clock the capture's times come from: the live panel's own ("this machine") or a HAR file's (default). */
  clockOwner?: ClockOwner;
}

interface TokenState {
  id: string;
  raw: string;
  decoded: Decoded;
  expiresAt: number | undefined;
  /** Set when `expiresAt` came from a storage cache rather than a token response. */
  expiresFromCache?: boolean;
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
  downgrades: Array<{ entry: number; file?: string; method: string; url: string }>;
  /** Refresh lineage (timeline): the token response that issued it, the one that issued its successor, a use after that. */
  issuedBy?: Lineage['issuedBy'];
  replacedAt?: Lineage['replacedAt'];
  reusedAfterReplace?: Lineage['reusedAfterReplace'];
  /** Cached: depends only on the raw token and what the sightings said, recomputed when those change. */
  derived: { read: ReadTimes; cls: Classification; inner: InnerToken | null } | null;
}

/** The places where the request carried the token out; the others (responses, Set-Cookie) brought it in. */
const SENT = new Set(['authorization-header', 'header', 'form-field', 'cookie', 'query', 'request-body']);

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
  private skew = new ClockSkew();
  /** Each earlier file's own estimate: files read together may come from different machines and clocks. */
  private earlierSkews: Array<{ skew: ClockSkew; file: string | undefined }> = [];
  private stripped = new StrippedCheck();
  /** The file entries now come from, when several are read into one analysis (the CLI's several arguments). */
  private file: string | undefined;
  private fileStart = 0;
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
  /** Secrets already reported (provider and hash), so each is reported once. */
  private seenSecrets = new Set<string>();
  /** The last read of the page's storage: replaced by each new read, not accumulated. */
  private storage: { scan: StorageScan; byRaw: Map<string, StorageCandidate[]>; own: Map<string, TokenState>; findings: ReportFinding[] } | null = null;

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
    // Entry numbers count within the file they are in, as the file's own viewer would show them.
    const index = this.entries++ - this.fileStart;
    try {
      const entry = normalizeEntry(raw, index);
      if (this.file !== undefined) entry.file = this.file;
      this.addEntry(entry);
    } catch (err) {
      // A bug must cost one entry, not the capture: say so in the report and carry on.
      this.note(`entry #${index + 1} could not be analysed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Names the file the next entries come from; sightings then say which file they were in. */
  setFile(file: string | undefined): void {
    if (this.entries > this.fileStart) {
      this.earlierSkews.push({ skew: this.skew, file: this.file });
      this.skew = new ClockSkew();
    }
    this.file = file;
    this.fileStart = this.entries;
  }

  /** Records a problem with the input (an unreadable entry, a skipped body) in the report's notes. */
  note(text: string): void {
    if (this.notes.length < 100) this.notes.push(text);
  }

  /** The raw token with this id, for a surface that keeps only the redacted report ("copy raw token", the signature check). */
  rawToken(id: string): string | null {
    // A token seen only in the page's storage has no row in `tokens` yet.
    return this.byId.get(id)?.raw ?? [...(this.storage?.own.values() ?? [])].find((t) => t.id === id)?.raw ?? null;
  }

  clear(): void {
    this.tokens.clear();
    this.byId.clear();
    this.entryFindingList = [];
    this.skew.clear();
    this.earlierSkews = [];
    this.stripped.clear();
    this.notes = [];
    this.dropped = 0;
    this.entries = 0;
    this.seenSecrets.clear();
    this.storage = null;
    this.fileStart = 0;
    this.keys.clear();
    this.proofTracker.clear();
    this.generation++;
  }

  /**
   * Takes a read of the page's storage (src/core/storage.ts). A token also seen in traffic joins that token's row;
   * one seen only in storage gets a row of its own. Each read replaces the one before.
   */
  setStorage(scan: StorageScan): void {
    const byRaw = new Map<string, StorageCandidate[]>();
    for (const c of scan.candidates) byRaw.set(c.raw, [...(byRaw.get(c.raw) ?? []), c]);
    const own = new Map<string, TokenState>();
    for (const [raw, list] of byRaw) {
      const t = this.tokens.get(raw) ?? this.newState(raw);
      if (!this.tokens.has(raw)) own.set(raw, t);
      for (const c of list) {
        if (!t.roles.has(c.role)) {
          t.roles.add(c.role);
          t.derived = null;
        }
        if (c.expiresAt !== undefined && t.expiresAt === undefined) {
          t.expiresAt = c.expiresAt;
          t.expiresFromCache = true;
          t.derived = null;
        }
      }
      if (own.has(raw)) t.firstSeen = t.lastSeen = scan.time;
    }
    // Storage secrets are judged afresh on each read: a key removed from storage is no longer reported.
    const findings = storageSecrets(scan.items, new Set());
    this.storage = { scan, byRaw, own, findings };
  }

  /** Keeps a report-level finding of one entry (at most `maxEntryFindings` of a code), naming its file when several are read. */
  private keepEntryFinding(f: ReportFinding): void {
    if (this.file !== undefined) f.file = this.file;
    if (this.entryFindingList.filter((x) => x.code === f.code).length < this.maxEntryFindings) this.entryFindingList.push(f);
  }

  private addEntry(entry: Entry): void {
    const own = entryFindings(entry);
    for (const f of own) this.keepEntryFinding(f);
    this.skew.add(entry);
    this.stripped.add(entry);
    const reported = own.some((f) => f.code === 'client-secret-in-browser') ? new Set(['azure-ad-client-secret']) : undefined;
    for (const f of entrySecrets(entry, this.seenSecrets, reported)) this.keepEntryFinding(f);
    this.keys.addEntry(entry);
    const located = locate(entry);
    const proofs = this.proofTracker.check(entry, located);
    const more = proofs.candidates.filter((c) => !located.some((l) => l.raw === c.raw && l.where === c.where && l.name === c.name));
    const candidates = [...located, ...more];
    for (const c of candidates) this.addSighting(entry, c);
    this.lineage(entry, candidates);
    for (const { token, proof } of proofs.attached) {
      const t = this.tokens.get(token) ?? this.stateFor({ raw: token, where: 'authorization-header', name: 'Authorization', role: 'access' });
      if (t && t.proofs.length < this.keepEvidence) t.proofs.push(proof);
    }
    const bearer = proofs.bearer === null ? undefined : this.tokens.get(proofs.bearer);
    const cnf = bearer?.decoded.claims?.cnf;
    if (bearer && isPlainObject(cnf) && typeof cnf.jkt === 'string' && bearer.downgrades.length < this.keepEvidence) {
      bearer.downgrades.push({ entry: entry.index, ...fileOf(entry), method: entry.method, url: entry.url });
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

  /**
   * Which token response issued which tokens, and with which refresh token (RFC 6749 §6): a response body's tokens
   * were issued by this entry; a refresh token the request sent is replaced when the response issued another one,
   * and a later request that sends it again is a reuse (the case refresh token rotation exists to catch,
   * RFC 9700 §4.14.2).
   */
  private lineage(entry: Entry, candidates: Candidate[]): void {
    const when = { entry: entry.index, time: entry.started };
    const sent = candidates.filter((c) => SENT.has(c.where)).map((c) => this.tokens.get(c.raw)).filter((t): t is TokenState => t !== undefined);
    for (const t of sent) {
      if (t.replacedAt && !t.reusedAfterReplace && t.replacedAt.entry !== entry.index) t.reusedAfterReplace = when;
    }
    const issued = candidates.filter((c) => c.where === 'response-body').map((c) => this.tokens.get(c.raw)).filter((t): t is TokenState => t !== undefined);
    if (!issued.length) return;
    const grant = sent.find((t) => t.roles.has('refresh'));
    for (const t of issued) if (!t.issuedBy && t !== grant) t.issuedBy = grant ? { ...when, refreshTokenId: grant.id } : when;
    const successor = issued.find((t) => t.roles.has('refresh') && t !== grant);
    if (grant && successor && !grant.replacedAt) grant.replacedAt = { ...when, by: successor.id };
  }

  private stateFor(c: Candidate): TokenState | null {
    const existing = this.tokens.get(c.raw);
    if (existing) return existing;
    if (this.tokens.size >= this.maxTokens) {
      this.dropped++;
      return null;
    }
    // A token first read from storage and now seen in traffic keeps what storage said about it.
    const state = this.storage?.own.get(c.raw) ?? this.newState(c.raw);
    this.storage?.own.delete(c.raw);
    if (state.count === 0) state.firstSeen = state.lastSeen = null;
    this.tokens.set(c.raw, state);
    this.byId.set(state.id, state);
    return state;
  }

  private newState(raw: string): TokenState {
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
      gathered: { sentExpired: [], sentExpiredCount: 0, sentEarly: [], sentEarlyCount: 0, cookies: [], urls: [], rejected: [], bearerHosts: new Map() },
      signature: null,
      sigVersion: -1,
      proofs: [],
      downgrades: [],
      derived: null,
    };
  }

  private derive(t: TokenState) {
    if (!t.derived) {
      const read = readTimes(t.decoded.claims, t.expiresAt);
      if (t.expiresFromCache && read.times.expSource === 'token-response') read.times.expSource = 'cache';
      const cls = classify(t.decoded, { roles: t.roles, responseHosts: t.responseHosts }, t.raw);
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
    if (c.where === 'response-body') t.responseHosts.add(entry.host);

    const { read } = this.derive(t);
    const validity = entry.startedMs === null ? 'unknown' : validityAt(read.times, entry.startedMs);
    const sighting: Sighting = {
      entry: entry.index, time: entry.started, method: entry.method, url: entry.url, status: entry.status,
      where: c.where, name: c.name, validityWhenSent: validity,
    };
    if (c.scheme) sighting.scheme = c.scheme;
    if (this.file !== undefined) sighting.file = this.file;
    if (t.count === 0) this.keys.addHeader(t.decoded.header, t.id, entry.index, entry.file);
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
      entry: entry.index, ...fileOf(entry), name: c.name, method: entry.method, url: entry.url, host: entry.host, status: entry.status,
      wwwAuthenticate: header(entry.responseHeaders, 'www-authenticate'),
      diagnostics: header(entry.responseHeaders, 'x-ms-diagnostics'),
    });
    const push = (list: Evidence[]) => list.length < this.keepEvidence && list.push(evidence());
    if (c.where === 'cookie') push(g.cookies);
    if (c.where === 'set-cookie') {
      // The attributes grade cookie-leak: keep at least one Set-Cookie even when the list is full of plain sightings.
      if (g.cookies.length >= this.keepEvidence && !g.cookies.some((e) => e.httpOnly !== undefined)) g.cookies.pop();
      if (g.cookies.length < this.keepEvidence) g.cookies.push({ ...evidence(), ...(setCookieFlags(entry, c.name) ?? {}) });
    }
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
    if (c.where === 'authorization-header' || c.where === 'header') {
      const host = entry.host;
      if (!g.bearerHosts.has(host) && g.bearerHosts.size < this.keepEvidence) g.bearerHosts.set(host, evidence());
    }
  }

  private tokenReport(t: TokenState, nowMs: number, reveal: boolean, personal: boolean): TokenReport {
    const { read, cls, inner } = this.derive(t);
    const status = statusAt(read.times, t.decoded.claims !== null, nowMs);
    const stored = this.storage?.byRaw.get(t.raw) ?? [];
    const exposure = storageExposure(stored, cls.type, cls.kind === 'unknown' ? 'token' : `${cls.kind} token`);
    const findings = [...judge({
      claims: t.decoded.claims, header: t.decoded.header, error: t.decoded.error, times: read.times, timeProblems: read.problems,
      status, cls, innerHeader: inner?.header ?? null, gathered: t.gathered, nowMs,
    }), ...(exposure ? [exposure] : [])];
    const signature = t.signature ?? signatureNow(t.decoded, this.keys, t.id) ?? { status: 'not-checked', kid: null, source: null, entry: null, reason: 'Not checked yet.' };
    findings.push(...headerRisks(t.decoded.header, t.decoded.claims, cls, this.keys, t.id), ...signatureFinding(signature), ...proofFindings(t.proofs, t.downgrades, t.decoded.claims));
    findings.sort(bySeverity);
    const scan = this.storage?.scan;
    const scanMs = scan ? Date.parse(scan.time) : NaN;
    const storedSightings: Sighting[] = stored.map((c) => {
      const s: Sighting = {
        entry: -1, time: scan?.time ?? null, method: '', url: scan?.url ?? '', status: 0, where: c.where, name: c.key,
        validityWhenSent: Number.isFinite(scanMs) ? validityAt(read.times, scanMs) : 'unknown',
      };
      if (c.path) s.path = c.path;
      if (c.library) s.library = c.library;
      if (c.encrypted) s.encrypted = true;
      if (c.cache) s.cache = c.cache;
      return s;
    });
    const claims = reveal ? t.decoded.claims : redactClaims(t.decoded.claims, { personal });
    const report: TokenReport = {
      id: t.id, format: t.decoded.format, ...cls, header: t.decoded.header, claims, error: t.decoded.error, times: read.times, status,
      statusText: describeStatus(read.times, status, nowMs), explain: explain(t.decoded.claims),
      inner: inner && !reveal ? { ...inner, claims: redactClaims(inner.claims, { personal }) } : inner,
      firstSeen: t.firstSeen, lastSeen: t.lastSeen, sightings: [...t.first, ...t.last, ...storedSightings], sightingCount: t.count + storedSightings.length, findings,
      signature, proofs: t.proofs.map((p) => ({ ...p.report, checks: p.report.checks.map((c) => ({ ...c })) })),
    };
    if (t.issuedBy) report.issuedBy = t.issuedBy;
    if (t.replacedAt) report.replacedAt = t.replacedAt;
    if (t.reusedAfterReplace) report.reusedAfterReplace = t.reusedAfterReplace;
    if (reveal) report.raw = t.raw;
    return report;
  }

  report(nowMs: number, options: ReportOptions = {}): Report {
    const states = [...this.tokens.values(), ...(this.storage?.own.values() ?? [])];
    const reveal = options.reveal === true;
    const tokens = states.map((t) => this.tokenReport(t, nowMs, reveal, options.redactPersonal ?? !reveal));
    const findings = [...this.entryFindingList, ...(this.storage?.findings ?? [])];
    for (const { skew: estimator, file } of [...this.earlierSkews, { skew: this.skew, file: this.file }]) {
      const skew = estimator.worst();
      if (!skew) continue;
      const { host, skewMs, agreeing, responses, entry } = skew.estimate;
      findings.push({ code: 'clock-skew', severity: 'warning', entry, message: clockSkewMessage(skew, options.clockOwner ?? 'the capturing machine'), clockSkew: { host, skewMs, agreeing, responses }, ...fileOf({ file }) });
    }
    const stripped = this.stripped.finding();
    if (stripped) findings.push(stripped);
    const notes = [...this.notes, ...(this.storage?.scan.notes ?? [])];
    const templates = this.stripped.note();
    if (templates) notes.push(templates);
    if (this.dropped) notes.push(`${plural(this.dropped, 'further distinct token')} ${this.dropped === 1 ? 'was' : 'were'} not kept: the limit is ${this.maxTokens}.`);
    return {
      tool: 'bearerscope', reportVersion: REPORT_VERSION, now: new Date(nowMs).toISOString(), entries: this.entries,
      tokens, findings: findings.sort(bySeverity), notes,
    };
  }
}
