// A small site for live-capture tests and the latency bench: one route per kind of answer a bearer request can get,
// as Chromium and Firefox treat them differently in devtools.network. Every token is minted fresh, so each one
// the panel lists was sent after the panel was ready. 127.0.0.1 only.
import crypto from 'node:crypto';
import http from 'node:http';
import { mintEntraResponse, rs256, TENANT } from '../../demo/tokens.mjs';

/** The kinds of response measured: how each one is answered, and whether the page reads its body. */
export const KINDS = {
  normal: { path: '/api/normal', headers: {}, reads: true },
  private: { path: '/api/private', headers: { 'cache-control': 'private, max-age=0' }, reads: true },
  'no-store': { path: '/api/no-store', headers: { 'cache-control': 'no-store' }, reads: true },
  // A 401 the page never looks into: Chromium never reports it to onRequestFinished.
  ignored: {
    path: '/api/refused',
    status: 401,
    headers: { 'cache-control': 'no-store', 'www-authenticate': 'Bearer error="invalid_token"' },
    reads: false,
  },
  // A token endpoint's answer (no-store, as Entra ID sends it) carrying access, ID and refresh tokens.
  'token-endpoint': { path: `/${TENANT}/oauth2/v2.0/token`, headers: { 'cache-control': 'no-store' }, reads: true },
};

/** A fresh Entra-style access token to send as a bearer. */
export function bearerToken(nowS = Math.floor(Date.now() / 1000)) {
  return rs256({
    aud: 'api://bearerscope-live',
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    iat: nowS,
    nbf: nowS,
    exp: nowS + 3600,
    scp: 'Orders.Read',
    azp: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
    azpacr: '0',
    oid: crypto.randomUUID(),
    tid: TENANT,
    ver: '2.0',
    jti: crypto.randomUUID(),
  });
}

export function startLiveSite() {
  /** Token responses sent, by request id (`?k=`), so a test knows which tokens to look for. */
  const issued = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://live');
    req.resume();
    req.on('end', () => {
      const kind = Object.entries(KINDS).find(([, k]) => k.path === url.pathname);
      if (!kind) {
        res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html><title>Bearerscope live capture</title><p>Requests are sent by the test.</p>');
      }
      const [name, k] = kind;
      /** @type {Record<string, unknown>} */
      let body = { ok: true, kind: name };
      if (name === 'token-endpoint') {
        body = mintEntraResponse();
        issued.set(url.searchParams.get('k'), body);
      }
      if (name === 'ignored') body = { error: 'invalid_token' };
      res.writeHead(k.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...k.headers });
      res.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
      resolve({ origin, issued, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/**
 * Runs in the page: sends one request of a kind (a bearer call, or a code exchange at the token endpoint), reads the
 * body if the kind says so, and returns the moment it ended (epoch ms: the page and the panel share the clock).
 */
export async function sendKind(path, id, token, reads) {
  const url = `${path}?k=${encodeURIComponent(id)}`;
  const init = token
    ? { headers: { Authorization: `Bearer ${token}` } }
    : {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
          code: `code-${id}`,
          code_verifier: 'live-verifier-0123456789012345678901234567890123',
        }),
      };
  const r = await fetch(url, init);
  if (reads) await r.text();
  return Date.now();
}
