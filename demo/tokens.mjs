// Tokens for the demo site, minted and signed when it starts so that their times are always current.
import crypto from 'node:crypto';

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** The demo add-in's client secret. SharePoint's TokenHelper uses the base64-decoded secret as the HMAC key. */
export const CLIENT_SECRET = 'ZGVtby1hZGQtaW4tY2xpZW50LXNlY3JldC0wMTIzNDU2Nzg5';
export const CLIENT_ID = 'a044e184-7de2-4d05-aacf-52118008c44e';
export const REALM = '040f2415-e6e3-4480-96ce-26ef73275f73';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';
const ACS = '00000001-0000-0000-c000-000000000000';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
/** The demo issuers' public key, so a user can try the panel's signature check on RS256 tokens. */
export const PUBLIC_KEY_PEM = publicKey.export({ type: 'spki', format: 'pem' });

function hs256(payload, key = Buffer.from(CLIENT_SECRET, 'base64')) {
  const input = `${b64url({ typ: 'JWT', alg: 'HS256' })}.${b64url(payload)}`;
  return `${input}.${crypto.createHmac('sha256', key).update(input).digest('base64url')}`;
}

export function rs256(payload, kid = 'demo-key-1') {
  const input = `${b64url({ typ: 'JWT', alg: 'RS256', kid })}.${b64url(payload)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function mintSharePointTokens(host, nowS = Math.floor(Date.now() / 1000)) {
  const aud = `${SHAREPOINT}/${host}@${REALM}`;
  const iss = `${ACS}@${REALM}`;
  const twelveHours = 12 * 3600;
  return {
    // Seed article, Table 3 (context token): times as strings, appctx as a JSON string.
    context: hs256({
      aud: `${CLIENT_ID}/${host}@${REALM}`,
      iss,
      nbf: String(nowS),
      exp: String(nowS + twelveHours),
      appctxsender: `${SHAREPOINT}@${REALM}`,
      appctx: JSON.stringify({
        CacheKey: crypto.randomBytes(32).toString('base64'),
        SecurityTokenServiceUri: 'https://accounts.accesscontrol.windows.net/tokens/OAuth/2',
      }),
      refreshtoken: `IAAAA${crypto.randomBytes(180).toString('base64')}`,
      isbrowserhostedapp: 'true',
    }),
    // Table 1 (user+add-in) and Table 2 (add-in-only).
    userAddIn: rs256({
      aud,
      iss,
      nbf: nowS - 300,
      exp: nowS - 300 + twelveHours,
      nameid: '1003bffd8a2b1c4e',
      actor: `${CLIENT_ID}@${REALM}`,
      identityprovider: 'urn:federation:microsoftonline',
    }),
    addInOnly: rs256({
      aud,
      iss,
      nbf: nowS - 300,
      exp: nowS - 300 + twelveHours,
      nameid: `${CLIENT_ID}@${REALM}`,
      sub: '1d47ac31-498b-4988-8aac-85fc9bd2e1ce',
      oid: '1d47ac31-498b-4988-8aac-85fc9bd2e1ce',
      trustedfordelegation: 'false',
      identityprovider: `${ACS}@${REALM}`,
    }),
    expired: rs256({
      aud,
      iss,
      nbf: nowS - 13 * 3600,
      exp: nowS - 3600,
      nameid: '1003bffd8a2b1c4e',
      actor: `${CLIENT_ID}@${REALM}`,
      identityprovider: 'urn:federation:microsoftonline',
    }),
  };
}

/** What an Entra ID token endpoint answers to an authorization-code exchange, minted per request. */
export function mintEntraResponse(nowS = Math.floor(Date.now() / 1000)) {
  const iss = `https://login.microsoftonline.com/${TENANT}/v2.0`;
  const user = {
    oid: '2b1c7f0c-6b0e-4f4e-9a43-6f3f6c1f2a11',
    tid: TENANT,
    name: 'Alex Doe',
    preferred_username: 'alex@contoso.example',
  };
  return {
    token_type: 'Bearer',
    scope: 'api://bearerscope-demo/Orders.Read openid profile offline_access',
    expires_in: 3600,
    ext_expires_in: 3600,
    access_token: rs256({
      aud: 'api://bearerscope-demo',
      iss,
      iat: nowS,
      nbf: nowS,
      exp: nowS + 3600,
      azp: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
      azpacr: '0',
      idtyp: 'user',
      scp: 'Orders.Read',
      sub: 'lVd0V2h1bW9zM2dqQm0',
      uti: crypto.randomBytes(16).toString('base64url'),
      ver: '2.0',
      ...user,
    }),
    id_token: rs256({
      aud: '6e74172b-be56-4843-9ff4-e66a39bb12e3',
      iss,
      iat: nowS,
      nbf: nowS,
      exp: nowS + 3600,
      nonce: crypto.randomBytes(8).toString('hex'),
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      ver: '2.0',
      ...user,
    }),
    refresh_token: `0.AXEA${crypto.randomBytes(96).toString('base64url')}`,
  };
}

/** A token whose claims hold HTML and script: the panel must show it as text and run none of it. */
export function hostileToken(nowS = Math.floor(Date.now() / 1000)) {
  return hs256(
    {
      sub: '<script>window.__pwned = "script"</script>',
      name: '<img src=x onerror="window.__pwned = \'img\'">',
      '<b onmouseover=alert(1)>claim</b>': '<a href="javascript:alert(2)">link</a>',
      rtl: 'invoice\u202Efdp.exe',
      zw: 'admin\u200B',
      iat: nowS,
      exp: nowS + 600,
    },
    Buffer.from('hostile'),
  );
}
