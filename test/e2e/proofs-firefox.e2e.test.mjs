// Real Firefox ESR and its toolbox on the demo's proof flows: the same verdicts as in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { readPanel, readProofs } from './panel-dom.mjs';

let demo;
let session;
let sent;
let ui;

/** Selects a row (clicking again while the live list re-sorts) until its details satisfy `ok`. */
function detailOf(raw, ok, what) {
  const id = tokenId(raw);
  const click = new Function('doc', `doc.querySelector('.row[data-id="${id}"]')?.click(); return true;`);
  return waitFor(async () => {
    const d = await ui.evalInPanel(readProofs);
    if (d?.id !== id) await ui.evalInPanel(click);
    return d;
  }, (d) => d?.id === id && ok(d), { what, timeout: 30000 });
}

before(async () => {
  demo = await startDemo();
  session = await (await fetch(`${demo.origin}/demo/session`)).json();
  ui = await openFirefoxPanel({ extDir: dist('firefox'), url: `${demo.origin}/?auto=0` });
  lap('Firefox panel shown');
  await ui.page.evaluate('window.runAll()');
  sent = await ui.page.evaluate('window.runProofs()');
  lap('flows and proof flows ran');
  await waitFor(() => ui.evalInPanel(readPanel), (s) => s.rows.some((r) => r.id === tokenId(sent.pop)), { what: 'the PoP token listed', timeout: 30000 }).catch((err) => lap(`not listed: ${err}`));
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('Firefox: RS256 tokens verified from the captured JWKS; the forged one invalid, the confused one flagged', async () => {
  for (const raw of [session.userAddIn, sent.verified]) assert.match((await detailOf(raw, (x) => x.signature === 'verified', 'a verified signature')).signatureText, /\/oidc\/jwks/);
  assert.ok((await detailOf(sent.forged, (x) => x.signature === 'invalid', 'the forged token judged')).findings.includes('signature-invalid'));
  await detailOf(sent.confused, (x) => x.findings.includes('alg-confusion'), 'alg confusion flagged');
});

test('Firefox: DPoP mistakes and the PoP request, each proof checked beside its token', async () => {
  const d = await detailOf(sent.dpop, (x) => ['dpop-replayed', 'dpop-invalid', 'dpop-downgrade'].every((c) => x.findings.includes(c)), 'DPoP findings');
  assert.ok(d.proofs.some((p) => p.verdict === 'passes' && p.checks.nonce === 'true' && p.checks.signature === 'true'));
  assert.ok(d.proofs.some((p) => p.checks.htu === 'false') && d.proofs.some((p) => p.checks.ath === 'false'));
  const pop = await detailOf(sent.pop, (x) => x.proofs[0]?.checks.signature === 'true', 'the PoP proof verified');
  assert.equal(pop.proofs[0].kind, 'pop');
  assert.ok(Object.values(pop.proofs[0].checks).every((v) => v === 'true'), JSON.stringify(pop.proofs[0].checks));
});
