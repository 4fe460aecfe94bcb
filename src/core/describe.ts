/** Short texts about a token that every surface shows the same way (CLI table, panel list). */
import { hostOf } from './entry.js';
import { audienceHost } from './principals.js';
import type { Kind } from './classify.js';
import type { TokenReport } from './report.js';

export const KIND_LABELS: Readonly<Record<Kind, string>> = {
  'user+add-in': 'user+add-in',
  'add-in-only': 'add-in-only',
  context: 'context',
  delegated: 'delegated',
  'app-only': 'app-only',
  id: 'ID',
  refresh: 'refresh',
  access: 'access',
  encrypted: 'encrypted',
  opaque: 'opaque',
  unknown: 'unknown',
};

/** Who the token is for: its audience's host or well-known name, else the host it was sent to. */
export function audienceText(token: Pick<TokenReport, 'explain' | 'sightings'>): string {
  const aud = token.explain.principals.find((p) => p.claim === 'aud');
  if (aud) return audienceHost(aud.raw) ?? aud.name ?? aud.raw;
  return token.sightings[0] ? hostOf(token.sightings[0].url) : '';
}

/**
 * Makes invisible and direction-changing characters visible (`⟨U+202E⟩`): a claim value such as
 * "abc\u202Egnp.exe" must not be able to show itself as "abcexe.png", in the panel or in a terminal.
 */
export function visible(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g,
    (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/** A claim value as one line of text, bounded in length, whatever its type or depth. */
export function valueText(v: unknown, max = 20_000): string {
  let text: string;
  if (typeof v === 'string') text = v;
  else {
    try {
      text = JSON.stringify(v) ?? String(v);
    } catch {
      text = '[too deeply nested to show]';
    }
  }
  return visible(text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
}
