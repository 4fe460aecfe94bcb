// The demo page's flows. Each step says what it does and what Bearerscope should show for it.
const steps = document.getElementById('steps');
let session;

function log(text, outcome, cls) {
  const li = document.createElement('li');
  li.textContent = `${text} → ${outcome}`;
  li.className = cls;
  steps.append(li);
}

async function step(text, run) {
  try {
    const outcome = await run();
    log(text, outcome, 'ok');
  } catch (err) {
    log(text, String(err), 'bad');
  }
}

/** SharePoint launches an add-in by POSTing a hidden form with SPAppToken to the add-in's start page. */
function postStartPage(contextToken) {
  return new Promise((resolve) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = `/addin/Pages/Default.aspx?SPHostUrl=${encodeURIComponent(`${location.origin}/sites/dev`)}&SPLanguage=en-US`;
    form.target = 'sink';
    for (const [name, value] of Object.entries({
      SPAppToken: contextToken,
      SPSiteUrl: `${location.origin}/sites/dev`,
      SPSiteTitle: 'Dev',
      SPRedirectMessage: 'EndpointAuthorityMatches',
    })) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    /** @type {HTMLIFrameElement} */ (document.querySelector('iframe[name=sink]')).onload = () =>
      resolve('start page loaded (it stores an access token in a cookie)');
    form.submit();
    form.remove();
  });
}

const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });
const status = async (p) => {
  const r = await p;
  return `HTTP ${r.status}`;
};

async function runAll() {
  steps.textContent = '';
  session = await (await fetch('/demo/session')).json();
  document.getElementById('secret').textContent = session.clientSecret;
  document.getElementById('public-key').textContent = session.publicKey;
  await step('SharePoint posts a context token (SPAppToken form field) to the add-in start page', () =>
    postStartPage(session.context),
  );
  await step('The add-in posts the context token again as multipart/form-data', () => {
    const form = new FormData();
    form.append('SPAppToken', session.context);
    form.append('note', 'multipart');
    return status(fetch('/addin/Pages/Upload.aspx', { method: 'POST', body: form }));
  });
  await step('Call SharePoint REST with a user+add-in access token', () =>
    status(fetch('/sites/dev/_api/web', bearer(session.userAddIn))),
  );
  await step('Call SharePoint REST with an add-in-only access token', () =>
    status(fetch('/sites/dev/_api/web/lists', bearer(session.addInOnly))),
  );
  await step('Call SharePoint REST with an expired token (expect 401)', () =>
    status(fetch('/sites/dev/_api/web/currentuser', bearer(session.expired))),
  );
  let entra;
  await step('Exchange an authorization code at the Entra ID token endpoint', async () => {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
      code: 'demo-code',
      code_verifier: 'demo-verifier-0123456789012345678901234567890',
      redirect_uri: `${location.origin}/addin/callback`,
    });
    const r = await fetch('/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token', { method: 'POST', body });
    entra = await r.json();
    return `HTTP ${r.status}: access, ID and refresh tokens`;
  });
  await step('Call an API with the Entra ID access token', () =>
    status(fetch('/api/orders', bearer(entra.access_token))),
  );
  await step('Pass the access token in a URL (the mistake to flag)', () =>
    status(fetch(`/addin/callback?access_token=${encodeURIComponent(entra.access_token)}&state=demo`)),
  );
  document.body.dataset.done = String(Number(document.body.dataset.done ?? 0) + 1);
}

/** A sign-in, a refresh that rotates the refresh token, and the replaced refresh token sent again (refused). */
async function runRefresh() {
  const tokenUrl = '/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token';
  const grant = (fields) =>
    fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ client_id: '6e74172b-be56-4843-9ff4-e66a39bb12e3', ...fields }),
    });
  let first;
  await step('Sign in: exchange an authorization code for access, ID and refresh tokens', async () => {
    const r = await grant({
      grant_type: 'authorization_code',
      code: 'demo-code-2',
      code_verifier: 'demo-verifier-0123456789012345678901234567890',
      redirect_uri: `${location.origin}/addin/callback`,
    });
    first = await r.json();
    return `HTTP ${r.status}`;
  });
  await step('Call an API with that access token', () => status(fetch('/api/orders', bearer(first.access_token))));
  let second;
  await step('Refresh: redeem the refresh token for new tokens (it is rotated)', async () => {
    const r = await grant({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      scope: 'api://bearerscope-demo/Orders.Read offline_access',
    });
    second = await r.json();
    return `HTTP ${r.status}`;
  });
  await step('Call the API with the new access token', () => status(fetch('/api/orders', bearer(second.access_token))));
  await step('Send the replaced refresh token again (the reuse to flag; expect 400 invalid_grant)', () =>
    status(grant({ grant_type: 'refresh_token', refresh_token: first.refresh_token })),
  );
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed ?? 0) + 1);
}

async function sendHostile() {
  session ??= await (await fetch('/demo/session')).json();
  await step('Send a token whose claims hold HTML and script (the panel must show them as text)', () =>
    status(fetch('/api/echo', bearer(session.hostile))),
  );
}

document.getElementById('run-all').addEventListener('click', runAll);
document.getElementById('hostile').addEventListener('click', sendHostile);
window.runAll = runAll;
window.sendHostile = sendHostile;
window.runRefresh = runRefresh;
document.getElementById('refresh').addEventListener('click', runRefresh);
// Start on its own (a moment later, so DevTools opened with the tab sees it) unless ?auto=0.
if (new URLSearchParams(location.search).get('auto') !== '0') setTimeout(runAll, 1500);
