/** Report-level findings that come from one entry rather than one token. */
import { type Entry, entryName } from '../model/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { base64Text } from '../util/base64url.js';
import { parseJsonObject } from '../util/json.js';
import { formDecode } from '../har/forms.js';

/** OAuth 2.0 (RFC 6749 §4.1.2.1) and OpenID Connect error codes; anything else needs an error_description too. */
const OAUTH_ERRORS = new Set([
  'invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope',
  'server_error', 'temporarily_unavailable', 'interaction_required', 'login_required', 'account_selection_required',
  'consent_required', 'invalid_request_uri', 'invalid_request_object', 'request_not_supported',
  'request_uri_not_supported', 'registration_not_supported', 'invalid_grant', 'invalid_client',
]);

/** Where OAuth clients get tokens: Entra ID and B2C (`/oauth2/token`, `/oauth2/v2.0/token`), ACS (`/tokens/OAuth/2`), most others (`/token`, `/connect/token`). */
const TOKEN_ENDPOINT = /\/(oauth2?\/(v2\.0\/)?token|connect\/token|tokens\/oauth\/2|token)\/?$/i;

/**
 * The client id of a client authenticating with HTTP Basic at a token endpoint (RFC 6749 §2.3.1: the
 * form-encoded `client_id:client_secret`), or null. The secret itself is never kept.
 */
export function basicClientId(entry: Entry): string | null {
  // Most requests carry no Basic credentials: look for them before parsing the URL or the body.
  if (!entry.requestHeaders.some((h) => h.name.toLowerCase() === 'authorization' && /^\s*basic\s/i.test(h.value))) return null;
  if (entry.path === null) return null;
  const isTokenRequest = TOKEN_ENDPOINT.test(entry.path) || entry.formFields.some((f) => f.name === 'grant_type');
  if (!isTokenRequest) return null;
  for (const h of entry.requestHeaders) {
    if (h.name.toLowerCase() !== 'authorization') continue;
    const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h.value);
    const text = m?.[1] ? base64Text(m[1]) : null;
    const colon = text ? text.indexOf(':') : -1;
    if (text && colon > 0 && colon < text.length - 1) return formDecode(text.slice(0, colon));
  }
  return null;
}

function secretSentIn(entry: Entry): string | null {
  if (entry.queryParams.some((p) => p.name === 'client_secret' && p.value)) return 'the URL';
  if (entry.formFields.some((p) => p.name === 'client_secret' && p.value)) return 'a form body';
  const json = parseJsonObject(entry.postText);
  if (json && typeof json.client_secret === 'string' && json.client_secret) return 'a JSON body';
  const basicClient = basicClientId(entry);
  if (basicClient !== null) return `an Authorization: Basic header (client_id ${JSON.stringify(basicClient.slice(0, 200))})`;
  return null;
}

export function entryFindings(entry: Entry): ReportFinding[] {
  const out: ReportFinding[] = [];
  const secretIn = secretSentIn(entry);
  if (secretIn) {
    out.push({
      code: 'client-secret-in-browser',
      severity: 'error',
      entry: entry.index,
      message:
        `A client_secret was sent from the browser in ${secretIn} (${entryName(entry.index, entry.file)}, ${entry.method} ${entry.url.split('?')[0]}). ` +
        'Anyone who opens DevTools can read it: rotate the secret, and make token requests from server-side code only.',
    });
  }
  const params = entry.queryParams;
  const error = params.find((p) => p.name === 'error')?.value;
  const description = params.find((p) => p.name === 'error_description')?.value;
  if (error && (OAUTH_ERRORS.has(error) || (description && /^[a-z_]{3,64}$/.test(error)))) {
    out.push({
      code: 'oauth-error',
      severity: 'warning',
      entry: entry.index,
      message:
        `A sign-in redirect returned error=${error}${description ? `: ${description.slice(0, 300)}` : ''} (${entryName(entry.index, entry.file)}). ` +
        'The app received no token from this sign-in; fix what the error names (consent, scope, redirect URI) and sign in again.',
    });
  }
  return out;
}
