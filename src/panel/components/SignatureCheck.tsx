import { useState } from 'preact/hooks';
import { checkSignature, type SignatureResult } from '../../core/signature.js';

/** The key the user pastes stays in this component's memory and nowhere else. */
export function SignatureCheck({ raw, alg }: { raw: string; alg: string }) {
  const [key, setKey] = useState('');
  const [result, setResult] = useState<SignatureResult | null>(null);
  const [busy, setBusy] = useState(false);
  const hmac = alg.startsWith('HS');

  async function verify(e: Event) {
    e.preventDefault();
    setBusy(true);
    setResult(await checkSignature(raw, key));
    setBusy(false);
  }

  return (
    <section>
      <h3>Signature ({alg || 'no alg'})</h3>
      <form class="sigcheck" onSubmit={verify}>
        <label>
          {hmac ? 'Client secret (a context token is signed with the add-in’s client secret)' : 'Public key (PEM), certificate, JWK or JWKS'}
          <textarea rows={3} spellcheck={false} autocomplete="off" value={key} onInput={(e) => { setKey(e.currentTarget.value); setResult(null); }} />
        </label>
        <button type="submit" disabled={busy}>
          Check signature
        </button>
        {result && (
          <p class={result.valid ? 'sig-valid' : 'sig-invalid'} role="status" data-valid={String(result.valid)}>
            {result.valid ? `✓ Valid with the pasted key: ${result.how}.` : `✖ ${result.reason}`}
          </p>
        )}
      </form>
    </section>
  );
}
