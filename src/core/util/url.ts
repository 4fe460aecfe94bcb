/** URL pieces every stage asks for; a URL that does not parse gives '' rather than a throw. */

/** Host of a URL, lower-cased, or '' when the URL does not parse. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** `s` without the slashes it ends with. A loop, not `/\/+$/`: that regex starts again at every `/` of a long run. */
export function withoutTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return s.slice(0, end);
}
