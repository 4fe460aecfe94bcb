import { KIND_LABELS } from '../../core/token/describe.js';
import type { Kind } from '../../core/model/token.js';
import { FINDING_TITLES, type Finding, type FindingCode, worst } from '../../core/model/findings.js';
import type { Sighting } from '../../core/model/report.js';
import { describeStatus, statusAt } from '../../core/token/times.js';
import type { Times } from '../../core/model/token.js';
import { useStore } from '../context.js';
import { expiresSoon } from '../filter.js';

export function KindBadge({ kind }: { kind: Kind }) {
  return <span class={`kind kind-${kind.replace('+', '-')}`}>{KIND_LABELS[kind]}</span>;
}

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

/** "401", or "403" when every refusal the finding names was a 403. */
export function chipLabel(f: Finding, sightings: readonly Sighting[] = []): string {
  if (f.code !== 'rejected') return CHIP[f.code];
  const statuses = new Set(
    sightings.filter((s) => f.entries.includes(s.entry) && s.where !== 'cookie').map((s) => s.status),
  );
  return statuses.size === 1 && statuses.has(403) ? '403' : statuses.has(401) && statuses.has(403) ? '401/403' : '401';
}

/** The row's findings as short chips, worst first; the full titles in the tooltip and accessible name. */
export function FindingChips({ findings, sightings }: { findings: Finding[]; sightings?: readonly Sighting[] }) {
  if (!findings.length)
    return (
      <span class="icons ok" title="No findings">
        ✓ none
      </span>
    );
  const sev = worst(findings.map((f) => f.severity))!;
  const title = findings.map((f) => `${f.severity}: ${FINDING_TITLES[f.code]}`).join('\n');
  return (
    <span class={`icons sev-${sev}`} title={title} aria-label={title.replace(/\n/g, '; ')}>
      {findings.map((f) => (
        <span key={f.code} class={`chip chip-${f.severity}`} data-code={f.code}>
          {chipLabel(f, sightings)}
        </span>
      ))}
    </span>
  );
}

/** Re-renders on its own each second; the rows around it do not. Judged at the session's moment (`store.at`). */
export function LiveStatus({ times, readable }: { times: Times; readable: boolean }) {
  const at = useStore().at.value;
  const status = statusAt(times, readable, at);
  const soon = expiresSoon({ times }, status, at);
  return (
    <span class={`status status-${soon ? 'soon' : status}`} data-status={soon ? 'soon' : status}>
      {describeStatus(times, status, at)}
      {soon ? ' (soon)' : ''}
    </span>
  );
}
