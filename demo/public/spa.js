// A single-page app that keeps its tokens in web storage: what MSAL.js (cacheLocation: 'localStorage'), the Auth0 SPA SDK
// (cacheLocation: 'localstorage'/'sessionstorage') and apps of their own write, in the shapes those libraries use.
const steps = document.getElementById('steps');
const CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const HOME = `2b1c7f0c-6b0e-4f4e-9a43-6f3f6c1f2a11.${TENANT}`;
const ENV = 'login.microsoftonline.com';

function log(text) {
  const li = document.createElement('li');
  li.textContent = text;
  steps.append(li);
}

async function signIn() {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: CLIENT,
    code: 'spa-code',
    code_verifier: 'spa-verifier-0123456789012345678901234567890',
    redirect_uri: `${location.origin}/spa.html`,
  });
  const r = await fetch(`/${TENANT}/oauth2/v2.0/token`, { method: 'POST', body });
  return r.json();
}

/** MSAL.js v2/v3: one JSON credential entity per key, `<homeAccountId>-<environment>-<credentialType>-<clientId>-<realm>-<target>`. */
function writeMsalCache(t) {
  const now = Math.floor(Date.now() / 1000);
  const at = `${HOME}-${ENV}-accesstoken-${CLIENT}-${TENANT}-api://bearerscope-demo/orders.read--`;
  const id = `${HOME}-${ENV}-idtoken-${CLIENT}-${TENANT}---`;
  const rt = `${HOME}-${ENV}-refreshtoken-${CLIENT}----`;
  localStorage.setItem(
    at,
    JSON.stringify({
      homeAccountId: HOME,
      environment: ENV,
      credentialType: 'AccessToken',
      clientId: CLIENT,
      secret: t.access_token,
      realm: TENANT,
      target: 'api://bearerscope-demo/Orders.Read',
      cachedAt: String(now),
      expiresOn: String(now + t.expires_in),
      extendedExpiresOn: String(now + t.ext_expires_in),
      tokenType: 'Bearer',
    }),
  );
  localStorage.setItem(
    id,
    JSON.stringify({
      homeAccountId: HOME,
      environment: ENV,
      credentialType: 'IdToken',
      clientId: CLIENT,
      secret: t.id_token,
      realm: TENANT,
    }),
  );
  localStorage.setItem(
    rt,
    JSON.stringify({
      homeAccountId: HOME,
      environment: ENV,
      credentialType: 'RefreshToken',
      clientId: CLIENT,
      secret: t.refresh_token,
      expiresOn: String(now + 86400),
    }),
  );
  localStorage.setItem(
    `msal.token.keys.${CLIENT}`,
    JSON.stringify({ idToken: [id], accessToken: [at], refreshToken: [rt] }),
  );
}

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * MSAL.js v4+: the entry is AES-GCM encrypted with a key derived (HKDF-SHA-256, the nonce as salt, the client ID as
 * info, a zero IV) from the base key in the `msal.cache.encryption` cookie, which has no HttpOnly: any script reads it.
 */
async function writeEncryptedMsalEntry(refreshToken) {
  const subtle = crypto.subtle;
  const baseKey = crypto.getRandomValues(new Uint8Array(32));
  const nonce = crypto.getRandomValues(new Uint8Array(16));
  const id = crypto.randomUUID();
  const base = await subtle.importKey('raw', baseKey, 'HKDF', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'HKDF', salt: nonce, hash: 'SHA-256', info: new TextEncoder().encode(CLIENT) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt'],
  );
  const entity = {
    homeAccountId: HOME,
    environment: ENV,
    credentialType: 'RefreshToken',
    clientId: CLIENT,
    secret: refreshToken,
    expiresOn: String(Math.floor(Date.now() / 1000) + 86400),
    lastUpdatedAt: String(Date.now()),
  };
  const data = await subtle.encrypt(
    { name: 'AES-GCM', iv: new Uint8Array(12) },
    key,
    new TextEncoder().encode(JSON.stringify(entity)),
  );
  document.cookie = `msal.cache.encryption=${encodeURIComponent(JSON.stringify({ id, key: b64url(baseKey) }))}; path=/; SameSite=Lax`;
  localStorage.setItem(
    `msal.2|${HOME}|${ENV}|refreshtoken|${CLIENT}||`,
    JSON.stringify({ id, nonce: b64url(nonce), data: b64url(data), lastUpdatedAt: String(Date.now()) }),
  );
}

/** Auth0 SPA SDK: `@@auth0spajs@@::<clientId>::<audience>::<scope>` → `{body: {...token response}, expiresAt}`. */
function writeAuth0Entry(t) {
  const key = '@@auth0spajs@@::Xk2cf3Pu1ZTIXmpTvcq3bF9zGS3RbDtT::api://bearerscope-demo::openid profile offline_access';
  sessionStorage.setItem(
    key,
    JSON.stringify({
      body: {
        access_token: t.access_token,
        id_token: t.id_token,
        scope: t.scope,
        expires_in: t.expires_in,
        token_type: 'Bearer',
      },
      expiresAt: Math.floor(Date.now() / 1000) + t.expires_in,
    }),
  );
}

async function run() {
  const msal = await signIn();
  writeMsalCache(msal);
  log('Signed in; MSAL.js-style cache written to localStorage (access, ID and refresh tokens)');
  await (await fetch('/api/orders', { headers: { Authorization: `Bearer ${msal.access_token}` } })).text();
  log('Called /api/orders with the cached access token (one token: sent, and kept in localStorage)');
  const v4 = await signIn();
  await writeEncryptedMsalEntry(v4.refresh_token);
  log('MSAL.js v4-style encrypted refresh token written, its key in the script-readable msal.cache.encryption cookie');
  const auth0 = await signIn();
  writeAuth0Entry(auth0);
  log('Auth0 SPA SDK-style entry written to sessionStorage');
  document.cookie = `api_token=${auth0.access_token}; path=/; SameSite=Lax`;
  log('An access token put in a cookie scripts can read (api_token)');
  document.body.dataset.done = '1';
}

window.runSpa = () => run().catch((err) => log(`failed: ${err}`));
// ?auto=0 waits for runSpa() (the tests start it once DevTools listens).
if (new URLSearchParams(location.search).get('auto') !== '0') window.runSpa();
