/** Findings about how the app used a token in a flow: a replaced refresh token sent again, an ID token sent to an API. */
import { entryName } from '../model/entry.js';
import { entriesOf, type Finding } from '../model/findings.js';
import type { Evidence, RefreshReuse } from '../model/evidence.js';
import type { Claims, Classification } from '../model/token.js';
import { audienceHosts } from './token.js';

const where = (e: Evidence) => `${entryName(e.entry, e.file)}, ${e.method} ${e.url.split('?')[0]}`;

/**
 * A refresh token sent again after the token response that replaced it. With rotation the old token is spent: only
 * a client that lost track of its newest token, or someone who stole the old one, sends it (RFC 9700 §4.14.2). A
 * server that answers `invalid_grant` ("already redeemed") saw the same; one that answers 200 does not detect reuse.
 */
export function refreshReused(reuse: RefreshReuse | undefined): Finding[] {
  if (!reuse) return [];
  const r = reuse.reuse;
  const answer =
    r.status >= 200 && r.status < 300
      ? ` The server accepted it (${r.status}): it does not refuse a replaced refresh token, so a stolen one keeps working.`
      : r.status
        ? ` The server answered ${r.status}${reuse.refusal ? `: ${reuse.refusal}` : ''}${reuse.refusal && /redeemed|reuse|revoked|invalid_grant/i.test(reuse.refusal) ? ', as a server that detects reuse does' : ''}.`
        : '';
  return [
    {
      code: 'refresh-reused',
      severity: 'error',
      message:
        `This refresh token was replaced by the token response of ${entryName(reuse.replaced.entry, reuse.replaced.file)}, then sent again (${where(r)}).${answer} ` +
        'Keep only the newest refresh token and let one refresh run at a time (across tabs too); if the app did not send it, treat it as stolen and revoke the session.',
      ...entriesOf([reuse.replaced, r]),
    },
  ];
}

/** Firebase / Identity Platform ID tokens are made to be sent to the app's backend (Firebase "Verify ID tokens"). */
const FIREBASE_ISSUER = /^https:\/\/securetoken\.google\.com\//;

/**
 * An ID token sent as `Authorization: Bearer`: it tells the client who signed in, and its audience is the client,
 * not an API (OpenID Connect Core §2; RFC 9700 §2.3's audience restriction). Left out: a token whose audience names
 * the host it is sent to (Google Cloud Run / IAP take ID tokens minted for their URL), and Firebase ID tokens.
 */
export function idTokenAsBearer(
  cls: Classification,
  claims: Claims | null,
  sent: readonly Evidence[] | undefined,
): Finding[] {
  if (cls.type !== 'id' || !sent?.length) return [];
  if (typeof claims?.iss === 'string' && FIREBASE_ISSUER.test(claims.iss)) return [];
  const aud = audienceHosts(claims);
  const wrong = sent.filter((e) => !aud.includes(e.host));
  if (!wrong.length) return [];
  const first = wrong[0];
  if (!first) return [];
  const hosts = [...new Set(wrong.map((e) => e.host))];
  return [
    {
      code: 'id-token-as-bearer',
      severity: 'warning',
      message:
        `This ID token was sent as Authorization: Bearer to ${hosts.slice(0, 5).join(', ')} (first: ${where(first)}). ` +
        'An ID token tells the app who signed in; it is not an access token, its audience is the app, not the API, and it carries no scopes. ' +
        'Request an access token for the API (its scope) and send that; an API that accepts ID tokens accepts any token minted for the app.',
      ...entriesOf(wrong),
    },
  ];
}
