/**
 * The chips of a row: a finding in a word or two, each code once and worst first. Pure, so that the filter matches
 * exactly what the chips say (filter.ts) and the row draws it (components/Badges.tsx).
 */
import { bySeverity, type Finding, type FindingCode, severityRank } from '../core/model/findings.js';
import { AREA_WORDS } from '../core/model/places.js';
import type { Sighting } from '../core/model/report.js';

/** A finding in a word or two, for a row: what a person scanning the list needs to tell them apart. */
const CHIP: Readonly<Record<FindingCode, string>> = {
  expired: 'expired',
  'expired-when-sent': 'expired when sent',
  'not-yet-valid': 'not yet valid',
  'no-expiry': 'no exp',
  unsigned: 'alg:none',
  malformed: 'malformed',
  'cookie-leak': 'cookie',
  'url-leak': 'URL',
  rejected: '401',
  'audience-mismatch': 'wrong host',
  'long-lifetime': 'long-lived',
  'clock-skew': 'clock skew',
  'client-secret-in-browser': 'client secret',
  'oauth-error': 'OAuth error',
  'storage-exposure': 'storage',
  'secret-in-browser': 'secret',
  'capture-stripped': 'stripped',
  'signature-invalid': 'bad signature',
  'signature-untrusted-key': 'foreign key',
  'at-jwt-claims-missing': 'at+jwt claims',
  'alg-confusion': 'alg confusion',
  'header-key-injection': 'key in header',
  'kid-suspicious': 'odd kid',
  'crit-unknown': 'crit',
  'b64-false': 'b64:false',
  'dpop-invalid': 'DPoP invalid',
  'dpop-replayed': 'DPoP replay',
  'dpop-unbound': 'DPoP unbound',
  'dpop-downgrade': 'DPoP→Bearer',
  'pop-invalid': 'PoP invalid',
  'idp-error': 'IdP error',
  'refresh-reused': 'refresh reused',
  'id-token-as-bearer': 'ID token as bearer',
  'login-redirect': 'login redirect',
  'pkce-missing': 'no PKCE',
  'pkce-plain': 'PKCE plain',
  'state-mismatch': 'state mismatch',
  'nonce-mismatch': 'nonce mismatch',
  'implicit-grant': 'implicit grant',
  'password-grant': 'password grant',
  'redirect-uri-mismatch': 'redirect_uri mismatch',
};

/**
 * "401", or "403" when every refusal the finding names was a 403; for storage, the places the page kept it
 * ("localStorage", "sessionStorage + JS cookie").
 */
export function chipLabel(f: Finding, sightings: readonly Sighting[] = []): string {
  if (f.code === 'storage-exposure') {
    const places = [...new Set(sightings.flatMap((s) => (s.kind === 'storage' ? [AREA_WORDS[s.where].chip] : [])))];
    return places.length ? places.join(' + ') : CHIP[f.code];
  }
  if (f.code !== 'rejected') return CHIP[f.code];
  const statuses = new Set(
    sightings.filter((s) => f.entries.includes(s.entry) && s.where !== 'cookie').map((s) => s.status),
  );
  return statuses.size === 1 && statuses.has(403) ? '403' : statuses.has(401) && statuses.has(403) ? '401/403' : '401';
}

/** Each code once, at its worst severity, worst first (a stable sort keeps the report's order within a severity). */
export function chipFindings<T extends Finding>(findings: readonly T[]): T[] {
  const byCode = new Map<FindingCode, T>();
  for (const f of findings) {
    const had = byCode.get(f.code);
    if (!had || severityRank(f.severity) > severityRank(had.severity)) byCode.set(f.code, f);
  }
  return [...byCode.values()].sort(bySeverity);
}
