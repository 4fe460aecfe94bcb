/** Short texts about a token that every surface shows the same way (CLI table, panel list). */
import { visible } from '../util/escape.js';
import { hostOf } from '../util/url.js';
import { audienceHost } from './principals.js';
import type { Kind } from '../model/token.js';
import type { TokenReport } from '../model/report.js';

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
