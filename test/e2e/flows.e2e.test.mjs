// Real Chromium and DevTools on the demo's flow mistakes (demo/flows.mjs, demo/public/flows.js): each finding
// that only a flow shows reaches the panel: an AADSTS error, a login redirect, a PKCE plain sign-in (banners), an
// ID token sent to an API and a replaced refresh token sent again (rows), and a DPoP nonce round that is no refusal.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openChromiumPanel } from '../../scripts/browsers.mjs';
import { startDemo } from '../../demo/server.mjs';
import { dist, lap, tokenId, waitFor } from './helpers.mjs';
import { readPanel } from './panel-dom.mjs';

let demo;
let ui;
let sent;
const panelState = () => ui.panel.evaluate(`(${readPanel})(document, window)`);

before(async () => {
  demo = await startDemo();
  ui = await openChromiumPanel({ extDir: dist('chrome'), url: `${demo.origin}/?auto=0` });
  lap('panel shown');
  sent = await ui.page.evaluate('window.runFlows()');
  lap('flows ran');
});

after(async () => {
  await ui?.close();
  await demo?.close();
});

test('the flow findings of the capture as a whole are banners: the AADSTS error, the login redirect, the PKCE plain sign-in', async () => {
  const s = await waitFor(
    panelState,
    (x) => ['idp-error', 'login-redirect', 'pkce-plain'].every((c) => x.banners.includes(c)),
    { what: 'flow banners', timeout: 30000 },
  );
  assert.ok(!s.banners.includes('oauth-error'), 'the AADSTS error is an idp-error only');
  const text = await ui.panel.evaluate(() =>
    [...document.querySelectorAll('.banner[data-code="idp-error"]')].map((b) => b.textContent).join('\n'),
  );
  assert.match(text, /AADSTS700084/);
  assert.match(text, /login\.microsoftonline\.com\/error\?code=700084/);
});

test('the tokens used wrongly carry their finding: the ID token sent as bearer, the reused refresh token', async () => {
  const s = await waitFor(
    panelState,
    (x) =>
      x.rows.some((r) => r.findings.includes('An ID token was sent as a bearer token to an API')) &&
      x.rows.some((r) => r.findings.includes('A replaced refresh token was sent again')),
    { what: 'flow rows', timeout: 30000 },
  );
  assert.equal(
    s.rows.find((r) => r.findings.includes('An ID token was sent as a bearer token to an API'))?.id,
    tokenId(sent.idToken),
  );
});

test('the DPoP nonce challenge answered by a retry is a step, not a refusal', async () => {
  const s = await waitFor(panelState, (x) => x.rows.some((r) => r.id === tokenId(sent.dpop)), {
    what: 'the DPoP token listed',
    timeout: 30000,
  });
  assert.doesNotMatch(s.rows.find((r) => r.id === tokenId(sent.dpop)).findings, /refused/);
});
