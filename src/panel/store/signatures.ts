/**
 * Signatures are checked asynchronously (jose uses WebCrypto) after new entries: one run at a time per analysis
 * (live, or an imported session), and one more if entries came in meanwhile. The report shows "not checked yet"
 * until the run ends; `changed` hears of an analysis whose statuses moved, so that only then is it judged again.
 */
import type { Analyzer } from '../../core/analysis/analyzer.js';

export function createSignatureChecks(changed: (analyzer: Analyzer) => void) {
  /** The analyses with a run under way, and whether another is due when it ends. */
  const running = new Map<Analyzer, boolean>();

  function verifySoon(a: Analyzer): void {
    if (running.has(a)) {
      running.set(a, true);
      return;
    }
    running.set(a, false);
    void a
      .verifySignatures()
      .catch(() => false)
      .then((moved) => {
        const again = running.get(a) === true;
        running.delete(a);
        if (moved) changed(a);
        if (again) verifySoon(a);
      });
  }

  return { verifySoon };
}
