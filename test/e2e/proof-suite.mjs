// The demo's proof flows in a real browser, the same tests for each: signatures verified from the keys the page
// fetched, the forged and confused tokens flagged, DPoP mistakes raised, and the PoP request decoded and checked.
// proofs.e2e.test.mjs runs them in Chromium, proofs-firefox.e2e.test.mjs in Firefox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { lap, tokenId, waitFor } from './helpers.mjs';
import { readPanel, readProofs } from './panel-dom.mjs';

/**
 * @typedef {{ page: import('puppeteer-core').Page, read: (fn: Function) => Promise<any>, click: (id: string) => Promise<unknown>, close: () => Promise<void> }} PanelDriver
 * @param {string} prefix put before each test's name ('' or 'Firefox: ')
 * @param {(url: string) => Promise<PanelDriver>} openPanel opens the browser on `url` with the panel ready
 */
export function proofSuite(prefix, openPanel) {
  let demo;
  let session;
  let sent;
  /** @type {PanelDriver} */
  let ui;

  /** Selects a row (clicking again while the live list re-sorts) until its details satisfy `ok`. */
  const detailOf = (raw, ok, what) => {
    const id = tokenId(raw);
    return waitFor(
      async () => {
        const d = await ui.read(readProofs);
        if (d?.id !== id) await ui.click(id);
        return d;
      },
      (d) => d?.id === id && ok(d),
      { what, timeout: 30000 },
    );
  };

  before(async () => {
    demo = await startDemo();
    session = await (await fetch(`${demo.origin}/demo/session`)).json();
    ui = await openPanel(`${demo.origin}/?auto=0`);
    lap(`${prefix}panel shown`);
    await ui.page.evaluate('window.runAll()');
    sent = await ui.page.evaluate('window.runProofs()');
    lap('flows and proof flows ran');
    await waitFor(
      () => ui.read(readPanel),
      (s) => s.rows.some((r) => r.id === tokenId(sent.pop)),
      { what: 'the PoP token listed', timeout: 30000 },
    );
  });

  after(async () => {
    await ui?.close();
    await demo?.close();
  });

  test(`${prefix}the demo issuer's RS256 tokens are verified by the key the page fetched from that issuer, without pasting anything`, async () => {
    for (const raw of [sent.verified, sent.dpop]) {
      const d = await detailOf(raw, (x) => x.signature === 'verified', 'a verified signature');
      assert.match(d.signatureText, /\/oidc\/jwks/);
    }
  });

  test(`${prefix}the demo's ACS tokens, signed by the same key, are untrusted-key: the demo's JWKS is not ACS's key endpoint`, async () => {
    for (const raw of [session.userAddIn, session.addInOnly]) {
      const d = await detailOf(raw, (x) => x.signature === 'untrusted-key', 'an untrusted-key signature');
      assert.match(d.signatureText, /\/oidc\/jwks/);
    }
  });

  test(`${prefix}the forged token shows signature-invalid; the HS256 token with the RSA kid shows alg-confusion`, async () => {
    const forged = await detailOf(sent.forged, (x) => x.signature === 'invalid', 'the forged token judged');
    assert.ok(forged.findings.includes('signature-invalid'));
    const confused = await detailOf(
      sent.confused,
      (x) => x.findings.includes('alg-confusion'),
      'alg confusion flagged',
    );
    assert.equal(confused.signature, 'invalid');
  });

  test(`${prefix}the DPoP token shows each proof beside it and the replay, htu, ath and downgrade mistakes`, async () => {
    const d = await detailOf(
      sent.dpop,
      (x) =>
        ['dpop-replayed', 'dpop-invalid', 'dpop-downgrade'].every((c) => x.findings.includes(c)) &&
        x.proofs.every((p) => p.checks.signature !== 'unknown'),
      'DPoP findings',
    );
    assert.ok(d.proofs.length >= 5, `proofs: ${d.proofs.length}`);
    const good = d.proofs.find((p) => p.verdict === 'passes' && p.checks.nonce);
    assert.deepEqual(good?.checks, {
      typ: 'true',
      alg: 'true',
      jwk: 'true',
      signature: 'true',
      htm: 'true',
      htu: 'true',
      iat: 'true',
      'jti replay': 'true',
      ath: 'true',
      binding: 'true',
      nonce: 'true',
    });
    // A passing proof is one line; a failing one is open, its line naming what fails.
    for (const p of d.proofs.filter((x) => x.verdict === 'passes')) {
      assert.equal(p.open, false, p.summary);
      assert.equal(p.lines, 1, p.summary);
      assert.ok(p.below <= 4, `${p.summary}: ${p.below} px below its line`);
      assert.match(p.summary, /^✓ \d+ checks pass · DPoP proof · /);
    }
    for (const p of d.proofs.filter((x) => x.verdict === 'fails')) {
      assert.equal(p.open, true, p.summary);
      assert.match(p.summary, /^✖ .+ fails? · DPoP proof · /);
    }
    assert.ok(d.proofs.some((p) => p.checks.htu === 'false'));
    assert.ok(d.proofs.some((p) => p.checks.ath === 'false'));
    assert.ok(d.proofs.some((p) => p.checks['jti replay'] === 'false'));
  });

  test(`${prefix}the Microsoft PoP request is decoded, checked and bound to its inner token`, async () => {
    const d = await detailOf(
      sent.pop,
      (x) => x.proofs.length > 0 && x.proofs[0].checks.signature !== 'unknown',
      'the PoP proof checked',
    );
    assert.equal(d.proofs[0].kind, 'pop');
    assert.equal(d.proofs[0].lines, 1, d.proofs[0].summary);
    assert.equal(d.proofs[0].open, false);
    assert.deepEqual(d.proofs[0].checks, {
      typ: 'true',
      alg: 'true',
      jwk: 'true',
      signature: 'true',
      m: 'true',
      u: 'true',
      p: 'true',
      q: 'true',
      ts: 'true',
      binding: 'true',
    });
    assert.equal(d.signature, 'verified');
  });
}
