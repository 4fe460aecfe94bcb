// The proof flows of the demo: an OIDC client that gets a DPoP-bound token and calls a DPoP-protected API with a
// proof made per request by a WebCrypto key generated here (its private half is not extractable), then the
// mistakes Bearerscope must flag, and a Microsoft PoP signed request. Run with ?proofs=1, the button, or
// window.runProofs().
const proofSteps = document.getElementById('proof-steps');

function proofLog(text, outcome, cls) {
  const li = document.createElement('li');
  li.textContent = `${text} → ${outcome}`;
  li.className = cls;
  proofSteps.append(li);
}

async function proofStep(text, run) {
  try {
    proofLog(text, await run(), 'ok');
  } catch (err) {
    proofLog(text, String(err), 'bad');
  }
}

const b64u = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const encode = (obj) => b64u(new TextEncoder().encode(JSON.stringify(obj)));
const sha256 = async (text) => b64u(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));

/** A compact JWS signed with WebCrypto: ECDSA gives r||s, which is already the JWS form (RFC 7518 §3.4). */
async function signJwt(header, payload, privateKey) {
  const input = `${encode(header)}.${encode(payload)}`;
  const algorithm = header.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  return `${input}.${b64u(await crypto.subtle.sign(algorithm, privateKey, new TextEncoder().encode(input)))}`;
}

async function dpopKey() {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, jwk: { kty, crv, x, y } };
}

/** An RFC 9449 proof for one request; `claims` overrides or adds (a wrong htu, a nonce, an ath). */
function dpopProof(key, htm, htu, claims = {}) {
  return signJwt(
    { typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk },
    { jti: crypto.randomUUID(), htm, htu, iat: Math.floor(Date.now() / 1000), ...claims },
    key.privateKey,
  );
}

const statusOf = (r) => `HTTP ${r.status}`;

async function runProofs() {
  proofSteps.textContent = '';
  const api = `${location.origin}/dpop-api/orders`;
  let config;
  await proofStep('Read the issuer’s OIDC discovery document and its JWKS', async () => {
    config = await (await fetch('/oidc/.well-known/openid-configuration')).json();
    const jwks = await (await fetch(config.jwks_uri)).json();
    return `${jwks.keys.length} key(s): every RS256 token of the demo should now show "verified"`;
  });
  const key = await dpopKey();
  let token;
  await proofStep('Get a DPoP-bound access token (a proof goes to the token endpoint)', async () => {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'demo-code',
      client_id: 'bearerscope-demo-spa',
    });
    const r = await fetch(config.token_endpoint, {
      method: 'POST',
      body,
      headers: { DPoP: await dpopProof(key, 'POST', config.token_endpoint) },
    });
    token = (await r.json()).access_token;
    return `${statusOf(r)}: token_type DPoP`;
  });
  const ath = await sha256(token);
  let nonce;
  let goodProof;
  await proofStep('Call the DPoP API correctly (it asks for a nonce once, then answers)', async () => {
    const first = await fetch(api, {
      headers: { Authorization: `DPoP ${token}`, DPoP: await dpopProof(key, 'GET', api, { ath }) },
    });
    nonce = first.headers.get('DPoP-Nonce');
    goodProof = await dpopProof(key, 'GET', api, { ath, nonce });
    const second = await fetch(api, { headers: { Authorization: `DPoP ${token}`, DPoP: goodProof } });
    return `${statusOf(first)} (use_dpop_nonce), then ${statusOf(second)}`;
  });
  await proofStep('Mistake: replay the same proof', async () =>
    statusOf(await fetch(api, { headers: { Authorization: `DPoP ${token}`, DPoP: goodProof } })),
  );
  await proofStep('Mistake: a proof whose htu names another URL', async () =>
    statusOf(
      await fetch(api, {
        headers: {
          Authorization: `DPoP ${token}`,
          DPoP: await dpopProof(key, 'GET', `${location.origin}/dpop-api/other`, { ath, nonce }),
        },
      }),
    ),
  );
  await proofStep('Mistake: a proof without ath', async () =>
    statusOf(
      await fetch(api, {
        headers: { Authorization: `DPoP ${token}`, DPoP: await dpopProof(key, 'GET', api, { nonce }) },
      }),
    ),
  );
  await proofStep('Mistake: the bound token sent as Bearer (downgrade)', async () =>
    statusOf(await fetch(api, { headers: { Authorization: `Bearer ${token}` } })),
  );
  const mistakes = await (await fetch('/demo/proofs/mistakes')).json();
  await proofStep('Mistake: a token signed with a key not in the JWKS', async () =>
    statusOf(await fetch('/api/echo', { headers: { Authorization: `Bearer ${mistakes.forged}` } })),
  );
  await proofStep('Mistake: an HS256 token naming the issuer’s RSA kid', async () =>
    statusOf(await fetch('/api/echo', { headers: { Authorization: `Bearer ${mistakes.confused}` } })),
  );
  await proofStep('An honest RS256 token from the issuer', async () =>
    statusOf(await fetch('/api/echo', { headers: { Authorization: `Bearer ${mistakes.verified}` } })),
  );
  let popToken;
  await proofStep('Microsoft PoP: a signed HTTP request carrying a PoP-bound token', async () => {
    const pair = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const { e, n } = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const jwk = { kty: 'RSA', e, n };
    const kid = await sha256(JSON.stringify({ e, kty: 'RSA', n }));
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'demo-code',
      token_type: 'pop',
      req_cnf: encode({ kid, xms_ksl: 'sw' }),
    });
    const at = (await (await fetch(config.token_endpoint, { method: 'POST', body })).json()).access_token;
    popToken = at;
    const shr = await signJwt(
      { alg: 'RS256', typ: 'pop', kid },
      {
        at,
        ts: Math.floor(Date.now() / 1000),
        m: 'GET',
        u: location.host,
        nonce: crypto.randomUUID(),
        p: '/dpop-api/orders',
        q: [[], 'top=5'],
        cnf: { jwk },
      },
      pair.privateKey,
    );
    return statusOf(await fetch('/dpop-api/orders?top=5', { headers: { Authorization: `PoP ${shr}` } }));
  });
  document.body.dataset.proofsDone = String(Number(document.body.dataset.proofsDone ?? 0) + 1);
  // The tokens each step sent, for the e2e tests to find their rows by id.
  return {
    dpop: token,
    pop: popToken,
    forged: mistakes.forged,
    confused: mistakes.confused,
    verified: mistakes.verified,
  };
}

document.getElementById('run-proofs').addEventListener('click', runProofs);
/** @type {any} */ (window).runProofs = runProofs;
// For the flow demo (flows.js), which makes its own DPoP round.
/** @type {any} */ (window).dpopTools = { b64u, dpopKey, dpopProof, sha256 };
if (new URLSearchParams(location.search).get('proofs') === '1') setTimeout(runProofs, 1500);
