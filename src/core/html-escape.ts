/** Text from a report (hostile: claims, URLs, messages) made safe for HTML and SVG text and quoted attributes. */
import { visible } from './describe.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five characters that can end text or an attribute, after making invisible characters visible. */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
