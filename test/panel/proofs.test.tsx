// @vitest-environment happy-dom
import fs from 'node:fs';
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { App } from '../../src/panel/components/App.js';
import { StoreContext } from '../../src/panel/context.js';
import { createStore } from '../../src/panel/store/index.js';
import { T0, captured } from '../fixtures/capture.js';
import * as P from '../fixtures/proofs.js';
import { fakeClock, fakeSource } from './fakes.js';

afterEach(cleanup);

describe('panel: signature from captured keys and DPoP proofs', () => {
  it('runs the signature check after entries arrive and shows each proof check’s verdict beside the token', async () => {
    const clock = fakeClock((T0 + 60) * 1000);
    const store = createStore(
      fakeSource([
        captured(1, 'https://issuer.example/jwks', [], P.ISSUER_JWKS),
        captured(10, 'https://api.example/orders', [
          { name: 'Authorization', value: `DPoP ${P.BOUND}` },
          { name: 'DPoP', value: P.PROOF_WRONG_HTU },
        ]),
      ]),
      clock,
    );
    const view = render(
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>,
    );
    // The backfill resolves, the flush runs on the clock, then the asynchronous verification re-renders.
    for (let i = 0; i < 20 && !view.container.querySelector('.signature-status[data-status="verified"]'); i++) {
      // Selected once listed: the panel deselects a token that is not in its list.
      if (!store.selectedId.value && store.report.value.tokens.some((t) => t.id === tokenId(P.BOUND)))
        store.selectedId.value = tokenId(P.BOUND);
      await act(async () => {
        clock.advance(200);
        await new Promise((r) => setTimeout(r, 10));
      });
    }
    const detail = view.container.querySelector('.detail[data-id]') as HTMLElement;
    expect(detail.querySelector('.signature-status')?.getAttribute('data-status')).toBe('verified');
    expect(detail.querySelector('.signature-status')?.textContent).toContain('https://issuer.example/jwks (entry #1)');
    const proof = detail.querySelector('.proof[data-kind="dpop"]') as HTMLElement;
    expect(proof.dataset.verdict).toBe('fails');
    // Counted from 1 like the request list and every message; data-entry keeps the index.
    // A failing proof is open, its line naming what fails.
    expect(proof.querySelector('summary')?.textContent).toMatch(
      /^✖ htu fails · DPoP proof · entry #2 · GET https:\/\/api\.example\/orders$/,
    );
    expect((proof as HTMLDetailsElement).open).toBe(true);
    expect(proof.dataset.entry).toBe('1');
    const verdicts = Object.fromEntries(
      [...proof.querySelectorAll('tr[data-check]')].map((tr) => [
        tr.getAttribute('data-check'),
        tr.getAttribute('data-ok'),
      ]),
    );
    expect(verdicts).toEqual({
      typ: 'true',
      alg: 'true',
      jwk: 'true',
      signature: 'true',
      htm: 'true',
      htu: 'false',
      iat: 'true',
      'jti replay': 'true',
      ath: 'true',
      binding: 'true',
    });
    expect([...detail.querySelectorAll('.finding')].map((f) => f.getAttribute('data-code'))).toContain('dpop-invalid');
  });

  it('folds a passing proof to one line, opens a failing one, and explains proof claims as proof claims', async () => {
    const clock = fakeClock((T0 + 60) * 1000);
    const store = createStore(
      fakeSource([
        captured(1, 'https://issuer.example/jwks', [], P.ISSUER_JWKS),
        captured(10, 'https://api.example/orders', [
          { name: 'Authorization', value: `DPoP ${P.BOUND}` },
          { name: 'DPoP', value: P.PROOF_ORDERS },
        ]),
        captured(11, 'https://api.example/orders', [
          { name: 'Authorization', value: `DPoP ${P.BOUND}` },
          { name: 'DPoP', value: P.PROOF_WRONG_HTU },
        ]),
      ]),
      clock,
    );
    const view = render(
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>,
    );
    const signed = () =>
      [...view.container.querySelectorAll('.proof tr[data-check="signature"]')].filter(
        (tr) => tr.getAttribute('data-ok') !== 'unknown',
      ).length === 2;
    for (let i = 0; i < 30 && !signed(); i++) {
      if (!store.selectedId.value && store.report.value.tokens.some((t) => t.id === tokenId(P.BOUND)))
        store.selectedId.value = tokenId(P.BOUND);
      await act(async () => {
        clock.advance(200);
        await new Promise((r) => setTimeout(r, 10));
      });
    }
    const proofs = [...view.container.querySelectorAll<HTMLDetailsElement>('.detail .proof')];
    expect(proofs.map((p) => [p.dataset.entry, p.dataset.verdict, p.open])).toEqual([
      ['1', 'passes', false],
      ['2', 'fails', true],
    ]);
    expect(proofs[0]?.querySelector('summary')?.textContent).toMatch(
      /^✓ \d+ checks pass · DPoP proof · entry #2 · GET https:\/\/api\.example\/orders$/,
    );
    expect(view.container.querySelector('.proofs h3')?.textContent).toBe('Proof of possession (2, 1 fails)');
    // The proof's claims and header, explained as a DPoP proof's (RFC 9449), not as a token's.
    const about = (table: string, name: string) =>
      proofs[0]?.querySelector(`table[aria-label="${table}"] tr[data-claim="${name}"] .claim-info`)?.textContent;
    expect(about('Proof header', 'typ')).toMatch(/^Must be "dpop\+jwt"/);
    expect(about('Proof claims', 'htu')).toContain('without query and fragment');
    expect(about('Proof claims', 'iat')).toMatch(/^When the proof was made/);
    expect(about('Proof claims', 'jti')).toMatch(/replay/);
  });

  it('shows a signature only a key from another host vouches for as untrusted-key, in the warning colour, never as verified', async () => {
    const clock = fakeClock((T0 + 60) * 1000);
    const store = createStore(
      fakeSource([
        captured(1, 'https://cdn.elsewhere.example/jwks', [], P.ISSUER_JWKS),
        captured(10, 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }]),
      ]),
      clock,
    );
    const view = render(
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>,
    );
    for (let i = 0; i < 20 && !view.container.querySelector('.signature-status[data-status="untrusted-key"]'); i++) {
      if (!store.selectedId.value && store.report.value.tokens.some((t) => t.id === tokenId(P.PLAIN)))
        store.selectedId.value = tokenId(P.PLAIN);
      await act(async () => {
        clock.advance(200);
        await new Promise((r) => setTimeout(r, 10));
      });
    }
    const status = view.container.querySelector('.signature-status[data-status="untrusted-key"] strong');
    expect(status?.className).toBe('sig-untrusted-key');
    expect(status?.textContent).toBe('▲ not the issuer’s key');
    // The DOM here has no stylesheet: the rule is read from the panel's own.
    const css = fs.readFileSync('public/panel.css', 'utf8');
    expect(/\.sig-untrusted-key\s*\{\s*color:\s*var\(--warning\)/.test(css)).toBe(true);
  });

  it('still checks a pasted key, says it was pasted, and keeps the captured-key status apart', async () => {
    const clock = fakeClock((T0 + 60) * 1000);
    const store = createStore(
      fakeSource([captured(10, 'https://api.example/orders', [{ name: 'Authorization', value: `Bearer ${P.PLAIN}` }])]),
      clock,
    );
    const view = render(
      <StoreContext.Provider value={store}>
        <App />
      </StoreContext.Provider>,
    );
    for (let i = 0; i < 20 && !view.container.querySelector('.signature-status[data-status="no-key"]'); i++) {
      // Selected once listed: the panel deselects a token that is not in its list.
      if (!store.selectedId.value && store.report.value.tokens.some((t) => t.id === tokenId(P.PLAIN)))
        store.selectedId.value = tokenId(P.PLAIN);
      await act(async () => {
        clock.advance(200);
        await new Promise((r) => setTimeout(r, 10));
      });
    }
    expect(view.container.querySelector('.signature-status')?.getAttribute('data-status')).toBe('no-key');
    const form = view.container.querySelector('.sigcheck') as HTMLFormElement;
    fireEvent.input(form.querySelector('textarea') as HTMLTextAreaElement, {
      target: { value: JSON.stringify(P.ISSUER_JWKS) },
    });
    fireEvent.submit(form);
    let verdict: Element | null = null;
    for (let i = 0; i < 50 && !verdict; i++) {
      await act(() => new Promise((r) => setTimeout(r, 10)));
      verdict = form.querySelector('[role=status]');
    }
    expect(verdict?.textContent).toBe('✓ Valid with the pasted key: ES256 with a key from the JWKS.');
  });
});
