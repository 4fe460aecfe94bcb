/**
 * An API call answered with a redirect to a sign-in page: the session cookie or token it relied on is gone. The
 * browser follows the redirect, the identity provider's page is cross-origin, and the script sees a CORS error or
 * HTML where it expected data: the cause is invisible from the page.
 */
import { header } from '../har/entry.js';
import { type Entry, entryName } from '../model/entry.js';
import type { ReportFinding } from '../model/findings.js';
import { MS_LOGIN } from './idp-errors.js';

/** Sign-in endpoints: OAuth/OIDC authorize (Entra `/oauth2/v2.0/authorize`, Auth0, Okta, Keycloak's `/openid-connect/auth`), SharePoint's `Authenticate.aspx`. */
const SIGN_IN_PATH = /\/(authorize|protocol\/openid-connect\/auth|_layouts\/15\/authenticate\.aspx)\/?$/i;

/**
 * Whether the request was made by a script (fetch or XHR) rather than a page load: Chromium's `_resourceType`,
 * else `Sec-Fetch-Mode` (navigate for page loads), else an `Accept` that asks for JSON and not HTML.
 */
function isApiCall(entry: Entry): boolean {
  const type = entry.resourceType.toLowerCase();
  if (type) return type === 'xhr' || type === 'fetch';
  const mode = header(entry.requestHeaders, 'sec-fetch-mode')?.toLowerCase();
  if (mode) return mode === 'cors' || mode === 'same-origin';
  if (header(entry.requestHeaders, 'x-requested-with')?.toLowerCase() === 'xmlhttprequest') return true;
  const accept = header(entry.requestHeaders, 'accept')?.toLowerCase() ?? '';
  return /json/.test(accept) && !/text\/html/.test(accept);
}

/** The sign-in URL a 302/303 sends the request to, or null. */
function signInTarget(entry: Entry): URL | null {
  if (entry.status !== 302 && entry.status !== 303) return null;
  const location = header(entry.responseHeaders, 'location');
  if (!location) return null;
  try {
    const url = new URL(location, entry.url);
    return SIGN_IN_PATH.test(url.pathname) || MS_LOGIN.test(url.hostname) ? url : null;
  } catch {
    return null;
  }
}

export function loginRedirect(entry: Entry): ReportFinding[] {
  const target = signInTarget(entry);
  if (!target || !isApiCall(entry)) return [];
  return [
    {
      code: 'login-redirect',
      severity: 'warning',
      entry: entry.index,
      message:
        `An API call (${entryName(entry.index, entry.file)}, ${entry.method} ${entry.url.split('?')[0]}) was answered ${entry.status} to the sign-in page ${target.protocol}//${target.host}${target.pathname}. ` +
        'The session or token it relied on has expired or is missing; the browser follows the redirect cross-origin and the script sees a CORS error or HTML instead of data. ' +
        'Make the API answer 401 to API calls, and the app get a new token (silently, then interactively) when it does.',
    },
  ];
}
