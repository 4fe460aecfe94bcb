/**
 * The analysis: feed it HAR entries one at a time (a file, a live capture), ask for a report at any moment.
 * Memory is bounded per token (a capped number of sightings and evidence), so a long capture does not grow
 * without limit; work per entry is bounded by the caps in `entry.ts`.
 */
import { fileOf, normalizeEntry } from '../har/entry.js';
import { type Entry, entryName } from '../model/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { locate, opaqueValues } from '../find/locate.js';
import type { Candidate, StorageScan } from '../model/places.js';
import type { Report } from '../model/report.js';
import { isPlainObject } from '../util/json.js';
import { KeyRing } from '../crypto/keys.js';
import { ProofTracker } from '../crypto/proofs.js';
import { REPORT_CHECKS, type ReportCheckState } from '../checks/index.js';
import { gather } from './evidence.js';
import { lineage } from './lineage.js';
import { buildReport, type ReportOptions } from './report.js';
import { verifySignatures } from './signatures.js';
import { linkStored, readStorage, type StorageState } from './storage.js';
import { ValueIndex } from './by-value.js';
import { addSighting, newState, tokenId, type TokenState } from './tokens.js';

export { tokenId } from './tokens.js';

/**
 * Ties an entry's server-error and login-redirect findings to the token the request concerns, so the token's lane
 * shows them: the refresh token a token request sent, else the token in its Authorization header.
 */
function linkFindings(found: readonly ReportFinding[], located: readonly Candidate[]): void {
  const linkable = found.filter(
    (f) =>
      f.code === 'idp-error' ||
      f.code === 'login-redirect' ||
      (f.code === 'oauth-error' && f.serverError?.source === 'token-response'),
  );
  if (!linkable.length) return;
  const sent =
    located.find((c) => c.role === 'refresh' && c.where !== 'response-body' && c.where !== 'set-cookie') ??
    located.find((c) => c.where === 'authorization-header');
  if (sent) for (const f of linkable) f.token = tokenId(sent.raw);
}
export type { ReportOptions } from './report.js';

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

export class Analyzer {
  private tokens = new Map<string, TokenState>();
  private byId = new Map<string, TokenState>();
  private entryFindingList: ReportFinding[] = [];
  /** One state per check of the capture as a whole (checks/index.ts), in the list's order. */
  private checks: ReportCheckState[] = REPORT_CHECKS.map((c) => c.create());
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
  private storage: StorageState | null = null;
  /** Values that may be opaque tokens under other names, waiting for a token of that value (by-value.ts). */
  private values = new ValueIndex();

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
      this.note(
        `${entryName(index, this.file)} could not be analysed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  /** Names the file the next entries come from; sightings then say which file they were in. */
  setFile(file: string | undefined): void {
    if (this.entries > this.fileStart) for (const c of this.checks) c.nextFile?.();
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
    this.checks = REPORT_CHECKS.map((c) => c.create());
    this.notes = [];
    this.dropped = 0;
    this.entries = 0;
    this.storage = null;
    this.values.clear();
    this.fileStart = 0;
    this.keys.clear();
    this.proofTracker.clear();
    this.generation++;
  }

  /**
   * Takes a read of the page's storage (src/core/find/storage.ts). A token also seen in traffic joins that token's row;
   * one seen only in storage gets a row of its own. Each read replaces the one before.
   */
  setStorage(scan: StorageScan): void {
    const findings = this.checks.flatMap((c) => c.storage?.(scan) ?? []);
    this.storage = readStorage(scan, this.tokens, findings);
  }

  /** Keeps a report-level finding of one entry (at most `maxEntryFindings` of a code), naming its file when several are read. */
  private keepEntryFinding(f: ReportFinding): void {
    if (this.file !== undefined) f.file = this.file;
    if (this.entryFindingList.filter((x) => x.code === f.code).length < this.maxEntryFindings)
      this.entryFindingList.push(f);
  }

  private addEntry(entry: Entry): void {
    const found: ReportFinding[] = [];
    for (const c of this.checks) found.push(...(c.entry?.(entry, found) ?? []));
    for (const f of found) this.keepEntryFinding(f);
    this.keys.addEntry(entry);
    const located = locate(entry);
    linkFindings(found, located);
    const proofs = this.proofTracker.check(entry, located);
    const more = proofs.candidates.filter(
      (c) => !located.some((l) => l.raw === c.raw && l.where === c.where && l.name === c.name),
    );
    const candidates = [...located, ...more];
    for (const c of candidates) this.addSighting(entry, c);
    candidates.push(...this.linkByValue(entry, candidates));
    lineage(entry, candidates, this.tokens);
    for (const { token, proof } of proofs.attached) {
      const t =
        this.tokens.get(token) ??
        this.stateFor({ raw: token, where: 'authorization-header', name: 'Authorization', role: 'access' });
      t?.proofs.add(proof);
    }
    const bearer = proofs.bearer === null ? undefined : this.tokens.get(proofs.bearer);
    const cnf = bearer?.decoded.claims?.cnf;
    if (bearer && isPlainObject(cnf) && typeof cnf.jkt === 'string' && bearer.downgrades.length < this.keepEvidence) {
      bearer.downgrades.push({ entry: entry.index, ...fileOf(entry), method: entry.method, url: entry.url });
    }
  }

  /**
   * Checks signatures (tokens against the keys collected from the traffic, proofs against their own keys).
   * `report()` shows "not checked yet" until this has run. Resolves whether any status changed.
   */
  async verifySignatures(): Promise<boolean> {
    const generation = this.generation;
    return verifySignatures(
      () => [...this.tokens.values()],
      this.keys,
      () => generation === this.generation,
    );
  }

  /**
   * The entry's values under names that do not say "token" that are a known token's value (a refresh token kept in
   * `Set-Cookie: rt=…`): sightings of that token. The others wait in case a token of that value comes later.
   */
  private linkByValue(entry: Entry, located: readonly Candidate[]): Candidate[] {
    const out: Candidate[] = [];
    for (const v of opaqueValues(entry)) {
      if (located.some((c) => c.raw === v.raw && c.where === v.where && c.name === v.name)) continue;
      if (this.tokens.has(v.raw) || this.storage?.own.has(v.raw)) {
        this.addSighting(entry, v);
        out.push(v);
      } else this.values.wait(entry, v);
    }
    return out;
  }

  private stateFor(c: Candidate): TokenState | null {
    const existing = this.tokens.get(c.raw);
    if (existing) return existing;
    if (this.tokens.size >= this.maxTokens) {
      this.dropped++;
      return null;
    }
    // A token first read from storage and now seen in traffic keeps what storage said about it.
    const state = this.storage?.own.get(c.raw) ?? newState(c.raw, this.keepEvidence);
    this.storage?.own.delete(c.raw);
    if (state.count === 0) state.firstSeen = state.lastSeen = null;
    this.tokens.set(c.raw, state);
    this.byId.set(state.id, state);
    return state;
  }

  private addSighting(entry: Entry, c: Candidate): void {
    const t = this.stateFor(c);
    if (!t) return;
    const first = t.count === 0;
    if (first) this.keys.addHeader(t.decoded.header, t.id, entry.index, entry.file);
    const validity = addSighting(t, entry, c, this.keep);
    gather(t.gathered, entry, c, validity, this.keepEvidence);
    if (!first) return;
    // A new token: the places its value was seen before it was known to be one.
    for (const w of this.values.take(c.raw))
      gather(t.gathered, w.entry, w.c, addSighting(t, w.entry, w.c, this.keep), this.keepEvidence);
    if (this.storage) linkStored(this.storage, c.raw);
  }

  report(nowMs: number, options: ReportOptions = {}): Report {
    return buildReport(
      {
        entries: this.entries,
        tokens: [...this.tokens.values(), ...(this.storage?.own.values() ?? [])],
        keys: this.keys,
        storage: this.storage,
        entryFindings: this.entryFindingList,
        checks: this.checks,
        notes: this.notes,
        dropped: this.dropped,
        maxTokens: this.maxTokens,
      },
      nowMs,
      options,
    );
  }
}
