/** Text made safe to show: invisible characters made visible (terminal, panel), and HTML/SVG escaping for the report. */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five characters that can end text or an attribute, after making invisible characters visible. */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Makes invisible and direction-changing characters visible (`⟨U+202E⟩`): a claim value such as
 * "abc\u202Egnp.exe" must not be able to show itself as "abcexe.png", in the panel or in a terminal.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
    (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
