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
import { ClockSkew, type ClockOwner, clockSkewMessage } from './clock-skew.js';
import { entryFindings } from './entry-checks.js';
import { StrippedCheck } from './stripped.js';
import { explain } from './explain.js';
import { bySeverity, type ReportFinding } from './findings.js';
import { type Evidence, type Gathered, judge } from './judge.js';
import { type Candidate, type Role, locate } from './locate.js';
import { type InnerToken, REPORT_VERSION, type Report, type Sighting, type TokenReport } from './report.js';
import { redactClaims } from './redact.js';
import { type ReadTimes, describeStatus, readTimes, statusAt, validityAt } from './times.js';
import { plural } from './plural.js';

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
  /** Whose clock the capture's times come from: the live panel's own ("this machine") or a HAR file's (default). */
  clockOwner?: ClockOwner;
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
  private entryFindingList: ReportFinding[] = [];
  private skew = new ClockSkew();
  private stripped = new StrippedCheck();
  /** The file entries now come from, when several are read into one analysis (the CLI's several arguments). */
  private file: string | undefined;
  private fileStart = 0;
  private notes: string[] = [];
  private dropped = 0;
  private entries = 0;
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
    // Entry numbers count within the file they are in, as the file's own viewer would show them.
    const index = this.entries++ - this.fileStart;
    try {
      this.addEntry(normalizeEntry(raw, index));
    } catch (err) {
      // A bug must cost one entry, not the capture: say so in the report and carry on.
      this.note(`entry #${index + 1} could not be analysed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Names the file the next entries come from; sightings then say which file they were in. */
  setFile(file: string | undefined): void {
    this.file = file;
    this.fileStart = this.entries;
  }

  /** Records a problem with the input (an unreadable entry, a skipped body) in the report's notes. */
  note(text: string): void {
    if (this.notes.length < 100) this.notes.push(text);
  }

  clear(): void {
    this.tokens.clear();
    this.entryFindingList = [];
    this.skew.clear();
    this.stripped.clear();
    this.notes = [];
    this.dropped = 0;
    this.entries = 0;
    this.fileStart = 0;
  }

  private addEntry(entry: Entry): void {
    for (const f of entryFindings(entry)) {
      if (this.entryFindingList.filter((x) => x.code === f.code).length < this.maxEntryFindings) this.entryFindingList.push(f);
    }
    this.skew.add(entry);
    this.stripped.add(entry);
    for (const c of locate(entry)) this.addSighting(entry, c);
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
      derived: null,
    };
    this.tokens.set(c.raw, state);
    return state;
  }

  private derive(t: TokenState) {
    if (!t.derived) {
      const read = readTimes(t.decoded.claims, t.expiresAt);
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
    if (c.where === 'response-body') t.responseHosts.add(hostOf(entry.url));

    const { read } = this.derive(t);
    const validity = entry.startedMs === null ? 'unknown' : validityAt(read.times, entry.startedMs);
    const sighting: Sighting = {
      entry: entry.index, time: entry.started, method: entry.method, url: entry.url, status: entry.status,
      where: c.where, name: c.name, validityWhenSent: validity,
    };
    if (c.scheme) sighting.scheme = c.scheme;
    if (this.file !== undefined) sighting.file = this.file;
    t.count++;
    if (t.first.length < this.keep) t.first.push(sighting);
    else {
      t.last.push(sighting);
      if (t.last.length > this.keep) t.last.shift();
    }
    const ms = entry.startedMs ?? NaN;
    if (ms < t.firstMs || t.firstSeen === null) [t.firstMs, t.firstSeen] = [ms, entry.started];
    if (ms > t.lastMs || t.lastSeen === null) [t.lastMs, t.lastSeen] = [ms, entry.started];
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
    if (c.where === 'authorization-header' || c.where === 'header') {
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
    }).sort(bySeverity);
    const claims = reveal ? t.decoded.claims : redactClaims(t.decoded.claims, { personal: true });
    const report: TokenReport = {
      id: t.id, format: t.decoded.format, family: cls.family, type: cls.type, policy: cls.policy, kind: cls.kind,
      clientAuth: cls.clientAuth, header: t.decoded.header, claims, error: t.decoded.error, times: read.times, status,
      statusText: describeStatus(read.times, status, nowMs), explain: explain(t.decoded.claims),
      inner: inner && !reveal ? { ...inner, claims: redactClaims(inner.claims, { personal: true }) } : inner,
      firstSeen: t.firstSeen, lastSeen: t.lastSeen, sightings: [...t.first, ...t.last], sightingCount: t.count, findings,
    };
    if (reveal) report.raw = t.raw;
    return report;
  }

  report(nowMs: number, options: ReportOptions = {}): Report {
    const tokens = [...this.tokens.values()].map((t) => this.tokenReport(t, nowMs, options.reveal === true));
    const findings = [...this.entryFindingList];
    const skew = this.skew.worst();
    if (skew) {
      const { host, skewMs, agreeing, responses, entry } = skew.estimate;
      findings.push({ code: 'clock-skew', severity: 'warning', entry, message: clockSkewMessage(skew, options.clockOwner ?? 'the capturing machine'), clockSkew: { host, skewMs, agreeing, responses } });
    }
    const stripped = this.stripped.finding();
    if (stripped) findings.push(stripped);
    const notes = [...this.notes];
    const templates = this.stripped.note();
    if (templates) notes.push(templates);
    if (this.dropped) notes.push(`${plural(this.dropped, 'further distinct token')} were not kept: the limit is ${this.maxTokens}.`);
    return {
      tool: 'bearerscope', reportVersion: REPORT_VERSION, now: new Date(nowMs).toISOString(), entries: this.entries,
      tokens, findings: findings.sort(bySeverity), notes,
    };
  }
}
