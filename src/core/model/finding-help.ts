/**
 * The longer text for each finding code: what it means and what to do. SARIF rules carry it (`fullDescription`,
 * `help`), and the HTML report shows it as the advice beside each finding. The short title is `FINDING_TITLES`.
 */
import type { FindingCode } from './findings.js';

export interface FindingHelp {
  /** What the finding means, in one or two sentences. */
  description: string;
  /** What to do about it. */
  help: string;
}

export const FINDING_HELP: Readonly<Record<FindingCode, FindingHelp>> = {
  expired: {
    description: 'The token’s exp claim is in the past at the moment the report was judged.',
    help: 'Nothing to do if the app fetched a new token in time; if requests still carry this one, get a new token before exp (a refresh, or silent acquisition) instead of reusing a cached one.',
  },
  'expired-when-sent': {
    description: 'A request carried the token after its exp: the server must refuse it, and the app sent it anyway.',
    help: 'Check expiry (with a few minutes of margin for clock skew) before each use and renew the token first; do not cache tokens past their exp.',
  },
  'not-yet-valid': {
    description: 'The token’s nbf is ahead of the judged moment, or a request carried it before its nbf.',
    help: 'Compare the client’s and the issuer’s clocks; a token used before nbf is refused by the server.',
  },
  'no-expiry': {
    description: 'A readable JWT has no exp claim, so it is valid for ever once stolen.',
    help: 'Issue tokens with an exp (RFC 7519 §4.1.4); a token without one cannot be expired, only revoked.',
  },
  unsigned: {
    description: 'The token’s header says alg "none": anyone can forge it.',
    help: 'Never accept unsigned tokens (RFC 8725 §3.1); issue signed tokens and reject alg none on the server.',
  },
  malformed: {
    description: 'It looks like a JWT but does not decode, or a time claim is not a number of seconds.',
    help: 'Find the code that builds or truncates the token; time claims are NumericDate, seconds since 1970 (RFC 7519 §2).',
  },
  'cookie-leak': {
    description:
      'The token is kept in a cookie: the browser attaches it to every request to that host, and scripts can read it unless the cookie is HttpOnly.',
    help: 'Keep bearer tokens out of cookies; where a cookie is needed, set HttpOnly, Secure and SameSite and scope its Path.',
  },
  'url-leak': {
    description:
      'The token travelled in a URL, where browser history, server logs, proxies and Referer headers keep it.',
    help: 'Send tokens in the Authorization header (RFC 6750 §2.1); never in a query string (RFC 6750 §5.3).',
  },
  rejected: {
    description: 'A request carrying the token was answered 401 or 403; WWW-Authenticate and x-ms-diagnostics say why.',
    help: 'Read the quoted WWW-Authenticate error: an expired or wrong-audience token needs a new token; a 403 needs the missing permission or scope granted.',
  },
  'audience-mismatch': {
    description:
      'The token was sent as a bearer to a host its aud claim does not name: a token for one API handed to another.',
    help: 'Request a token for each resource (its own scope or resource URI) and send each only to that resource.',
  },
  'long-lifetime': {
    description:
      'The token lives far longer than its issuer normally allows (about 12 h for SharePoint ACS, 60–90 min for Entra ID).',
    help: 'Check who minted it: a custom issuer or a token lifetime policy may be at work; long-lived bearer tokens widen the window for replay.',
  },
  'storage-exposure': {
    description:
      'The page keeps the token where any script on the origin can read it (localStorage, sessionStorage, a cookie without HttpOnly).',
    help: 'Keep tokens in memory, or use a backend-for-frontend with HttpOnly cookies; at least keep refresh tokens out of localStorage.',
  },
  'clock-skew': {
    description: 'A response’s Date header and the moment the request started differ by more than 5 minutes.',
    help: 'Fix the local clock (NTP); expiry checks on this machine are off by the skew.',
  },
  'client-secret-in-browser': {
    description: 'The browser sent a client_secret: every visitor can read it and act as the application.',
    help: 'Rotate the secret now; browser apps are public clients (RFC 6749 §2.1) and use the authorization code flow with PKCE, with no secret.',
  },
  'oauth-error': {
    description:
      'A sign-in redirect or a token endpoint answered with an OAuth error (RFC 6749 §4.1.2.1, §5.2); the message quotes it and says what the code means.',
    help: 'Read error_description: consent, redirect URI and scope errors are fixed in the app registration; an invalid_grant means signing in again.',
  },
  'idp-error': {
    description:
      'Microsoft Entra answered with an AADSTS code (in a token response, a redirect or its sign-in page), or SharePoint refused a token (x-ms-diagnostics, “Invalid issuer or signature”, “Token type is not allowed”). The server’s text is quoted as it came, with its trace and correlation ids.',
    help: 'Follow the cause and fix given for the code; Microsoft’s current text is at https://login.microsoftonline.com/error?code=<number>, and the correlation id finds the sign-in in the tenant’s sign-in logs.',
  },
  'login-redirect': {
    description:
      'An API call (fetch or XHR, not a page load) was answered 302/303 to a sign-in (authorize) endpoint: the session or token it relied on is gone, and the script sees a CORS error or a login page instead of data.',
    help: 'Have the API answer 401 to API calls (not a redirect), and the app acquire a new token (silently, then interactively) when it gets one.',
  },
  'pkce-missing': {
    description:
      'A browser app redeemed an authorization code without PKCE (no code_challenge sent, no code_verifier redeemed): a stolen or injected code can be redeemed by someone else.',
    help: 'Use PKCE with S256 for every authorization code flow (RFC 9700 §2.1.1; required for public clients).',
  },
  'pkce-plain': {
    description:
      'The authorize request used code_challenge_method=plain: the challenge is the verifier itself, so anyone who sees the request can redeem the code.',
    help: 'Use code_challenge_method=S256 (RFC 7636 §4.2; RFC 9700 §2.1.1).',
  },
  'state-mismatch': {
    description:
      'The redirect back to the app carried a state other than the one its authorize request sent (or none): either the app does not check state, or the response belongs to another request (CSRF, RFC 6749 §10.12).',
    help: 'Send an unguessable state per sign-in and reject a response whose state is not the one stored for it.',
  },
  'nonce-mismatch': {
    description:
      'The ID token’s nonce is not the nonce the authorize request sent (OpenID Connect Core §3.1.3.7): a replayed or injected ID token.',
    help: 'Send a fresh nonce per sign-in, keep it, and reject an ID token whose nonce differs.',
  },
  'implicit-grant': {
    description:
      'The authorize request asked for tokens in the redirect (response_type token or id_token token): the access token travels in the URL fragment, where history and scripts see it, and cannot be sender-bound.',
    help: 'Use the authorization code flow with PKCE (RFC 9700 §2.1.2: the implicit grant should not be used).',
  },
  'password-grant': {
    description:
      'The app sent the user’s password to the token endpoint (grant_type=password, ROPC): it handles the password itself, and MFA and federated sign-in cannot work.',
    help: 'Use the authorization code flow with PKCE (RFC 9700 §2.4: the password grant must not be used).',
  },
  'redirect-uri-mismatch': {
    description:
      'The token request’s redirect_uri is not the one the authorize request sent (RFC 6749 §4.1.3 requires them identical).',
    help: 'Send the same redirect_uri in both requests; a server that accepts a different one should be fixed.',
  },
  'refresh-reused': {
    description:
      'A refresh token was sent again after the token response that replaced it: with rotation, a replaced token is used only by a thief or a client that lost track of its newest token (RFC 9700 §4.14.2).',
    help: 'Keep only the newest refresh token and serialise refreshes (one at a time across tabs); if the client did not send it, treat it as stolen and revoke the grant.',
  },
  'id-token-as-bearer': {
    description:
      'An ID token was sent as `Authorization: Bearer` to an API: an ID token tells the client who signed in and is not an access token (OpenID Connect Core §2); its audience is the client, not the API.',
    help: 'Request an access token for the API (its scope) and send that; validate access tokens, not ID tokens, in the API.',
  },
  'secret-in-browser': {
    description: 'A server-side credential or API key was sent, received or kept by the page.',
    help: 'Rotate it now and move the calls that need it to a server; a browser cannot keep a secret.',
  },
  'capture-stripped': {
    description:
      'Most Authorization, Cookie and Set-Cookie values are redactions, or a browser capture of API calls holds none: no findings would prove nothing.',
    help: "Export the HAR again with its sensitive data (Chrome: 'Export HAR (with sensitive data)'; Firefox: 'Save All As HAR') and scan that file.",
  },
  'signature-invalid': {
    description:
      "A key from the traffic matches the token's kid or x5t, and the signature does not verify with it: the token was altered or signed by someone else.",
    help: "Find who minted the token; the server must reject it. Check that the API validates signatures against the issuer's published keys.",
  },
  'signature-untrusted-key': {
    description:
      "The signature verifies only with a key that is not tied to the token's issuer: one served from another host, or a certificate a token carried. Anyone can serve a key, so this says nothing about who made the token.",
    help: "Treat the token as unverified: find who minted it. Check that the API takes keys only from its issuer's configured jwks_uri, never from a URL or certificate the token or the page supplies.",
  },
  'at-jwt-claims-missing': {
    description:
      'A JWT access token (typ at+jwt, RFC 9068) lacks claims the profile requires (iss, exp, aud, sub, client_id, iat, jti).',
    help: "Fix the issuer's token profile; resource servers that rely on RFC 9068 may reject or misjudge the token.",
  },
  'alg-confusion': {
    description:
      'The token uses an HMAC alg although its kid names a captured RSA/EC key or its issuer publishes only public keys: the classic algorithm-confusion forgery (a public key used as an HMAC secret).',
    help: 'Make the server take the algorithm from its key configuration, never from the token header, and reject HS* for asymmetric issuers.',
  },
  'header-key-injection': {
    description:
      "The header embeds its own key (jwk) or points at a key URL (jku, x5u) off the issuer's host: a server that trusts it accepts tokens an attacker signed.",
    help: "Verify only with keys from the issuer's configured JWKS; ignore jwk/jku/x5u in tokens.",
  },
  'kid-suspicious': {
    description:
      'The kid holds path, quote or control characters, as used to attack servers that look keys up in files or databases.',
    help: 'Treat kid as an opaque lookup key: match it against known keys only, never build a path or query from it.',
  },
  'crit-unknown': {
    description: 'The header marks extensions as critical (crit) that a server must understand or reject.',
    help: 'Check that the server rejects tokens with unknown crit names (RFC 7515 §4.1.11).',
  },
  'b64-false': {
    description:
      'The header sets b64: false (RFC 7797): the payload is signed unencoded, which many libraries mishandle.',
    help: 'Make sure the server either supports RFC 7797 correctly or rejects such tokens.',
  },
  'dpop-invalid': {
    description:
      'A DPoP proof (RFC 9449) fails a check: its type, algorithm, key, signature, method, URL, time, jti, access-token hash or nonce.',
    help: "Fix the client's proof generation; the message names the failed check. The server must reject such proofs.",
  },
  'dpop-replayed': {
    description: 'The same DPoP proof (jti) was sent with more than one request: a replay.',
    help: "Make the client create a fresh proof per request, and the server keep a jti cache for the proof's lifetime.",
  },
  'dpop-unbound': {
    description:
      'The access token is not bound to the key of the DPoP proof sent with it (cnf.jkt is missing or names another key).',
    help: 'Check that the token endpoint binds issued tokens to the proof key, and that the API compares cnf.jkt with the proof.',
  },
  'dpop-downgrade': {
    description:
      'A DPoP-bound token (cnf.jkt) was sent as a plain Bearer token: a server that accepts it gives up the binding.',
    help: 'Make the API refuse bound tokens presented as Bearer, and the client always send them with a proof.',
  },
  'pop-invalid': {
    description:
      "A Microsoft PoP signed HTTP request fails a check: type, algorithm, key, signature, method, URL, path, query, time or the inner token's binding.",
    help: "Fix the client's signed request (MSAL's PoP support); the message names the failed check.",
  },
};
