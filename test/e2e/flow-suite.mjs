// The demo's flow mistakes (demo/flows.mjs, demo/public/flows.js) in a real browser, the same tests for each: every
// finding that only a flow shows reaches the panel: an AADSTS error, a login redirect, a PKCE plain sign-in
// (banners), an ID token sent to an API and a replaced refresh token sent again (rows), and a DPoP nonce round that
// is no refusal. flows.e2e.test.mjs runs them in Chromium, flows-firefox.e2e.test.mjs in Firefox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemo } from '../../demo/server.mjs';
import { lap, tokenId, waitFor } from './helpers.mjs';
import { readPanel } from './panel-dom.mjs';

/** The banners' texts for one finding code, read in the panel's document. */
function bannerText(doc, code) {
  return [...doc.querySelectorAll(`.banner[data-code="${code}"]`)].map((b) => b.textContent).join('\n');
}

/**
 * @typedef {{ page: import('puppeteer-core').Page, read: (fn: Function) => Promise<any>, close: () => Promise<void> }} PanelDriver
 * @param {string} prefix put before each test's name ('' or 'Firefox: ')
 * @param {(url: string) => Promise<PanelDriver>} openPanel opens the browser on `url` with the panel ready
 */
export function flowSuite(prefix, openPanel) {
  let demo;
  /** @type {PanelDriver} */
  let ui;
  let sent;
  const panelState = () => ui.read(readPanel);

  before(async () => {
    demo = await startDemo();
    ui = await openPanel(`${demo.origin}/?auto=0`);
    lap(`${prefix}panel shown`);
    sent = await ui.page.evaluate('window.runFlows()');
    lap('flows ran');
  });

  after(async () => {
    await ui?.close();
    await demo?.close();
  });

  test(`${prefix}the flow findings of the capture as a whole are banners: the AADSTS error, the login redirect, the PKCE plain sign-in`, async () => {
    const s = await waitFor(
      panelState,
      (x) => ['idp-error', 'login-redirect', 'pkce-plain'].every((c) => x.banners.includes(c)),
      { what: 'flow banners', timeout: 60_000 },
    );
    assert.ok(!s.banners.includes('oauth-error'), 'the AADSTS error is an idp-error only');
    const text = await ui.read(new Function('doc', `return (${bannerText})(doc, 'idp-error');`));
    assert.match(text, /AADSTS700084/);
    assert.match(text, /login\.microsoftonline\.com\/error\?code=700084/);
  });

  test(`${prefix}the tokens used wrongly carry their finding: the ID token sent as bearer, the reused refresh token`, async () => {
    const s = await waitFor(
      panelState,
      (x) =>
        x.rows.some((r) => r.findings.includes('An ID token was sent as a bearer token to an API')) &&
        x.rows.some((r) => r.findings.includes('A replaced refresh token was sent again')),
      { what: 'flow rows', timeout: 60_000 },
    );
    assert.equal(
      s.rows.find((r) => r.findings.includes('An ID token was sent as a bearer token to an API'))?.id,
      tokenId(sent.idToken),
    );
  });

  test(`${prefix}the DPoP nonce challenge answered by a retry is a step, not a refusal`, async () => {
    const s = await waitFor(panelState, (x) => x.rows.some((r) => r.id === tokenId(sent.dpop)), {
      what: 'the DPoP token listed',
      timeout: 60_000,
    });
    assert.doesNotMatch(s.rows.find((r) => r.id === tokenId(sent.dpop)).findings, /refused/);
  });
}
