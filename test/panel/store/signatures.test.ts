// Signature checks alone, over real keys: a token signed by the issuer whose JWKS the traffic fetched.
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { createSignatureChecks } from '../../../src/panel/store/signatures.js';
import * as P from '../../fixtures/proofs.js';

const T0 = 1763900000;
const entry = (s: number, url: string, headers: Array<{ name: string; value: string }>, json?: unknown) => ({
  startedDateTime: new Date((T0 + s) * 1000).toISOString(),
  time: 10,
  request: { method: 'GET', url, headers },
  response: {
    status: 200,
    headers: [],
    content: json === undefined ? {} : { mimeType: 'application/json', text: JSON.stringify(json) },
  },
});
const bearer = (s: number, token: string) =>
  entry(s, 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${token}` }]);
const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};
const statusOf = (a: Analyzer, token: string) =>
  a.report((T0 + 60) * 1000).tokens.find((t) => t.id === tokenId(token))?.signature.status;

describe('signature checks', () => {
  it('verifies asynchronously and tells which analysis changed', async () => {
    const a = new Analyzer();
    a.add(entry(1, 'https://issuer.example/jwks', [], P.ISSUER_JWKS));
    a.add(bearer(2, P.PLAIN));
    const changed: Analyzer[] = [];
    createSignatureChecks((x) => void changed.push(x)).verifySoon(a);
    expect(statusOf(a, P.PLAIN)).not.toBe('verified');
    await until(() => changed.length > 0);
    expect(changed).toEqual([a]);
    expect(statusOf(a, P.PLAIN)).toBe('verified');
  });

  it('runs once more for entries that came in during a run, never two runs at once', async () => {
    const a = new Analyzer();
    a.add(entry(1, 'https://issuer.example/jwks', [], P.ISSUER_JWKS));
    a.add(bearer(2, P.PLAIN));
    let runs = 0;
    let running = 0;
    let overlapped = false;
    const verify = a.verifySignatures.bind(a);
    a.verifySignatures = async () => {
      runs++;
      overlapped ||= running > 0;
      running++;
      try {
        return await verify();
      } finally {
        running--;
      }
    };
    const changed: Analyzer[] = [];
    const checks = createSignatureChecks((x) => void changed.push(x));
    checks.verifySoon(a);
    a.add(bearer(3, P.TAMPERED));
    checks.verifySoon(a);
    checks.verifySoon(a);
    await until(() => changed.length >= 2);
    expect(runs).toBe(2);
    expect(overlapped).toBe(false);
    expect(statusOf(a, P.PLAIN)).toBe('verified');
    expect(statusOf(a, P.TAMPERED)).toBe('invalid');
  });
});
