#!/usr/bin/env node
// The Bearerscope demo site: plays a SharePoint provider-hosted add-in, SharePoint's REST API, ACS and an
// Entra-style token endpoint on 127.0.0.1 only. No request leaves the machine.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  PUBLIC_KEY_PEM,
  REALM,
  hostileToken,
  mintEntraResponse,
  mintSharePointTokens,
} from './tokens.mjs';
import { proofRoutes } from './proofs.mjs';
import { flowRoutes } from './flows.mjs';

const proofs = proofRoutes();
const flows = flowRoutes();

const here = path.dirname(fileURLToPath(import.meta.url));
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/demo.js': ['demo.js', 'text/javascript'],
  '/demo.css': ['demo.css', 'text/css'],
};
// Issue 13's pages: tokens in web storage, a secret key sent from the browser, and a page hostile to storage readers.
for (const page of ['spa', 'secret', 'hostile-storage']) {
  STATIC[`/${page}.html`] = [`${page}.html`, 'text/html; charset=utf-8'];
  STATIC[`/${page}.js`] = [`${page}.js`, 'text/javascript'];
}

function payloadOf(authorization) {
  const m = /^Bearer\s+([^.]+)\.([^.]+)\./i.exec(authorization ?? '');
  if (!m) return null;
  try {
    return JSON.parse(Buffer.from(m[2], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function send(res, status, body, headers = {}) {
  const json = typeof body !== 'string';
  res.writeHead(status, {
    'content-type': json ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(json ? JSON.stringify(body) : body);
}

/** SharePoint answers a bad token with 401, a Bearer challenge naming its realm, and a diagnostic header. */
function refuse(res, reason) {
  send(
    res,
    401,
    { error: 'invalid_token', error_description: reason },
    {
      'www-authenticate': `Bearer realm="${REALM}",client_id="00000003-0000-0ff1-ce00-000000000000",trusted_issuers="00000001-0000-0000-c000-000000000000@*",authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"`,
      'x-ms-diagnostics': `reason="${reason}";category="invalid_client"`,
    },
  );
}

function route(req, res, body, tokensFor, hostile) {
  const url = new URL(req.url, 'http://demo');
  const host = req.headers.host ?? '127.0.0.1';
  if (req.method === 'GET' && STATIC[url.pathname]) {
    const [file, type] = STATIC[url.pathname];
    return send(res, 200, fs.readFileSync(path.join(here, 'public', file), 'utf8'), { 'content-type': type });
  }
  if (proofs(req, res, url, body, host, send)) return;
  if (flows(req, res, url, body, host, send)) return;
  if (url.pathname === '/demo/session') {
    // What the demo page sends. (A real add-in keeps access tokens on its server; the demo shows what goes wrong when it does not.)
    return send(res, 200, {
      ...tokensFor(host),
      hostile,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      publicKey: PUBLIC_KEY_PEM,
    });
  }
  if (url.pathname === '/addin/Pages/Default.aspx' && req.method === 'POST') {
    // The add-in start page receives SPAppToken, and (the mistake to flag) keeps an access token in a cookie.
    const token = new URLSearchParams(body).get('SPAppToken');
    return send(
      res,
      200,
      `<!doctype html><p>Add-in started with a context token of ${token ? token.length : 0} characters.</p>`,
      {
        'set-cookie': [
          `spAccessToken=${tokensFor(host).userAddIn}; Path=/; SameSite=Lax`,
          'SPCacheKey=demo-cache-key; Path=/; HttpOnly; SameSite=Lax',
        ],
      },
    );
  }
  if (url.pathname === '/addin/Pages/Upload.aspx' && req.method === 'POST')
    return send(res, 200, { received: body.length });
  if (url.pathname.startsWith('/sites/dev/_api/')) {
    const claims = payloadOf(req.headers.authorization);
    if (!claims) return refuse(res, 'The request has no bearer token.');
    const exp = Number(claims.exp);
    if (exp * 1000 <= Date.now()) return refuse(res, 'The token has expired.');
    return send(res, 200, {
      d: {
        Title: 'Dev site',
        Url: `http://${host}/sites/dev`,
        CallerPolicy: claims.actor ? 'user+add-in' : 'add-in-only',
      },
    });
  }
  if (/^\/[0-9a-f-]{36}\/oauth2\/v2\.0\/token$/.test(url.pathname) && req.method === 'POST') {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'refresh_token') return refreshGrant(res, form.get('refresh_token'));
    if (form.get('grant_type') !== 'authorization_code' || !form.get('code'))
      return send(res, 400, { error: 'invalid_request', error_description: 'AADSTS900144: missing code.' });
    return send(res, 200, issue(mintEntraResponse()));
  }
  if (url.pathname === '/api/orders' || url.pathname === '/api/echo') {
    return payloadOf(req.headers.authorization)
      ? send(res, 200, { orders: [{ id: 1, item: 'Coffee' }] })
      : send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
  }
  if (url.pathname === '/api/ping') {
    // An ordinary API answer, read by the page (so Chromium reports it to onRequestFinished): load tests use it.
    return send(res, 200, { ok: true }, { 'cache-control': 'private, max-age=0' });
  }
  if (url.pathname === '/addin/callback') return send(res, 200, '<!doctype html><p>Signed in.</p>');
  send(res, 404, { error: 'not found' });
}

/**
 * Refresh token rotation as Entra ID does it for single-page apps: each refresh token is redeemed once and the
 * answer carries a new one; sending a redeemed one again is refused (invalid_grant). In memory, per process.
 */
const refreshTokens = new Map(); // refresh token -> redeemed
function issue(response) {
  refreshTokens.set(response.refresh_token, false);
  return response;
}
function refreshGrant(res, token) {
  if (!token || !refreshTokens.has(token))
    return send(res, 400, {
      error: 'invalid_grant',
      error_description: 'AADSTS9002313: Invalid request. The refresh token is malformed or unknown.',
    });
  if (refreshTokens.get(token))
    return send(res, 400, {
      error: 'invalid_grant',
      error_description: 'AADSTS70000: The provided refresh token has already been redeemed.',
    });
  refreshTokens.set(token, true);
  return send(res, 200, issue(mintEntraResponse()));
}

/** Starts the demo site. `requests` records every request it received, for tests that count traffic. */
export function startDemo({ port = 0, host = '127.0.0.1' } = {}) {
  const cache = new Map();
  const tokensFor = (h) => {
    if (!cache.has(h)) cache.set(h, mintSharePointTokens(h));
    return cache.get(h);
  };
  const hostile = hostileToken();
  const requests = [];
  // Headers up to 1 MB (Node's default is 16 KB): a hostile page's 240 KB header gets an answer, as a real site's
  // proxy may give it, so the e2e sees the request end normally in DevTools.
  const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      if (body.length < 1e6) body += c;
    });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url });
      try {
        route(req, res, body, tokensFor, hostile);
      } catch (err) {
        send(res, 500, { error: String(err) });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const origin = `http://${host}:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
      resolve({ server, origin, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const i = process.argv.indexOf('--port');
  const { origin } = await startDemo({ port: i > 0 ? Number(process.argv[i + 1]) : 4173 });
  console.log(`Bearerscope demo site on ${origin}/ (Ctrl+C stops it)`);
}
