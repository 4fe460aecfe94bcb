/** Findings from a token's signature status and from the proofs of possession sent with it. */
import type { Claims } from '../model/token.js';
import { entryName } from '../model/entry.js';
import { entriesOf, type Finding, type FindingCode } from '../model/findings.js';
import { type ProofState, codeOfCheck } from '../crypto/proofs.js';
import type { SignatureInfo } from '../model/report.js';
import { isPlainObject } from '../util/json.js';
import { header } from '../har/entry.js';
import type { Entry } from '../model/entry.js';

/**
 * A resource server's DPoP nonce challenge (RFC 9449 §9): `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"`
 * and a `DPoP-Nonce` header. The client is expected to retry with the nonce in a fresh proof: a step, not a refusal.
 */
export function isNonceChallenge(entry: Entry): boolean {
  if (entry.status !== 401 || !header(entry.responseHeaders, 'dpop-nonce')) return false;
  const challenge = header(entry.responseHeaders, 'www-authenticate') ?? '';
  return /\bdpop\b/i.test(challenge) && /error\s*=\s*"?use_dpop_nonce\b/i.test(challenge);
}

export function signatureFinding(s: SignatureInfo): Finding[] {
  const at = entriesOf(s.entry === null ? [] : [{ entry: s.entry, file: s.file }]);
  if (s.status === 'untrusted-key')
    return [
      {
        code: 'signature-untrusted-key',
        severity: 'warning',
        ...at,
        message: `${s.reason} Nothing in the capture says its issuer signed it: it may be a forgery. Check that the server takes keys only from its issuer's configured jwks_uri, never from wherever a key turns up.`,
      },
    ];
  if (s.status !== 'invalid') return [];
  return [
    {
      code: 'signature-invalid',
      severity: 'error',
      ...at,
      message: `${s.reason} A server that verifies signatures refuses this token; one that accepted it does not check them. Check where the token was built, and that the server validates every token against its issuer's keys.`,
    },
  ];
}

const ADVICE: Partial<Record<FindingCode, string>> = {
  'dpop-invalid':
    'A server that follows RFC 9449 §4.3 rejects this proof; one that accepts it is not checking what makes DPoP worth having. Fix the client that builds the proof, and check that the server validates each of these.',
  'dpop-replayed':
    'An attacker who captures a proof sends it again: a server that does not remember jti values (within its iat window) accepts the copy. Check that the server rejects a jti it has seen, and that the client makes a new proof per request.',
  'dpop-unbound':
    'A proof only protects a token bound to its key: an attacker with the token signs proofs with a key of their own. Check that the authorization server binds the token (cnf.jkt) and the resource server compares it with the proof key.',
  'pop-invalid':
    'A resource server checking the signed request rejects it; one that accepts it is not checking the proof of possession. Check the client that signs requests, and that the server validates these fields.',
};

interface Group {
  at: Array<{ entry: number; file?: string }>;
  details: string[];
}

const signaturePending = (p: ProofState) => p.report.checks.some((c) => c.name === 'signature' && c.ok === null);

/** Adds a judged proof's failed checks to the groups, by the finding each raises. */
function tally(groups: Map<FindingCode, Group>, p: ProofState): void {
  for (const c of p.report.checks) {
    if (c.ok !== false) continue;
    const code = codeOfCheck(p.report.kind, c);
    const g = groups.get(code) ?? { at: [], details: [] };
    if (g.at.length < 20 && !g.at.some((x) => x.entry === p.report.entry && x.file === p.report.file))
      g.at.push({ entry: p.report.entry, file: p.report.file });
    if (g.details.length < 4) g.details.push(`${c.name}: ${c.detail} (${entryName(p.report.entry, p.report.file)})`);
    groups.set(code, g);
  }
}

/**
 * Every proof sent with one token, judged: the first `keep` are kept whole for display, the others only as the
 * failures they add to the token's findings, so a replay after many good proofs is reported like the first one.
 */
export class ProofLedger {
  readonly shown: ProofState[] = [];
  /** How many proofs were sent with it, shown or not. */
  count = 0;
  private unshown = new Map<FindingCode, Group>();
  /** Proofs not shown whose signature is still to be checked: tallied once it is (`settled`). */
  private pending = new Set<ProofState>();

  constructor(private readonly keep: number) {}

  add(p: ProofState): void {
    this.count++;
    if (this.shown.length < this.keep) this.shown.push(p);
    else if (signaturePending(p)) this.pending.add(p);
    else tally(this.unshown, p);
  }

  /** The proofs whose signature check is due. */
  unchecked(): ProofState[] {
    return [...this.shown.filter(signaturePending), ...this.pending];
  }

  /** Called once an `unchecked()` proof's signature check is filled in. */
  settled(p: ProofState): void {
    if (!this.pending.delete(p)) return;
    tally(this.unshown, p);
  }

  /** The failures of every proof judged so far: the shown ones as they stand now, then the others. */
  groups(): Map<FindingCode, Group> {
    const out = new Map<FindingCode, Group>();
    for (const p of this.shown) tally(out, p);
    for (const [code, g] of this.unshown) {
      const mine = out.get(code) ?? { at: [], details: [] };
      for (const x of g.at)
        if (mine.at.length < 20 && !mine.at.some((y) => y.entry === x.entry && y.file === x.file)) mine.at.push(x);
      mine.details.push(...g.details.slice(0, Math.max(0, 4 - mine.details.length)));
      out.set(code, mine);
    }
    return out;
  }
}

export function proofFindings(
  proofs: ProofLedger,
  downgrades: Array<{ entry: number; file?: string; method: string; url: string }>,
  claims: Claims | null,
): Finding[] {
  const out: Finding[] = [];
  for (const [code, g] of proofs.groups()) {
    const what =
      code === 'pop-invalid' ? 'The PoP signed request sent with it fails' : 'The DPoP proof sent with it fails';
    out.push({
      code,
      severity: 'error',
      ...entriesOf(g.at),
      message: `${what}: ${g.details.join('; ')}. ${ADVICE[code] ?? ''}`.trim(),
    });
  }
  if (downgrades.length) {
    const cnf = claims?.cnf;
    const jkt = isPlainObject(cnf) && typeof cnf.jkt === 'string' ? cnf.jkt : '?';
    const d = downgrades[0];
    out.push({
      code: 'dpop-downgrade',
      severity: 'error',
      ...entriesOf(downgrades),
      message: `It is bound to a DPoP key (cnf.jkt ${jkt}) but was sent as a Bearer token, without a proof (first: ${entryName(d?.entry ?? 0, d?.file)}, ${d?.method} ${d?.url.split('?')[0]}). A thief tries exactly this with a stolen bound token; RFC 9449 §7.2 requires the server to refuse it. Check that the resource server rejects Bearer for DPoP-bound tokens, and that the client sends Authorization: DPoP with a proof.`,
    });
  }
  return out;
}
