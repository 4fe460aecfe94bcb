// The demo's OIDC issuer (discovery + JWKS), its token endpoint for DPoP (RFC 9449) and Microsoft PoP, a
// DPoP-protected API, and the mistakes Bearerscope must flag: tokens it mints for /demo/proofs/mistakes.
// Proofs themselves are made in the page (demo/public/proofs.js) with a WebCrypto key that never leaves it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PUBLIC_KEY_PEM, rs256 } from './tokens.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
/** The issuer's signing key as a JWK, the same key (kid demo-key-1) that signs every RS256 token of the demo. */
const ISSUER_JWK = {
  ...crypto.createPublicKey(PUBLIC_KEY_PEM).export({ format: 'jwk' }),
  kid: 'demo-key-1',
  use: 'sig',
  alg: 'RS256',
};
/** A key the issuer never published: a token signed with it but naming demo-key-1 is a forgery. */
const { privateKey: ROGUE } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

/** RFC 7638 thumbprint, as the authorization server binds a DPoP token to the proof key (cnf.jkt). */
function thumbprint(jwk) {
  const members = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] }[jwk?.kty];
  if (!members) return null;
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]]))))
    .digest('base64url');
}

function decodePart(jwt, i) {
  try {
    return JSON.parse(Buffer.from(String(jwt).split('.')[i] ?? '', 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function rogueRs256(payload) {
  const input = `${b64url({ typ: 'JWT', alg: 'RS256', kid: 'demo-key-1' })}.${b64url(payload)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), ROGUE).toString('base64url')}`;
}

/**
 * Handles the proof demo's routes; returns false for any other path. `send(res, status, body, headers)` is the
 * demo server's responder. The API asks for a DPoP nonce once (401 use_dpop_nonce), as RFC 9449 §9 allows.
 */
export function proofRoutes() {
  const nonce = crypto.randomBytes(12).toString('base64url');
  return function route(req, res, url, body, host, send) {
    const origin = `http://${host}`;
    const issuer = `${origin}/oidc`;
    const nowS = Math.floor(Date.now() / 1000);
    if (url.pathname === '/proofs.js')
      return (
        send(res, 200, fs.readFileSync(path.join(here, 'public', 'proofs.js'), 'utf8'), {
          'content-type': 'text/javascript',
        }),
        true
      );
    if (url.pathname === '/oidc/.well-known/openid-configuration') {
      return (
        send(res, 200, {
          issuer,
          jwks_uri: `${issuer}/jwks`,
          token_endpoint: `${issuer}/token`,
          dpop_signing_alg_values_supported: ['ES256', 'RS256'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
        true
      );
    }
    if (url.pathname === '/oidc/jwks') return (send(res, 200, { keys: [ISSUER_JWK] }), true);
    if (url.pathname === '/oidc/token' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const base = {
        iss: issuer,
        sub: 'demo-user',
        aud: `${origin}/dpop-api`,
        client_id: 'bearerscope-demo-spa',
        iat: nowS,
        exp: nowS + 3600,
        jti: crypto.randomUUID(),
      };
      if (form.get('token_type') === 'pop') {
        // MSAL sends req_cnf: base64url JSON {kid: RFC 7638 thumbprint, xms_ksl}; the token names that kid in cnf.
        const reqCnf = decodePart(`.${form.get('req_cnf') ?? ''}`, 1);
        return (
          send(res, 200, {
            access_token: rs256({ ...base, cnf: { kid: reqCnf?.kid, xms_ksl: 'sw' } }),
            token_type: 'pop',
            expires_in: 3600,
          }),
          true
        );
      }
      const jkt = thumbprint(decodePart(req.headers.dpop, 0)?.jwk);
      if (!jkt)
        return (send(res, 400, { error: 'invalid_dpop_proof', error_description: 'A DPoP proof is required.' }), true);
      return (
        send(res, 200, { access_token: rs256({ ...base, cnf: { jkt } }), token_type: 'DPoP', expires_in: 3600 }),
        true
      );
    }
    if (url.pathname.startsWith('/dpop-api/')) {
      const auth = /^(\S+)\s+(\S+)$/.exec(req.headers.authorization ?? '');
      const scheme = auth?.[1].toLowerCase();
      if (scheme === 'pop') return (send(res, 200, { orders: [{ id: 3, item: 'Tea' }] }), true);
      if (scheme !== 'dpop') {
        // A bound token without a proof (RFC 9449 §7.2): refused, with a DPoP challenge.
        return (
          send(
            res,
            401,
            { error: 'invalid_token' },
            {
              'www-authenticate':
                'DPoP error="invalid_token", error_description="DPoP-bound token sent without a proof", algs="ES256 RS256"',
            },
          ),
          true
        );
      }
      const proof = decodePart(req.headers.dpop, 1);
      if (proof?.nonce !== nonce) {
        return (
          send(
            res,
            401,
            { error: 'use_dpop_nonce' },
            {
              'www-authenticate':
                'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
              'dpop-nonce': nonce,
            },
          ),
          true
        );
      }
      // The demo API checks only the nonce: it is the page's mistakes that Bearerscope is meant to show.
      return (send(res, 200, { orders: [{ id: 2, item: 'Croissant' }] }, { 'dpop-nonce': nonce }), true);
    }
    if (url.pathname === '/demo/proofs/mistakes') {
      const claims = {
        iss: issuer,
        sub: 'demo-user',
        aud: `${origin}/dpop-api`,
        client_id: 'bearerscope-demo-spa',
        iat: nowS,
        exp: nowS + 3600,
      };
      return (
        send(res, 200, {
          // Signed by a key the JWKS does not hold, under the issuer's kid: signature-invalid.
          forged: rogueRs256({ ...claims, jti: 'forged-1', scp: 'Orders.ReadWrite.All' }),
          // HS256 naming the issuer's RSA kid, its HMAC key the issuer's public key text: alg-confusion.
          confused: (() => {
            const input = `${b64url({ typ: 'JWT', alg: 'HS256', kid: 'demo-key-1' })}.${b64url({ ...claims, jti: 'confused-1' })}`;
            return `${input}.${crypto.createHmac('sha256', PUBLIC_KEY_PEM).update(input).digest('base64url')}`;
          })(),
          verified: rs256({ ...claims, jti: 'honest-1' }),
        }),
        true
      );
    }
    return false;
  };
}
