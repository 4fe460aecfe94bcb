// The flow demo (demo/flows.mjs): what goes wrong between requests. Run with ?flows=1, the button, or
// window.runFlows(). Uses the proof demo's DPoP helpers (proofs.js) and the refresh flow of demo.js.
const flowSteps = document.getElementById('flow-steps');
const AUTHORITY = '/flows/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0';
const FLOWS_CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
/** The proof demo's DPoP helpers (proofs.js, loaded before this). */
const dpopTools = /** @type {any} */ (window).dpopTools;

async function flowStep(text, run) {
  const li = document.createElement('li');
  try {
    li.textContent = `${text} → ${await run()}`;
    li.className = 'ok';
  } catch (err) {
    li.textContent = `${text} → ${String(err)}`;
    li.className = 'bad';
  }
  flowSteps.append(li);
}

/** A silent sign-in in a hidden iframe, as MSAL.js does it: the authority redirects to the app with the code in the fragment. */
function codeFromIframe(authorizeUrl) {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.hidden = true;
    const timer = setTimeout(() => reject(new Error('no redirect')), 10000);
    frame.addEventListener('load', () => {
      const hash = new URLSearchParams(frame.contentWindow?.location.hash.slice(1) ?? '');
      if (!hash.get('code')) return;
      clearTimeout(timer);
      frame.remove();
      resolve(hash);
    });
    frame.src = authorizeUrl;
    document.body.append(frame);
  });
}

async function runFlows() {
  flowSteps.textContent = '';
  const sent = {};
  await flowStep('Mistake: sign in with PKCE using the plain method (the challenge is the verifier)', async () => {
    const verifier = dpopTools.b64u(crypto.getRandomValues(new Uint8Array(32)));
    const state = crypto.randomUUID();
    const nonce = crypto.randomUUID();
    const redirectUri = `${location.origin}/flows/app/`;
    const authorize = new URLSearchParams({
      client_id: FLOWS_CLIENT,
      response_type: 'code',
      response_mode: 'fragment',
      redirect_uri: redirectUri,
      scope: 'openid profile api://bearerscope-demo/Orders.Read',
      state,
      nonce,
      prompt: 'none',
      code_challenge: verifier,
      code_challenge_method: 'plain',
    });
    const back = await codeFromIframe(`${AUTHORITY}/authorize?${authorize}`);
    const body = new URLSearchParams({
      client_id: FLOWS_CLIENT,
      grant_type: 'authorization_code',
      code: back.get('code'),
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    const r = await fetch(`${AUTHORITY}/token`, { method: 'POST', body });
    const tokens = await r.json();
    sent.idToken = tokens.id_token;
    return `HTTP ${r.status}: state ${back.get('state') === state ? 'round-tripped' : 'lost'}`;
  });
  await flowStep('Mistake: send the ID token as a bearer token to an API', async () => {
    const r = await fetch('/flows/api/me', { headers: { Authorization: `Bearer ${sent.idToken}` } });
    await r.text();
    return `HTTP ${r.status}`;
  });
  await flowStep('Refresh with a single-page app’s refresh token past its 24 h (expect 400 AADSTS700084)', async () => {
    sent.expiredRefresh = `0.AXEA${dpopTools.b64u(crypto.getRandomValues(new Uint8Array(72)))}`;
    const body = new URLSearchParams({
      client_id: FLOWS_CLIENT,
      grant_type: 'refresh_token',
      refresh_token: sent.expiredRefresh,
      scope: 'openid offline_access',
    });
    // Read every body: Chromium reports a response to DevTools only once the page has read it.
    const r = await fetch(`${AUTHORITY}/token`, { method: 'POST', body });
    return `HTTP ${r.status}: ${(await r.json()).error}`;
  });
  await flowStep('An API call whose session has expired is redirected to sign in (302 to /authorize)', async () => {
    const r = await fetch('/flows/api/session', { headers: { Accept: 'application/json' } });
    await r.text();
    return `HTTP ${r.status} after the redirects`;
  });
  await flowStep('DPoP: the API asks for a nonce (401 use_dpop_nonce), the retry carries it', async () => {
    const config = await (await fetch('/oidc/.well-known/openid-configuration')).json();
    const key = await dpopTools.dpopKey();
    const r = await fetch(config.token_endpoint, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'flows-code',
        client_id: 'bearerscope-demo-spa',
      }),
      headers: { DPoP: await dpopTools.dpopProof(key, 'POST', config.token_endpoint) },
    });
    sent.dpop = (await r.json()).access_token;
    const api = `${location.origin}/dpop-api/orders?flow=nonce`;
    const ath = await dpopTools.sha256(sent.dpop);
    const first = await fetch(api, {
      headers: { Authorization: `DPoP ${sent.dpop}`, DPoP: await dpopTools.dpopProof(key, 'GET', api, { ath }) },
    });
    const nonce = first.headers.get('DPoP-Nonce');
    const second = await fetch(api, {
      headers: { Authorization: `DPoP ${sent.dpop}`, DPoP: await dpopTools.dpopProof(key, 'GET', api, { ath, nonce }) },
    });
    await Promise.all([first.text(), second.text()]);
    return `HTTP ${first.status}, then ${second.status}`;
  });
  await /** @type {any} */ (window).runRefresh();
  document.body.dataset.flowsDone = String(Number(document.body.dataset.flowsDone ?? 0) + 1);
  return sent;
}

document.getElementById('run-flows').addEventListener('click', runFlows);
/** @type {any} */ (window).runFlows = runFlows;
if (new URLSearchParams(location.search).get('flows') === '1') setTimeout(runFlows, 1500);
