/** URL pieces every stage asks for; a URL that does not parse gives '' rather than a throw. */

/** The last URL asked about and its host: a token's sightings and evidence ask for the same entry's host again and again. */
let lastUrl = '';
let lastHost = '';

/** Host of a URL, lower-cased, or '' when the URL does not parse. */
export function hostOf(url: string): string {
  if (url === lastUrl) return lastHost;
  let host = '';
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    host = '';
  }
  lastUrl = url;
  lastHost = host;
  return host;
}
