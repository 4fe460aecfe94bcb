/**
 * "Copy as cURL" for a request that carried a token, with the token replaced by `[redacted]` unless the user
 * asked for raw values. Built from what the report holds (method, URL, where the token was); other headers are
 * not in the report and are not guessed.
 */
import type { RequestSighting } from '../core/model/report.js';

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function curlFor(s: Pick<RequestSighting, 'method' | 'url' | 'where' | 'name' | 'scheme'>, raw: string | null, reveal: boolean): string {
  const token = reveal && raw ? raw : '[redacted]';
  let url = s.url;
  if (raw) for (const form of new Set([raw, encodeURIComponent(raw)])) url = url.split(form).join(reveal ? form : '[redacted]');
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
