/** Report-level findings that come from one entry rather than one token. */
import { type Entry, header } from './entry.js';
import type { ReportFinding } from './findings.js';
import { parseJsonObject } from './json.js';
import { formFields, urlParams } from './forms.js';
import { formatDuration } from './times.js';

/** More than this between a response's `Date` and the request's start means one of the clocks is wrong. */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

/** OAuth 2.0 (RFC 6749 §4.1.2.1) and OpenID Connect error codes; anything else needs an error_description too. */
const OAUTH_ERRORS = new Set([
  'invalid_request', 'unauthorized_client', 'access_denied', 'unsupported_response_type', 'invalid_scope',
  'server_error', 'temporarily_unavailable', 'interaction_required', 'login_required', 'account_selection_required',
  'consent_required', 'invalid_request_uri', 'invalid_request_object', 'request_not_supported',
  'request_uri_not_supported', 'registration_not_supported', 'invalid_grant', 'invalid_client',
]);

/** Signed skew in ms (server minus local), or null when the entry has no usable `Date` or start time. */
export function clockSkewMs(entry: Entry): number | null {
  const date = header(entry.responseHeaders, 'date');
  if (!date || entry.startedMs === null || entry.status === 0) return null;
  const serverMs = Date.parse(date);
  if (!Number.isFinite(serverMs)) return null;
  // `Date` has one-second precision and is stamped somewhere between the request's start and its end.
  if (serverMs < entry.startedMs - 1000) return serverMs - entry.startedMs;
  const end = entry.startedMs + entry.durationMs;
  if (serverMs > end + 1000) return serverMs - end;
  return 0;
}

export function clockSkewFinding(entry: Entry, skewMs: number): ReportFinding {
  const direction = skewMs > 0 ? 'ahead of' : 'behind';
  return {
    code: 'clock-skew',
    severity: 'warning',
    entry: entry.index,
    message:
      `The server's clock (Date header of entry #${entry.index}) is ${formatDuration(skewMs)} ${direction} this machine's. ` +
      'With a wrong local clock, valid tokens look expired or not yet valid: set the clock right before trusting expiry findings.',
  };
}

function secretSentIn(entry: Entry): string | null {
  if (urlParams(entry.url).some((p) => p.name === 'client_secret' && p.value)) return 'the URL';
  if (formFields(entry).some((p) => p.name === 'client_secret' && p.value)) return 'a form body';
  const json = parseJsonObject(entry.postText);
  if (json && typeof json.client_secret === 'string' && json.client_secret) return 'a JSON body';
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
        `A client_secret was sent from the browser in ${secretIn} (entry #${entry.index}, ${entry.method} ${entry.url.split('?')[0]}). ` +
        'Anyone who opens DevTools can read it: rotate the secret, and make token requests from server-side code only.',
    });
  }
  const params = urlParams(entry.url);
  const error = params.find((p) => p.name === 'error')?.value;
  const description = params.find((p) => p.name === 'error_description')?.value;
  if (error && (OAUTH_ERRORS.has(error) || (description && /^[a-z_]{3,64}$/.test(error)))) {
    out.push({
      code: 'oauth-error',
      severity: 'warning',
      entry: entry.index,
      message:
        `A sign-in redirect returned error=${error}${description ? `: ${description.slice(0, 300)}` : ''} (entry #${entry.index}). ` +
        'The app received no token from this sign-in; fix what the error names (consent, scope, redirect URI) and sign in again.',
    });
  }
  return out;
}
