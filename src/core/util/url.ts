/** URL pieces every stage asks for; a URL that does not parse gives '' rather than a throw. */

/** Host of a URL, lower-cased, or '' when the URL does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}
