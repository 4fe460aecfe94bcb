import { entryName } from '../../core/model/entry.js';
import { proofClaimInfo, proofHeaderInfo } from '../../core/token/claims-info.js';
import { visible } from '../../core/util/escape.js';
import type { ProofReport, SignatureInfo, TokenReport } from '../../core/model/report.js';
import { ClaimsTable } from './ClaimsTable.js';

const STATUS_TEXT: Record<SignatureInfo['status'], string> = {
  verified: '✓ verified',
  invalid: '✖ invalid',
  'untrusted-key': '▲ not the issuer’s key',
  'no-key': 'no key seen',
  unsigned: '✖ unsigned',
  'not-checked': 'not checked',
};
const PROOF_TITLE: Record<ProofReport['kind'], string> = { dpop: 'DPoP proof', pop: 'PoP signed request' };

/** The signature, checked against keys collected from the traffic: apart from the times, which say nothing about it. */
function SignatureStatus({ s }: { s: SignatureInfo }) {
  return (
    <section class="signature-status" data-status={s.status}>
      <h3>Signature from captured keys</h3>
      <p>
        <strong class={`sig-${s.status}`}>{STATUS_TEXT[s.status]}</strong> {visible(s.reason)}
      </p>
      {s.source && (
        <p class="muted">
          key {s.kid ? visible(s.kid) : '(unnamed)'} from {visible(s.source)}
          {s.entry !== null ? ` (${entryName(s.entry, s.file)})` : ''}
        </p>
      )}
    </section>
  );
}

/** One line for a proof: its verdict, the request, and which checks fail (or how many pass). */
function summary(p: ProofReport): { verdict: 'passes' | 'fails'; text: string } {
  const failed = p.checks.filter((c) => c.ok === false).map((c) => c.name);
  const unknown = p.checks.filter((c) => c.ok === null).length;
  if (failed.length)
    return { verdict: 'fails', text: `✖ ${failed.join(', ')} ${failed.length > 1 ? 'fail' : 'fails'}` };
  const passed = p.checks.length - unknown;
  return {
    verdict: 'passes',
    text: `✓ ${passed} ${passed === 1 ? 'check passes' : 'checks pass'}${unknown ? `, ${unknown} not checked` : ''}`,
  };
}

/** A proof that passes is one line, open on demand; one that fails is open, with the failing checks first in its line. */
function Proof({ p }: { p: ProofReport }) {
  const { verdict, text } = summary(p);
  const headerInfo = (name: string) => proofHeaderInfo(p.kind, name);
  const claimInfo = (name: string) => proofClaimInfo(p.kind, name);
  return (
    <details class="proof" data-kind={p.kind} data-entry={p.entry} data-verdict={verdict} open={verdict === 'fails'}>
      <summary>
        <span class={`proof-verdict ${verdict}`}>{text}</span> · {PROOF_TITLE[p.kind]} · {entryName(p.entry, p.file)} ·{' '}
        {visible(p.method)} {visible(p.url.split('?')[0] ?? '')}
      </summary>
      <table class="proof-checks" aria-label="Proof checks">
        <tbody>
          {p.checks.map((c, i) => (
            <tr key={`${c.name}-${i}`} data-check={c.name} data-ok={c.ok === null ? 'unknown' : String(c.ok)}>
              <th scope="row">{c.name}</th>
              <td>{c.ok === null ? '–' : c.ok ? '✓' : '✖'}</td>
              <td>{visible(c.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.header && <ClaimsTable claims={p.header} info={headerInfo} label="Proof header" />}
      {p.claims && <ClaimsTable claims={p.claims} info={claimInfo} label="Proof claims" />}
    </details>
  );
}

/** The token's signature status and the proofs of possession sent beside it, each check with its verdict. */
export function ProofSection({ t }: { t: TokenReport }) {
  const failing = t.proofs.filter((p) => p.checks.some((c) => c.ok === false)).length;
  return (
    <>
      {t.format === 'jwt' && <SignatureStatus s={t.signature} />}
      {t.proofs.length > 0 && (
        <section class="proofs">
          <h3>
            Proof of possession ({t.proofs.length}
            {failing ? `, ${failing} ${failing === 1 ? 'fails' : 'fail'}` : ''})
          </h3>
          {t.proofs.map((p, i) => (
            <Proof key={`${p.entry}-${i}`} p={p} />
          ))}
        </section>
      )}
    </>
  );
}
