/** Decisions the live capture asks of the core: which response bodies to fetch, and which entries are the same. */

/** Response bodies above this are not fetched from DevTools: a token response is a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;

// `sts` only as a whole host label or path segment (sts.windows.net, /adfs/…): as a bare substring it would
// take SharePoint's every `/lists` call for a token endpoint.
const TOKENISH_URL = /token|oauth|auth|login|connect|accesscontrol|signin|(?:^|[/.])sts(?:[/.]|$)/i;
/** Where keys are published: OIDC discovery (`/.well-known/openid-configuration`), JWKS (`/jwks`, `/keys`, Google's `/certs`). */
const KEYISH_URL = /\.well-known\/|jwks|\/keys\b|\/certs\b/i;

interface EntryLike {
  request?: { url?: unknown; method?: unknown };
  response?: { status?: unknown; content?: { mimeType?: unknown; size?: unknown; text?: unknown } };
  startedDateTime?: unknown;
}

/**
 * Whether a live entry's response body is worth fetching: JSON, not too large, from a URL that looks like a
 * token endpoint (Entra `/oauth2/v2.0/token`, ACS `/tokens/OAuth/2`, Microsoft account `/oauth20_token.srf`,
 * an app's own `/api/auth/token`).
 */
export function wantsResponseBody(raw: unknown): boolean {
  const e = (raw ?? {}) as EntryLike;
  const content = e.response?.content;
  if (typeof content?.text === 'string') return false;
  const mime = typeof content?.mimeType === 'string' ? content.mimeType : '';
  const size = typeof content?.size === 'number' ? content.size : 0;
  const url = typeof e.request?.url === 'string' ? e.request.url : '';
  return (
    /json/i.test(mime) &&
    size <= MAX_BODY_BYTES &&
    (TOKENISH_URL.test(url.split('?')[0] ?? '') || KEYISH_URL.test(url.split('?')[0] ?? ''))
  );
}

/** A key that is equal for the same request seen twice (in `getHAR()` and in `onRequestFinished`). */
export function entryKey(raw: unknown): string {
  const e = (raw ?? {}) as EntryLike;
  return `${String(e.startedDateTime)}\u0000${String(e.request?.method)}\u0000${String(e.request?.url)}`;
}

/**
 * What two sightings of one request share when they come from different sources (DevTools' log or event, and the
 * request's headers as the browser sent them), which give it different start times: method, URL, status and the
 * Authorization header, so that requests carrying different tokens are never taken for one another.
 */
export function twinKey(raw: unknown): string {
  const e = (raw ?? {}) as EntryLike & { request?: { headers?: unknown } };
  const headers = Array.isArray(e.request?.headers)
    ? (e.request.headers as Array<{ name?: unknown; value?: unknown }>)
    : [];
  const auth = headers.find((h) => typeof h?.name === 'string' && h.name.toLowerCase() === 'authorization');
  return [e.request?.method, e.request?.url, e.response?.status, auth?.value ?? ''].map(String).join('\u0000');
}
