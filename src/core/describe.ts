/** Short texts about a token that every surface shows the same way (CLI table, panel list). */
import { hostOf } from './entry.js';
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
  if (aud) return aud.host ?? (/^https?:\/\//i.test(aud.raw) ? hostOf(aud.raw) : null) ?? aud.name ?? aud.raw;
  return token.sightings[0] ? hostOf(token.sightings[0].url) : '';
}
