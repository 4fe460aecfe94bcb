// The flow demo: an Entra-style authority under /flows/ (authorize, token) and an API, to show what Bearerscope
// finds in a flow rather than in one token: an AADSTS error from the token endpoint, an ID token sent to an API, an
// API call redirected to sign in, and a PKCE sign-in with the plain method. The page side is demo/public/flows.js.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TENANT, rs256 } from './tokens.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FLOWS_CLIENT = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const AUTHORITY = `/flows/${TENANT}/oauth2/v2.0`;

/** Handles the flow demo's routes; returns false for any other path. `send` is the demo server's responder. */
export function flowRoutes() {
  // code -> the nonce its authorize request sent (bounded: a demo, but a long-running one).
  const codes = new Map();
  return function route(req, res, url, body, host, send) {
    const origin = `http://${host}`;
    if (url.pathname === '/flows.js')
      return (
        send(res, 200, fs.readFileSync(path.join(here, 'public', 'flows.js'), 'utf8'), {
          'content-type': 'text/javascript',
        }),
        true
      );
    if (url.pathname === '/flows/app/')
      return (send(res, 200, '<!doctype html><title>Signed in</title><p>Signed in.</p>'), true);
    if (url.pathname === `${AUTHORITY}/authorize` && req.method === 'GET') {
      // The user has a session: answer at once with a code in the fragment, as response_mode=fragment asks.
      const code = `1.AXEA${crypto.randomBytes(32).toString('base64url')}`;
      if (codes.size > 1000) codes.clear();
      codes.set(code, url.searchParams.get('nonce'));
      const back = new URLSearchParams({
        code,
        state: url.searchParams.get('state') ?? '',
        session_state: crypto.randomUUID(),
      });
      return (
        send(res, 302, '', { location: `${url.searchParams.get('redirect_uri') ?? `${origin}/flows/app/`}#${back}` }),
        true
      );
    }
    if (url.pathname === `${AUTHORITY}/token` && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const nowS = Math.floor(Date.now() / 1000);
      if (form.get('grant_type') === 'refresh_token') {
        // A refresh token issued to a single-page app more than 24 h ago, as Entra answers it (MSAL.js #4544).
        const trace = crypto.randomUUID();
        const correlation = crypto.randomUUID();
        const when = new Date()
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, 'Z');
        return (
          send(res, 400, {
            error: 'invalid_grant',
            error_description: `AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on ${new Date(Date.now() - 86_500_000).toISOString()}. Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${when}`,
            error_codes: [700084],
            timestamp: when,
            trace_id: trace,
            correlation_id: correlation,
            error_uri: 'https://login.microsoftonline.com/error?code=700084',
          }),
          true
        );
      }
      const code = form.get('code') ?? '';
      if (!codes.has(code))
        return (
          send(res, 400, {
            error: 'invalid_grant',
            error_description:
              'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
          }),
          true
        );
      const nonce = codes.get(code);
      codes.delete(code);
      const iss = `https://login.microsoftonline.com/${TENANT}/v2.0`;
      const user = {
        oid: '2b1c7f0c-6b0e-4f4e-9a43-6f3f6c1f2a11',
        tid: TENANT,
        name: 'Alex Doe',
        preferred_username: 'alex@contoso.example',
      };
      return (
        send(res, 200, {
          token_type: 'Bearer',
          scope: 'api://bearerscope-demo/Orders.Read openid profile',
          expires_in: 3600,
          access_token: rs256({
            aud: 'api://bearerscope-demo',
            iss,
            iat: nowS,
            nbf: nowS,
            exp: nowS + 3600,
            azp: FLOWS_CLIENT,
            azpacr: '0',
            idtyp: 'user',
            scp: 'Orders.Read',
            sub: 'lVd0V2h1bW9zM2dqQm0',
            ver: '2.0',
            ...user,
          }),
          id_token: rs256({
            aud: FLOWS_CLIENT,
            iss,
            iat: nowS,
            nbf: nowS,
            exp: nowS + 3600,
            ...(nonce ? { nonce } : {}),
            sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
            ver: '2.0',
            ...user,
          }),
        }),
        true
      );
    }
    if (url.pathname === '/flows/api/me') return (send(res, 200, { name: 'Alex Doe' }), true);
    if (url.pathname === '/flows/api/session') {
      // An API behind a session cookie that has expired: it sends the script to sign in instead of answering 401.
      const authorize = new URLSearchParams({
        client_id: FLOWS_CLIENT,
        response_type: 'code',
        redirect_uri: `${origin}/flows/app/`,
        scope: 'openid',
        state: crypto.randomUUID(),
        nonce: crypto.randomUUID(),
        code_challenge: crypto.randomBytes(32).toString('base64url'),
        code_challenge_method: 'S256',
      });
      return (send(res, 302, '', { location: `${AUTHORITY}/authorize?${authorize}` }), true);
    }
    return false;
  };
}
