/**
 * One line on each claim a user will meet, shown beside it in the panel. Sources:
 * - registered claims: RFC 7519 §4.1; JOSE header: RFC 7515 §4.1;
 * - ACS claims: Tables 1–3 of "Handle security tokens in provider-hosted low-trust SharePoint Add-ins",
 *   https://learn.microsoft.com/en-us/sharepoint/dev/sp-add-ins/handle-security-tokens-in-provider-hosted-low-trust-sharepoint-add-ins
 * - Entra ID claims: https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference and
 *   https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
 * - high-trust: TokenHelper.cs.
 */

const HEADER_INFO: ReadonlyMap<string, string> = new Map([
  ['alg', 'Signature algorithm. "none" means the token is not signed.'],
  ['typ', 'Media type of the token, usually "JWT" ("at+jwt" for an RFC 9068 access token).'],
  ['kid', 'ID of the key that signed it, to look up in the issuer’s JWKS.'],
  ['x5t', 'SHA-1 thumbprint of the certificate that signed it.'],
  ['x5t#S256', 'SHA-256 thumbprint of the certificate that signed it.'],
  ['enc', 'Content encryption algorithm of an encrypted token (JWE).'],
  ['cty', 'Content type of the payload ("JWT" for a nested token).'],
  [
    'nonce',
    'Entra ID: a nonce in the header means the signature covers a hashed value and cannot be checked by you (Graph tokens).',
  ],
]);

const CLAIM_INFO: ReadonlyMap<string, string> = new Map([
  ['iss', 'Issuer: who created and signed the token.'],
  ['sub', 'Subject: the principal the token is about.'],
  ['aud', 'Audience: who the token is for. A server must refuse a token whose aud is not itself.'],
  ['exp', 'Expiry: the token must not be accepted at or after this time.'],
  ['nbf', 'Not before: the token must not be accepted before this time.'],
  ['iat', 'Issued at: when the token was created.'],
  ['jti', 'Token ID: a unique identifier, used to stop replays.'],
  // SharePoint ACS (Tables 1–3 of the low-trust token article above)
  ['nameid', 'SharePoint: the user (user+add-in) or the add-in as client ID@realm (add-in-only).'],
  ['actor', 'SharePoint: the add-in seeking access, as client ID@realm. Only in user+add-in tokens.'],
  [
    'identityprovider',
    'SharePoint: who vouched for the identity; ACS itself (00000001-…@realm) in add-in-only tokens.',
  ],
  [
    'trustedfordelegation',
    'SharePoint: whether SharePoint should trust the add-in to speak for the user ("false" in add-in-only tokens).',
  ],
  [
    'appctxsender',
    'SharePoint context token: the principal that sent it (SharePoint, Exchange, Lync or Workflow) @realm.',
  ],
  ['appctx', 'SharePoint context token: JSON with the CacheKey and the SecurityTokenServiceUri.'],
  [
    'refreshtoken',
    'SharePoint context token: the refresh token the add-in trades with ACS for access tokens (about 6 months).',
  ],
  [
    'isbrowserhostedapp',
    'SharePoint context token: "true" when a browser posted it, "false" for a remote event receiver.',
  ],
  ['actortoken', 'SharePoint high-trust: the signed token of the add-in inside an unsigned outer token.'],
  ['nii', 'SharePoint high-trust: the issuer of the user’s name identifier (e.g. urn:office:idp:activedirectory).'],
  // Entra ID
  ['tid', 'Entra ID: the tenant that issued the token.'],
  ['oid', 'Entra ID: object ID of the user or service principal, the same across apps.'],
  ['scp', 'Entra ID: delegated scopes the user consented to (space-separated). Its presence means a delegated token.'],
  ['roles', 'Entra ID: app roles granted; in a token without scp these are application permissions (app-only).'],
  ['appid', 'Entra ID v1: client ID of the app that requested the token.'],
  ['azp', 'Entra ID v2: client ID of the app that requested the token.'],
  ['appidacr', 'Entra ID v1: how the client authenticated: 0 public client, 1 client secret, 2 certificate.'],
  ['azpacr', 'Entra ID v2: how the client authenticated: 0 public client, 1 client secret, 2 certificate.'],
  ['idtyp', 'Entra ID: "app" for an app-only token, "user" for a delegated one.'],
  ['ver', 'Entra ID: token format version, "1.0" or "2.0".'],
  ['upn', 'Entra ID: the user’s sign-in name. Can change: do not use it as a key.'],
  ['unique_name', 'Entra ID v1: a display-friendly user name. Can change: do not use it as a key.'],
  ['preferred_username', 'The user’s sign-in name, for display only.'],
  ['name', 'The user’s display name.'],
  ['amr', 'How the user authenticated (pwd, mfa, …).'],
  ['acr', 'Authentication context class reference.'],
  ['nonce', 'ID token: the nonce the app sent with the sign-in request, to stop replays.'],
  ['at_hash', 'ID token: hash of the access token issued with it.'],
  ['c_hash', 'ID token: hash of the authorization code issued with it.'],
  ['auth_time', 'When the user last signed in.'],
  [
    'xms_cc',
    'Entra ID: client capabilities; "cp1" means the client handles continuous access evaluation (longer-lived tokens).',
  ],
  ['wids', 'Entra ID: directory roles of the user (template IDs).'],
  ['groups', 'Entra ID: group object IDs of the user.'],
  ['uti', 'Entra ID: an internal token identifier.'],
  ['rh', 'Entra ID: an internal claim used to revalidate tokens.'],
  ['aio', 'Entra ID: an internal claim.'],
  ['sid', 'Session ID of the sign-in.'],
  ['azp_acr', 'How the client authenticated.'],
  ['client_id', 'The OAuth client the token was issued to (RFC 9068).'],
  ['scope', 'Scopes granted (RFC 9068 / OAuth).'],
]);

export function claimInfo(name: string): string | null {
  return CLAIM_INFO.get(name) ?? null;
}

export function headerInfo(name: string): string | null {
  return HEADER_INFO.get(name) ?? null;
}

/**
 * A proof of possession's own header and claims: what they mean in the proof, not in a token (a DPoP proof's
 * `nonce` is the server's, not the sign-in's; its `typ` is fixed). Sources: DPoP, RFC 9449 §4.2 (header and
 * claims), §8 (the server-provided nonce); Microsoft's PoP signed request, draft-ietf-oauth-signed-http-request-03
 * §3 as MSAL and the Microsoft identity platform use it (`at`, `ts`, `m`, `u`, `p`, `q`, `h`, `b`).
 */
const PROOF_HEADER_INFO: Readonly<Record<'dpop' | 'pop', ReadonlyMap<string, string>>> = {
  dpop: new Map([
    ['typ', 'Must be "dpop+jwt": marks this JWT as a DPoP proof, so no other JWT can pass for one (RFC 9449 §4.2).'],
    ['alg', 'The proof’s signature algorithm: an asymmetric one; "none" and HMAC are refused (RFC 9449 §4.2).'],
    [
      'jwk',
      'The public key the proof is signed with. The access token is bound to its thumbprint (cnf.jkt): only the holder of the private key can use the token.',
    ],
  ]),
  pop: new Map([
    ['typ', 'Must be "pop": marks this JWT as a signed HTTP request (proof of possession).'],
    ['alg', 'The signed request’s signature algorithm: an asymmetric one.'],
    ['jwk', 'The public key the request is signed with; the access token in "at" names it in its cnf claim.'],
    ['kid', 'The ID of the key that signed the request.'],
  ]),
};

const PROOF_CLAIM_INFO: Readonly<Record<'dpop' | 'pop', ReadonlyMap<string, string>>> = {
  dpop: new Map([
    ['jti', 'A unique ID of this proof: a server that has seen it before refuses the request (replay).'],
    ['htm', 'The HTTP method of the request this proof goes with (RFC 9449 §4.2).'],
    ['htu', 'The URL of the request this proof goes with, without query and fragment (RFC 9449 §4.2).'],
    ['iat', 'When the proof was made: servers accept a proof only for a short time after it.'],
    [
      'ath',
      'Hash of the access token sent with the proof (base64url SHA-256): ties the proof to that token (RFC 9449 §4.2).',
    ],
    [
      'nonce',
      'The nonce the server provided in its DPoP-Nonce header, sent back so the server knows the proof is fresh (RFC 9449 §8). Not the sign-in nonce of an ID token.',
    ],
  ]),
  pop: new Map([
    ['at', 'The access token this request presents; its cnf claim names the key that signed the request.'],
    ['ts', 'When the request was signed (seconds since 1970): servers accept it only for a short time.'],
    ['m', 'The HTTP method of the signed request.'],
    ['u', 'The host (authority) the request was sent to.'],
    ['p', 'The path of the request URL.'],
    ['q', 'The query parameters covered: their names and a hash of their values.'],
    ['h', 'The request headers covered: their names and a hash of their values.'],
    ['b', 'Hash of the request body.'],
    [
      'nonce',
      'A unique value for this request (the client’s, or one the server gave), so that no two signed requests are alike.',
    ],
  ]),
};

/** What a DPoP proof's or a PoP signed request's header field means there. */
export function proofHeaderInfo(kind: 'dpop' | 'pop', name: string): string | null {
  return PROOF_HEADER_INFO[kind].get(name) ?? null;
}

/** What a DPoP proof's or a PoP signed request's claim means there. */
export function proofClaimInfo(kind: 'dpop' | 'pop', name: string): string | null {
  return PROOF_CLAIM_INFO[kind].get(name) ?? null;
}
