/** Findings from a token's signature status and from the proofs of possession sent with it. */
import type { Claims } from '../model/token.js';
import { entryName } from '../model/entry.js';
import { entriesOf, type Finding, type FindingCode } from '../model/findings.js';
import { type ProofState, codeOfCheck } from '../crypto/proofs.js';
import type { SignatureInfo } from '../model/report.js';
import { isPlainObject } from '../util/json.js';

export function signatureFinding(s: SignatureInfo): Finding[] {
  if (s.status !== 'invalid') return [];
  return [{ code: 'signature-invalid', severity: 'error', ...entriesOf(s.entry === null ? [] : [{ entry: s.entry, file: s.file }]), message: `${s.reason} A server that verifies signatures refuses this token; one that accepted it does not check them. Check where the token was built, and that the server validates every token against its issuer's keys.` }];
}

const ADVICE: Partial<Record<FindingCode, string>> = {
  'dpop-invalid': 'A server that follows RFC 9449 §4.3 rejects this proof; one that accepts it is not checking what makes DPoP worth having. Fix the client that builds the proof, and check that the server validates each of these.',
  'dpop-replayed': 'An attacker who captures a proof sends it again: a server that does not remember jti values (within its iat window) accepts the copy. Check that the server rejects a jti it has seen, and that the client makes a new proof per request.',
  'dpop-unbound': 'A proof only protects a token bound to its key: an attacker with the token signs proofs with a key of their own. Check that the authorization server binds the token (cnf.jkt) and the resource server compares it with the proof key.',
  'pop-invalid': 'A resource server checking the signed request rejects it; one that accepts it is not checking the proof of possession. Check the client that signs requests, and that the server validates these fields.',
};

export function proofFindings(proofs: ProofState[], downgrades: Array<{ entry: number; file?: string; method: string; url: string }>, claims: Claims | null): Finding[] {
  const byCode = new Map<FindingCode, { at: Array<{ entry: number; file?: string }>; details: string[] }>();
  for (const p of proofs) {
    for (const c of p.report.checks) {
      if (c.ok !== false) continue;
      const code = codeOfCheck(p.report.kind, c);
      const g = byCode.get(code) ?? { at: [], details: [] };
      if (!g.at.some((x) => x.entry === p.report.entry && x.file === p.report.file)) g.at.push({ entry: p.report.entry, file: p.report.file });
      const text = `${c.name}: ${c.detail} (${entryName(p.report.entry, p.report.file)})`;
      if (g.details.length < 4) g.details.push(text);
      byCode.set(code, g);
    }
  }
  const out: Finding[] = [];
  for (const [code, g] of byCode) {
    const what = code === 'pop-invalid' ? 'The PoP signed request sent with it fails' : 'The DPoP proof sent with it fails';
    out.push({ code, severity: 'error', ...entriesOf(g.at), message: `${what}: ${g.details.join('; ')}. ${ADVICE[code] ?? ''}`.trim() });
  }
  if (downgrades.length) {
    const cnf = claims?.cnf;
    const jkt = isPlainObject(cnf) && typeof cnf.jkt === 'string' ? cnf.jkt : '?';
    const d = downgrades[0];
    out.push({ code: 'dpop-downgrade', severity: 'error', ...entriesOf(downgrades), message: `It is bound to a DPoP key (cnf.jkt ${jkt}) but was sent as a Bearer token, without a proof (first: ${entryName(d?.entry ?? 0, d?.file)}, ${d?.method} ${d?.url.split('?')[0]}). A thief tries exactly this with a stolen bound token; RFC 9449 §7.2 requires the server to refuse it. Check that the resource server rejects Bearer for DPoP-bound tokens, and that the client sends Authorization: DPoP with a proof.` });
  }
  return out;
}
