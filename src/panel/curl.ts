/**
 * "Copy as cURL" for a request that carried a token, with the token replaced by `[redacted]` unless the user
 * asked for raw values. Built from what the report holds (method, URL, where the token was); other headers are
 * not in the report and are not guessed. The URL passes through the same redaction as every report
 * (find/redact): with raw values asked for, the token itself is put back where the request sent it, and the URL's
 * other credentials (a `client_secret`, a refresh token) stay masked, since "include raw tokens" names this token.
 */
import { knownTokens, redactUrl } from '../core/find/redact.js';
import type { RequestSighting } from '../core/model/report.js';

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The URL with the masked value of query or fragment parameter `name` replaced by `value`. */
function withParam(url: string, name: string, value: string): string {
  return url.replace(/([?&#])([^=&#?]*)=\[redacted[^&#]*/g, (m, sep: string, n: string) =>
    n === name || n === encodeURIComponent(name) ? `${sep}${n}=${encodeURIComponent(value)}` : m,
  );
}

export function curlFor(
  s: Pick<RequestSighting, 'method' | 'url' | 'where' | 'name' | 'scheme'>,
  raw: string | null,
  reveal: boolean,
): string {
  const token = reveal && raw ? raw : '[redacted]';
  let url = redactUrl(s.url, knownTokens(raw ? [raw] : []));
  if (reveal && raw && s.where === 'query') url = withParam(url, s.name, raw);
  const parts = ['curl', shellQuote(url)];
  if (s.method && s.method !== 'GET') parts.push('-X', shellQuote(s.method));
  switch (s.where) {
    case 'authorization-header':
      parts.push('-H', shellQuote(`${s.name || 'Authorization'}: ${s.scheme ?? 'Bearer'} ${token}`));
      break;
    case 'header':
      parts.push('-H', shellQuote(`${s.name}: ${s.scheme ? `${s.scheme} ` : ''}${token}`));
      break;
    case 'cookie':
      parts.push('-H', shellQuote(`Cookie: ${s.name}=${token}`));
      break;
    case 'form-field':
    case 'request-body':
      parts.push('--data-urlencode', shellQuote(`${s.name}=${token}`));
      break;
    default:
      // In a URL the token was replaced above; in a response or Set-Cookie the request did not carry it.
      break;
  }
  return parts.join(' ');
}
