/** Text made safe to show: invisible characters made visible (terminal, panel, JSON), and HTML/SVG escaping for the report. */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the five characters that can end text or an attribute, after making invisible characters visible. */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Characters that show as nothing, move other text or drive a terminal, besides C0 controls: C1 controls, soft
 * hyphen, bidi marks and embeddings, zero-width characters, line and paragraph separators, Hangul fillers (U+115F,
 * U+1160, U+3164, U+FFA0, which render blank and pass as letters), interlinear annotation marks, and the tag
 * characters U+E0000–E007F (invisible text that some models and terminals still read).
 */
const INVISIBLE_NOT_C0 =
  '\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}';
const INVISIBLE = new RegExp(`[\\u0000-\\u001f${INVISIBLE_NOT_C0}]`, 'gu');
const INVISIBLE_IN_JSON = new RegExp(`[${INVISIBLE_NOT_C0}]`, 'gu');

/**
 * Makes invisible and direction-changing characters visible (`⟨U+202E⟩`): a claim value such as
 * "abc\u202Egnp.exe" must not be able to show itself as "abcexe.png", in the panel or in a terminal.
 */
export function visible(s: string): string {
  return s.replace(INVISIBLE, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/**
 * JSON text (JSON.stringify's output) with the invisible characters it leaves raw written as `\uXXXX` escapes: the
 * data is unchanged for a parser, and a person reading the file sees them. C0 controls JSON.stringify escapes itself.
 */
export function jsonVisible(json: string): string {
  // A tag character is two UTF-16 units; JSON escapes each.
  return json.replace(INVISIBLE_IN_JSON, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
