/** Signature checks, run apart from the report because jose verifies with WebCrypto, asynchronously. */
import type { KeyRing } from '../crypto/keys.js';
import { signatureNow, verifyProof, verifyToken } from '../crypto/verify.js';
import type { SignatureInfo } from '../model/report.js';
import type { TokenState } from './tokens.js';

/**
 * Checks signatures (tokens against the keys collected from the traffic, proofs against their own keys).
 * Verified tokens are not checked again; the others are when new keys arrive. Resolves whether any status
 * changed, so a surface re-renders only then; stops, resolving false, once `current()` says the analysis was cleared.
 */
export async function verifySignatures(
  tokens: () => TokenState[],
  keys: KeyRing,
  current: () => boolean,
): Promise<boolean> {
  let changed = false;
  const version = keys.version;
  for (const t of tokens()) {
    if (t.sigVersion === version || t.signature?.status === 'verified') continue;
    // A bug must cost one token's status, not the report.
    const signature = await verifyToken(t.raw, t.decoded, keys, t.id).catch((err: unknown): SignatureInfo => ({
      status: 'not-checked',
      kid: null,
      source: null,
      entry: null,
      reason: `The check failed: ${err instanceof Error ? err.message : String(err)}`,
    }));
    if (!current()) return false;
    // Compared with what report() showed meanwhile: a token with no key to check does not re-render the panel.
    changed ||= JSON.stringify(signature) !== JSON.stringify(t.signature ?? signatureNow(t.decoded, keys, t.id));
    t.signature = signature;
    t.sigVersion = version;
  }
  for (const t of tokens()) {
    for (const p of t.proofs.unchecked()) {
      const check = p.report.checks.find((c) => c.name === 'signature');
      if (!check) continue;
      const { ok, detail } = await verifyProof(p);
      if (!current()) return false;
      check.ok = ok;
      check.detail = detail;
      t.proofs.settled(p);
      changed = true;
    }
  }
  return changed;
}
