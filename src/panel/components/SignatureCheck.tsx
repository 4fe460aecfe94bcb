import { useEffect, useRef, useState } from 'preact/hooks';
import { checkSignature, type SignatureResult } from '../../core/crypto/signature.js';
import { useStore } from '../context.js';

/**
 * The key the user pastes stays in memory: in the store, per issuer and kid, for the panel's life, so going to
 * another token and back (or to another token from the same issuer) does not lose it. It is never written anywhere.
 */
export function SignatureCheck({
  raw,
  alg,
  scope,
  contextToken,
}: {
  raw: string;
  alg: string;
  scope: string;
  contextToken: boolean;
}) {
  const store = useStore();
  const [key, setKey] = useState(() => store.keyFor(scope));
  const [result, setResult] = useState<SignatureResult | null>(null);
  const [busy, setBusy] = useState(false);
  const verdict = useRef<HTMLParagraphElement>(null);
  const hmac = alg.startsWith('HS');

  useEffect(() => {
    // The verdict appears below the fold on a long token: bring it to the user.
    if (result) verdict.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

  async function verify(e: Event) {
    e.preventDefault();
    setBusy(true);
    setResult(await checkSignature(raw, key));
    setBusy(false);
  }

  // Only a SharePoint context token is signed with the add-in's client secret; other HS* tokens use some shared secret.
  const label = hmac
    ? contextToken
      ? 'Client secret (a context token is signed with the add-in’s client secret)'
      : 'Shared secret (HMAC)'
    : 'Public key (PEM), certificate, JWK or JWKS';
  return (
    <section class="signature" aria-labelledby="sig-title">
      <h3 id="sig-title">Signature ({alg || 'no alg'})</h3>
      <form class="sigcheck" onSubmit={verify}>
        <label>
          {label}
          <textarea
            rows={3}
            spellcheck={false}
            autocomplete="off"
            value={key}
            onInput={(e) => {
              setKey(e.currentTarget.value);
              store.rememberKey(scope, e.currentTarget.value);
              setResult(null);
            }}
          />
        </label>
        <button type="submit" disabled={busy || !key.trim()}>
          Check signature
        </button>
        {result && (
          <p
            ref={verdict}
            class={result.valid ? 'sig-valid' : 'sig-invalid'}
            role="status"
            data-valid={String(result.valid)}
          >
            {result.valid ? `✓ Valid with the pasted key: ${result.how}.` : `✖ ${result.reason}`}
          </p>
        )}
      </form>
    </section>
  );
}
