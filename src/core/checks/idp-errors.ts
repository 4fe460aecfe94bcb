/**
 * Errors an identity provider or a resource answered with, explained: Microsoft Entra's AADSTS codes (in a token
 * endpoint's JSON, a redirect's query or fragment, an error page), SharePoint's `x-ms-diagnostics` and its
 * `WWW-Authenticate` strings, and the generic OAuth codes (RFC 6749 §4.1.2.1, §5.2; OpenID Connect Core §3.1.2.6).
 * One finding per occurrence: an AADSTS code is an `idp-error`, never also an `oauth-error`.
 *
 * The server's text is quoted as it came (codes and their wording change: Microsoft says so on its error page), with
 * JWTs masked; our own explanation stands beside it, for the frequent codes only.
 */
import { header } from '../har/entry.js';
import { type Entry, entryName } from '../model/entry.js';
import type { ReportFinding, ServerError } from '../model/findings.js';
import { maskJwts } from '../token/jwt-text.js';
import { parseJsonObject } from '../util/json.js';
import { hostOf } from '../util/url.js';
import { urlParams } from '../har/forms.js';

export interface Explanation {
  /** What went wrong, in plain words. */
  cause: string;
  /** What to do about it. */
  fix: string;
}

/**
 * The frequent AADSTS codes. Meanings from Microsoft's "Microsoft Entra authentication and authorization error
 * codes" (learn.microsoft.com/entra/identity-platform/reference-error-codes) and the MSAL.js issues where they are
 * met (AzureAD/microsoft-authentication-library-for-js #5196 for 9002326, #4782 and #7384 for 50058, #4544 and
 * #6765 for 700084, #1937 for 50076, #7788 for 65001, #547 for 50196).
 */
const AADSTS: Readonly<Record<string, Explanation>> = {
  '50011': {
    cause:
      'The redirect URI the app sent is not one registered for it (an exact match: scheme, host, path, trailing slash).',
    fix: 'Add the exact redirect URI to the app registration (under the right platform: SPA for browser apps), or send the registered one.',
  },
  '50020': {
    cause:
      'The signed-in account does not belong to this tenant and is not a guest in it (or the app is single-tenant and the request went to /common).',
    fix: 'Invite the user as a guest, use the tenant-specific authority (login.microsoftonline.com/<tenant>), or make the app multi-tenant.',
  },
  '50058': {
    cause:
      'A silent sign-in (prompt=none, a hidden iframe or ssoSilent) found no usable session: the user is not signed in, or the browser blocked the third-party cookies the iframe needs.',
    fix: 'Fall back to an interactive sign-in (loginPopup / loginRedirect) when silent acquisition fails with this code; pass a login_hint or sid to pick the account.',
  },
  '50076': {
    cause:
      'Multi-factor authentication is required (a Conditional Access policy, a new location), and the request cannot prompt for it.',
    fix: 'Acquire the token interactively so the user can complete MFA; a refresh token or silent request cannot satisfy it.',
  },
  '50079': {
    cause: 'The user must register for multi-factor authentication before signing in.',
    fix: 'Sign in interactively so the user can enrol an MFA method.',
  },
  '50105': {
    cause: 'The app requires user assignment and this user (or their groups) is not assigned to it.',
    fix: 'Assign the user or a group to the enterprise application, or turn off "Assignment required".',
  },
  '50126': {
    cause: 'Wrong user name or password.',
    fix: 'Check the credentials; an app that collects passwords (the ROPC grant) should use an interactive sign-in instead.',
  },
  '50173': {
    cause:
      'The grant is no longer valid: the user changed or reset their password, or an admin revoked their sessions.',
    fix: 'Sign the user in again interactively to get a fresh refresh token.',
  },
  '50196': {
    cause: 'Loop detected: the client sent the same sign-in request many times in a short while.',
    fix: 'Cache tokens and reuse them until they expire; find the code that requests a token on every call or retries in a loop.',
  },
  '53003': {
    cause: 'A Conditional Access policy blocked the sign-in (location, device state, client app, risk).',
    fix: 'Check the sign-in logs for the policy that applied (use the correlation id); the user or device must meet it.',
  },
  '65001': {
    cause: 'The user or an administrator has not consented to the permissions (scopes) the app asks for.',
    fix: 'Sign in interactively so the user can consent, or have an administrator grant consent for the tenant.',
  },
  '65004': {
    cause: 'The user declined the consent prompt.',
    fix: 'Nothing is broken: the user said no. Ask for fewer permissions, or explain why they are needed and sign in again.',
  },
  '70000': {
    cause:
      'The grant is invalid: a refresh token or code that was revoked, already redeemed, or issued for other scopes.',
    fix: 'Discard the cached refresh token or code and sign in again; never redeem a code or a replaced refresh token twice.',
  },
  '70008': {
    cause:
      'The authorization code or refresh token has expired or was revoked (codes live about 10 minutes; refresh tokens expire after inactivity).',
    fix: 'Redeem codes at once and only once; when a refresh token is refused, sign in again.',
  },
  '70011': {
    cause:
      'The scope the app asked for is invalid (a typo, a resource that does not exist, or /.default mixed with other scopes).',
    fix: 'Request valid scopes: a resource URI or app ID URI followed by a permission, or one resource’s /.default alone.',
  },
  '90014': {
    cause: 'A required field is missing from the request.',
    fix: 'Send every field the endpoint requires; the quoted text names it.',
  },
  '500011': {
    cause:
      'The resource (API) the token was asked for was not found in the tenant: a wrong resource URI or scope, or the API’s service principal was never created there.',
    fix: 'Check the resource/scope value (its app ID URI), and have the tenant consent to the API so its service principal exists.',
  },
  '700016': {
    cause: 'No application with this client id exists in the tenant the request went to.',
    fix: 'Check the client_id and the authority (tenant): a single-tenant app must sign in at its own tenant, not /common.',
  },
  '700024': {
    cause:
      'The client assertion (a signed JWT the client authenticates with) is outside its validity window: its nbf or exp, judged by Entra’s clock. Usually a clock skew on the machine that signed it.',
    fix: 'Fix the signing machine’s clock (NTP) and create a fresh assertion for each request.',
  },
  '700082': {
    cause: 'The refresh token expired because it was not used for a long time (inactivity).',
    fix: 'Sign the user in again interactively.',
  },
  '700084': {
    cause:
      'The refresh token was issued to a single-page app: it lives 24 hours at most and cannot be extended; it has expired.',
    fix: 'Send the user through a new sign-in (MSAL does this when it handles InteractionRequiredAuthError); nothing in the app registration extends it.',
  },
  '7000215': {
    cause: 'The client secret is wrong: often the secret’s ID was sent instead of its value, or the secret expired.',
    fix: 'Send the secret’s value (shown once, when it was created), or create a new secret; keep it on a server.',
  },
  '7000218': {
    cause:
      'The token request carries no client authentication (client_secret or client_assertion), so Entra treats the client as confidential: the redirect URI is registered under "Web", not "Single-page application", or public client flows are off.',
    fix: 'Register the browser app’s redirect URI under the Single-page application platform; a browser app must not hold a secret.',
  },
  '9002313': {
    cause:
      'The request is malformed or invalid: often a refresh token or code that was cut, altered or sent to the wrong endpoint.',
    fix: 'Check the token request’s parameters (grant_type, code or refresh_token, redirect_uri, code_verifier) as sent, byte for byte.',
  },
  '9002326': {
    cause:
      'A browser redeemed a code cross-origin, which Entra allows only for redirect URIs registered as "Single-page application".',
    fix: 'Move the redirect URI from the Web platform to the Single-page application platform in the app registration.',
  },
  '900144': {
    cause: 'The request body lacks a required parameter (client_id, grant_type, scope…), as named in the text.',
    fix: 'Send the missing parameter in the form-encoded body of the POST.',
  },
};

/** The generic OAuth error codes: RFC 6749 §4.1.2.1 and §5.2, OpenID Connect Core §3.1.2.6, RFC 6750 §3.1. */
const OAUTH: Readonly<Record<string, Explanation>> = {
  invalid_request: {
    cause: 'The request is missing a parameter, repeats one, or is otherwise malformed.',
    fix: 'Compare the request with what the endpoint requires; error_description usually names the parameter.',
  },
  invalid_client: {
    cause:
      'The client could not be authenticated: unknown client id, wrong secret or assertion, or the wrong authentication method.',
    fix: 'Check the client id and how it authenticates at the token endpoint; a browser app is a public client and sends no secret.',
  },
  invalid_grant: {
    cause:
      'The code, refresh token or credentials are invalid, expired, revoked, already used, or were issued to another client or redirect URI.',
    fix: 'Discard the cached grant and sign in again; redeem each code and replaced refresh token once only.',
  },
  unauthorized_client: {
    cause: 'The client may not use this grant type or response type.',
    fix: 'Enable the grant for the client at the authorization server, or use the flow it allows (authorization code with PKCE).',
  },
  unsupported_grant_type: {
    cause: 'The authorization server does not support this grant_type.',
    fix: 'Use a grant the server supports; check the spelling of grant_type.',
  },
  unsupported_response_type: {
    cause: 'The authorization server does not issue this response_type (for example tokens in the redirect).',
    fix: 'Use response_type=code with PKCE.',
  },
  invalid_scope: {
    cause: 'A requested scope is invalid, unknown or malformed.',
    fix: 'Request only scopes the server defines for this client.',
  },
  access_denied: {
    cause: 'The user or the server refused the request (the user declined consent, or a policy denied it).',
    fix: 'Nothing to fix if the user said no; otherwise read error_description for the policy.',
  },
  server_error: {
    cause: 'The authorization server hit an unexpected error.',
    fix: 'Retry later; if it persists, report it to the provider with the request’s time and ids.',
  },
  temporarily_unavailable: {
    cause: 'The authorization server is overloaded or in maintenance.',
    fix: 'Retry later, with back-off.',
  },
  interaction_required: {
    cause: 'A silent request (prompt=none) needs the user: consent, MFA or another step.',
    fix: 'Fall back to an interactive sign-in.',
  },
  login_required: {
    cause: 'A silent request (prompt=none) found no signed-in session.',
    fix: 'Fall back to an interactive sign-in.',
  },
  consent_required: {
    cause: 'A silent request needs the user’s consent.',
    fix: 'Sign in interactively so the user can consent.',
  },
  account_selection_required: {
    cause: 'Several accounts are signed in and a silent request cannot pick one.',
    fix: 'Pass login_hint, or sign in interactively.',
  },
  invalid_request_uri: {
    cause: 'The request_uri is invalid or cannot be fetched.',
    fix: 'Check the pushed or hosted request object URI.',
  },
  invalid_request_object: {
    cause: 'The request object is invalid.',
    fix: 'Check the request object’s signature and claims.',
  },
  request_not_supported: {
    cause: 'The server does not take the request parameter.',
    fix: 'Send the parameters in the query instead.',
  },
  request_uri_not_supported: {
    cause: 'The server does not take request_uri.',
    fix: 'Send the parameters in the query instead.',
  },
  registration_not_supported: {
    cause: 'The server does not take the registration parameter.',
    fix: 'Register the client beforehand.',
  },
  invalid_token: {
    cause: 'The access token is expired, revoked, malformed or not valid for this resource.',
    fix: 'Get a new token for this resource and retry.',
  },
  insufficient_scope: {
    cause: 'The access token lacks a scope this call needs.',
    fix: 'Request the scope the resource names, and consent to it.',
  },
};

/** Error codes that are steps of a protocol, not failures: device flow polling (RFC 8628 §3.5) and the DPoP nonce (RFC 9449 §8). */
const STEPS = new Set(['authorization_pending', 'slow_down', 'use_dpop_nonce']);

/** SharePoint's refusals, by the text it sends (x-ms-diagnostics `reason`, WWW-Authenticate `error_description`). */
const SHAREPOINT: ReadonlyArray<{ text: string; explain: Explanation }> = [
  {
    text: 'invalid audience',
    explain: {
      cause:
        'The token is for another resource: its aud is not this SharePoint site’s (for ACS, 00000003-0000-0ff1-ce00-000000000000/<host>@<realm>).',
      fix: 'Request the token for this SharePoint host (scope https://<tenant>.sharepoint.com/.default), not for Graph or another tenant.',
    },
  },
  {
    text: 'invalid issuer or signature',
    explain: {
      cause:
        'SharePoint does not trust who signed the token: another tenant, an app-only token signed with a client secret, or a high-trust certificate SharePoint has not registered.',
      fix: 'Get the token from the site’s own tenant; for app-only access to SharePoint Online, authenticate with a certificate, not a secret.',
    },
  },
  {
    text: 'token type is not allowed',
    explain: {
      cause:
        'SharePoint does not accept this kind of token here (for example an ID token, or an app-only token where a user is needed).',
      fix: 'Send an access token issued for SharePoint, of the kind the call needs (delegated or app-only).',
    },
  },
  {
    text: 'unsupported app only token',
    explain: {
      cause:
        'An Entra app-only token obtained with a client secret: SharePoint Online takes app-only tokens only from certificate credentials.',
      fix: 'Authenticate the app with a certificate (client assertion) when it calls SharePoint app-only.',
    },
  },
];

const MAX_QUOTE = 400;

/**
 * A server's text as a finding quotes it: JWTs masked (a refresh token echoed in an error must not reach a report),
 * line breaks made spaces, cut to `max` characters. Other control characters are kept: each output escapes them
 * where it prints. Every quote of a server in these checks goes through here.
 */
export function quoteServer(text: string, max = MAX_QUOTE): string {
  const flat = text
    .slice(0, max * 4)
    .replace(/[\r\n\t]+/g, ' ')
    .trim();
  const masked = maskJwts(flat, (jwt) => `${jwt.slice(0, 10)}…(JWT, ${jwt.length} chars)`);
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}

/** `AADSTS700084` at the start of an error text (or anywhere in it), as the number. */
function aadstsIn(text: string): string | null {
  const at = text.indexOf('AADSTS');
  if (at < 0) return null;
  return /^AADSTS(\d{4,9})/.exec(text.slice(at, at + 16))?.[1] ?? null;
}

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const TRACE = new RegExp(`Trace ID:\\s*(${GUID})`);
const CORRELATION = new RegExp(`Correlation ID:\\s*(${GUID})`);
const TIMESTAMP = /Timestamp:\s*(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\dZ?)/;

/** The trace, correlation id and time Entra writes into its error text (and, for JSON, beside it). */
function idsOf(
  text: string,
  json?: Record<string, unknown>,
): Pick<ServerError, 'traceId' | 'correlationId' | 'timestamp'> {
  const head = text.slice(0, 4000);
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 100 ? v : undefined);
  const traceId = str(json?.trace_id) ?? TRACE.exec(head)?.[1];
  const correlationId = str(json?.correlation_id) ?? CORRELATION.exec(head)?.[1];
  const timestamp = str(json?.timestamp) ?? TIMESTAMP.exec(head)?.[1];
  return {
    ...(traceId ? { traceId } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(timestamp ? { timestamp } : {}),
  };
}

const lookupLink = (code: string): string => `https://login.microsoftonline.com/error?code=${code}`;

/** What we know of an error's key: an AADSTS number, a SharePoint refusal text, an OAuth code. */
export function explainError(key: string, text = ''): Explanation | null {
  const aadsts = /^AADSTS(\d+)$/.exec(key)?.[1];
  if (aadsts) return AADSTS[aadsts] ?? null;
  const lower = text.toLowerCase();
  const sp = SHAREPOINT.find((s) => lower.includes(s.text));
  if (sp) return sp.explain;
  return OAUTH[key] ?? null;
}

/** Where clients get tokens: Entra ID and B2C (`/oauth2/token`, `/oauth2/v2.0/token`), ACS (`/tokens/OAuth/2`), most others (`/token`, `/connect/token`). */
export const TOKEN_ENDPOINT = /\/(oauth2?\/(v2\.0\/)?token|connect\/token|tokens\/oauth\/2|token)\/?$/i;

/** The description without Entra's appended "Trace ID: … Correlation ID: … Timestamp: …" (shown apart). */
function beforeTrace(text: string): string {
  const at = text.indexOf('Trace ID:');
  return at < 0 ? text : text.slice(0, at).trimEnd();
}

/** Whether the request asks a token endpoint for tokens: its path, or a grant_type in its form or JSON body. */
export function isTokenRequest(entry: Entry): boolean {
  if (entry.method !== 'POST') return false;
  if (entry.path === null) return false;
  return (
    TOKEN_ENDPOINT.test(entry.path) ||
    entry.formFields.some((f) => f.name === 'grant_type') ||
    typeof parseJsonObject(entry.postText)?.grant_type === 'string'
  );
}

/** The OAuth error a token endpoint answered with (RFC 6749 §5.2): its `error`, `error_description` and the JSON. */
function tokenErrorOf(entry: Entry): { error: string; description: string; json: Record<string, unknown> } | null {
  if (entry.status < 400 || !entry.responseText || entry.responseText.length > 100_000) return null;
  const json = parseJsonObject(entry.responseText);
  if (!json || typeof json.error !== 'string' || !/^[A-Za-z0-9_.-]{1,80}$/.test(json.error)) return null;
  return {
    error: json.error,
    description: typeof json.error_description === 'string' ? json.error_description : '',
    json,
  };
}

function finding(entry: Entry, code: 'idp-error' | 'oauth-error', what: string, e: ServerError): ReportFinding {
  const explained = explainError(e.key, e.text);
  const ids = [
    e.traceId && `trace id ${e.traceId}`,
    e.correlationId && `correlation id ${e.correlationId}`,
    e.timestamp && `at ${e.timestamp}`,
  ]
    .filter(Boolean)
    .join(', ');
  const message =
    `${what} (${entryName(entry.index, entry.file)}): ${e.key}${e.text ? ` “${e.text}”` : ''}.` +
    (explained ? ` ${explained.cause} ${explained.fix}` : '') +
    (ids ? ` (${ids})` : '') +
    (e.link ? ` Microsoft’s current text for it: ${e.link}` : '');
  return { code, severity: 'warning', entry: entry.index, message, serverError: e };
}

/** An AADSTS code in `text`, as a server error read from `source`. */
function aadstsError(text: string, source: ServerError['source'], json?: Record<string, unknown>): ServerError | null {
  const codes =
    json && Array.isArray(json.error_codes) ? json.error_codes.filter((c): c is number => typeof c === 'number') : [];
  const code = aadstsIn(text) ?? (codes[0] !== undefined ? String(codes[0]) : null);
  if (!code) return null;
  // The text up to "Trace ID": the ids are shown apart, and the rest repeats them.
  const said = beforeTrace(text);
  return { key: `AADSTS${code}`, source, text: quoteServer(said), ...idsOf(text, json), link: lookupLink(code) };
}

function redirectError(
  entry: Entry,
  params: readonly { name: string; value: string }[],
  source: string,
): ReportFinding | null {
  const error = params.find((p) => p.name === 'error')?.value;
  const description = params.find((p) => p.name === 'error_description')?.value ?? '';
  if (!error || !(error in OAUTH || (description && /^[a-z_]{3,64}$/.test(error)))) return null;
  const aadsts = aadstsError(description, 'redirect');
  if (aadsts)
    return finding(
      entry,
      'idp-error',
      `A sign-in redirect ${source} returned error=${error} with an Entra error`,
      aadsts,
    );
  return finding(entry, 'oauth-error', `A sign-in redirect ${source} returned an OAuth error`, {
    key: error,
    source: 'redirect',
    text: quoteServer(description),
  });
}

/** A Location header's fragment: an error there never reaches the server as a request, so the 3xx is where it is seen. */
function fragmentParams(entry: Entry): readonly { name: string; value: string }[] {
  if (entry.status < 300 || entry.status >= 400) return [];
  const location = header(entry.responseHeaders, 'location');
  const hash = location?.indexOf('#') ?? -1;
  return location && hash >= 0 ? urlParams(`https://x/?${location.slice(hash + 1, hash + 8000)}`) : [];
}

export const MS_LOGIN =
  /(^|\.)(login\.microsoftonline\.(com|us)|login\.partner\.microsoftonline\.cn|login\.windows\.net|login\.live\.com|[a-z0-9-]+\.b2clogin\.com|[a-z0-9-]+\.ciamlogin\.com)$/i;

/**
 * Every server error one entry shows: a redirect's `error` (query, or the fragment of a Location header), a token
 * endpoint's JSON error, an Entra error page's AADSTS code, SharePoint's x-ms-diagnostics and refusal strings.
 */
export function errorFindings(entry: Entry): ReportFinding[] {
  const out: ReportFinding[] = [];
  const push = (f: ReportFinding | null) => f && out.push(f);
  push(redirectError(entry, entry.queryParams, 'to the app'));
  push(redirectError(entry, fragmentParams(entry), 'fragment'));

  const tokenError = isTokenRequest(entry) ? tokenErrorOf(entry) : null;
  if (tokenError && !STEPS.has(tokenError.error)) {
    const aadsts = aadstsError(tokenError.description, 'token-response', tokenError.json);
    push(
      aadsts
        ? finding(entry, 'idp-error', `The token endpoint answered ${entry.status} ${tokenError.error}`, aadsts)
        : finding(entry, 'oauth-error', `The token endpoint answered ${entry.status}`, {
            key: tokenError.error,
            source: 'token-response',
            text: quoteServer(tokenError.description),
            ...idsOf(tokenError.description, tokenError.json),
          }),
    );
  }

  if (
    !tokenError &&
    !out.length &&
    entry.status >= 200 &&
    /html/i.test(entry.responseMimeType) &&
    MS_LOGIN.test(hostOf(entry.url))
  ) {
    // The sign-in page shows the code in its text and in its $Config JSON ("strServiceExceptionMessage").
    const body = entry.responseText.slice(0, 1_000_000);
    const at = body.indexOf('AADSTS');
    if (at >= 0) {
      const error = aadstsError(body.slice(at, at + 1000).split(/["<\\]/)[0] ?? '', 'error-page');
      if (error) push(finding(entry, 'idp-error', 'The Microsoft sign-in page showed an error', error));
    }
  }

  const diagnostics = header(entry.responseHeaders, 'x-ms-diagnostics');
  if (diagnostics && (entry.status === 400 || entry.status === 401 || entry.status === 403)) {
    const number = /^\s*(\d{4,9})\s*;/.exec(diagnostics)?.[1];
    push(
      finding(entry, 'idp-error', `The server answered ${entry.status} with x-ms-diagnostics`, {
        key: number ? `x-ms-diagnostics ${number}` : 'x-ms-diagnostics',
        source: 'x-ms-diagnostics',
        text: quoteServer(diagnostics),
      }),
    );
  } else if (entry.status === 401 || entry.status === 403) {
    const challenge = header(entry.responseHeaders, 'www-authenticate') ?? '';
    const lower = challenge.toLowerCase();
    const sp = SHAREPOINT.find((s) => lower.includes(s.text));
    if (sp)
      push(
        finding(entry, 'idp-error', `The server answered ${entry.status}`, {
          key: 'WWW-Authenticate',
          source: 'www-authenticate',
          text: quoteServer(challenge),
        }),
      );
  }
  return out;
}

/** The OAuth errors a JSON body may carry: used to tell a refused refresh ("already redeemed") from other answers. */
export function refusalOf(entry: Entry): string | null {
  const e = tokenErrorOf(entry);
  if (!e) return null;
  return quoteServer(`${e.error}${e.description ? `: ${beforeTrace(e.description)}` : ''}`, 200);
}
