/** Findings about one token, from what it says and from every request that carried it. */
import type { Claims } from '../model/token.js';
import { audiences } from '../token/classify.js';
import type { Classification } from '../model/token.js';
import { cookieLeak, credentialCookies } from './cookie-leak.js';
import { entryName } from '../model/entry.js';
import { entriesOf, type Finding } from '../model/findings.js';
import { base64urlText } from '../util/base64url.js';
import { plural } from '../util/plural.js';
import { audienceHost } from '../token/principals.js';
import { hostMatches, resourceOfAudience } from '../token/resource-audiences.js';
import { antiForgeryClaims } from '../token/anti-forgery.js';
import { unsignedAlg } from '../crypto/signature.js';
import { formatDuration, timeValue } from '../token/times.js';
import type { Status, Times } from '../model/token.js';
import type { Evidence, Gathered } from '../model/evidence.js';

export interface JudgeInput {
  claims: Claims | null;
  header: Claims | null;
  error: string | null;
  times: Times;
  timeProblems: string[];
  status: Status;
  cls: Classification;
  /** The inner actor token's header, for a SharePoint high-trust token. */
  innerHeader: Claims | null;
  gathered: Gathered;
  nowMs: number;
}

const HOUR = 3600_000;

const dateText = (epoch: number) => timeValue(epoch).utc?.replace('.000Z', 'Z') ?? String(epoch);
const where = (e: Evidence | undefined) =>
  e ? `${entryName(e.entry, e.file)}, ${e.method} ${e.url.split('?')[0]}` : 'not kept';
const label = (cls: Classification) => (cls.kind === 'unknown' ? 'token' : `${cls.kind} token`);

/**
 * The hosts an audience names: every host of a Microsoft resource that answers to it (resource-audiences.ts, as
 * `host` or `*.suffix`), else the one host it names (see `audienceHost`).
 */
export function audienceHosts(claims: Claims | null): string[] {
  if (!claims) return [];
  const hosts = audiences(claims).flatMap((aud): Array<string | null> => [
    ...(resourceOfAudience(aud)?.hosts ?? [audienceHost(aud)]),
  ]);
  return [...new Set(hosts.filter((h): h is string => h !== null))];
}

/** What the issuer normally grants, and above which a lifetime is worth a warning. */
function lifetimeNorm(cls: Classification, claims: Claims): { norm: string; limitMs: number } | null {
  if (cls.type === 'refresh' || !claims) return null;
  if (cls.family === 'sharepoint-acs' || cls.family === 'sharepoint-high-trust')
    return { norm: 'about 12 h', limitMs: 13 * HOUR };
  if (cls.family === 'entra-id' || cls.family === 'microsoft-account') {
    // Continuous access evaluation (client capability "cp1") legitimately extends access tokens to 20–28 h.
    const caps = JSON.stringify(claims.xms_cc ?? '').toLowerCase();
    return caps.includes('cp1')
      ? { norm: 'up to 28 h with continuous access evaluation', limitMs: 29 * HOUR }
      : { norm: '60–90 min', limitMs: 2 * HOUR };
  }
  return null;
}

/**
 * The decoded `claims` of a claims challenge, or null: a 401 whose `WWW-Authenticate` says
 * `error="insufficient_claims"` and carries the claims request base64-encoded (Microsoft identity platform,
 * "Claims challenges, claims requests and client capabilities"; continuous access evaluation sends it on revocation).
 */
export function claimsChallenge(wwwAuthenticate: string | null): string | null {
  if (!wwwAuthenticate || !/error\s*=\s*"?insufficient_claims"?/i.test(wwwAuthenticate)) return null;
  const b64 = /claims\s*=\s*"([^"]*)"/i.exec(wwwAuthenticate)?.[1];
  if (!b64) return '(none given)';
  return base64urlText(b64) ?? `${b64.slice(0, 200)} (not base64: shown as sent)`;
}

function isAlgNone(header: Claims | null): boolean {
  return header !== null && unsignedAlg(header.alg);
}

export function judge(input: JudgeInput): Finding[] {
  const { claims, header, times, status, cls, gathered: g, nowMs } = input;
  const out: Finding[] = [];
  const add = (code: Finding['code'], severity: Finding['severity'], message: string, evidence: Evidence[] = []) =>
    out.push({ code, severity, message, ...entriesOf(evidence) });
  const what = label(cls);

  if (input.error || input.timeProblems.length) {
    const reason = input.error ?? input.timeProblems.join('; ');
    add(
      'malformed',
      'error',
      `This looks like a JWT but cannot be read: ${reason}. Check how it is built or copied (a cut-off value, the wrong encoding, or a time claim that is not a number).`,
    );
  }
  if (status === 'expired' && times.exp) {
    const ago = `Expired ${formatDuration(nowMs - times.exp.epoch * 1000)} ago (${dateText(times.exp.epoch)}).`;
    // An ID token proves a sign-in to the app that asked for it; it is never sent to an API (OpenID Connect Core §2).
    add(
      'expired',
      'warning',
      cls.type === 'id'
        ? `${ago} An ID token only tells the app who signed in, when they did; once the app has read it, its expiry changes nothing. If the app still relies on it (as its session, say), sign in again or renew it silently for a fresh one.`
        : `${ago} Calls made with it now will get 401: get a new ${what}${cls.family === 'sharepoint-acs' ? ' (an add-in uses its refresh token, or a new context token, to ask ACS for one)' : ''}.`,
    );
  }
  if (g.sentExpiredCount > 0 && times.exp) {
    add(
      'expired-when-sent',
      'error',
      `Sent ${plural(g.sentExpiredCount, 'time')} after it expired at ${dateText(times.exp.epoch)} (first: ${where(g.sentExpired[0])}). Check exp before each call and refresh the token first, instead of waiting for a 401.`,
      g.sentExpired,
    );
  }
  if (times.nbf && (status === 'not-yet-valid' || g.sentEarlyCount > 0)) {
    const sent =
      g.sentEarlyCount > 0
        ? ` It was sent ${plural(g.sentEarlyCount, 'time')} before then (first: ${where(g.sentEarly[0])}).`
        : '';
    add(
      'not-yet-valid',
      g.sentEarlyCount > 0 ? 'error' : 'warning',
      `Not valid before ${dateText(times.nbf.epoch)} (nbf).${sent} A token that was just issued looks like this when the local clock is behind: check for clock skew.`,
      g.sentEarly,
    );
  }
  if (status === 'no-expiry' && cls.type !== 'refresh') {
    add(
      'no-expiry',
      'warning',
      'It has no exp claim, so it never expires: a leaked copy works for ever. Issue it with a short exp.',
    );
  }
  const highTrustOuter =
    cls.family === 'sharepoint-high-trust' && claims !== null && Object.hasOwn(claims, 'actortoken');
  if (isAlgNone(header) && !(highTrustOuter && !isAlgNone(input.innerHeader))) {
    const says =
      typeof header?.alg === 'string' && header.alg.trim() !== ''
        ? `says alg: ${header.alg === 'none' ? 'none' : JSON.stringify(header.alg).slice(0, 20)}`
        : 'names no alg';
    add(
      'unsigned',
      'error',
      `Its header ${says}, so it carries no signature and anyone can forge one like it. The server must reject it; issue signed tokens.`,
    );
  }
  if (highTrustOuter && isAlgNone(input.innerHeader)) {
    add(
      'unsigned',
      'error',
      "This SharePoint high-trust token is unsigned by design, but its inner actor token must be signed with the add-in's certificate, and it is not (alg: none).",
    );
  }
  const cookies = credentialCookies(claims, g.cookies);
  if (cookies.length) out.push(cookieLeak(cls, what, cookies));
  if (g.urls.length) {
    const names = [...new Set(g.urls.map((c) => c.name))].join(', ');
    add(
      'url-leak',
      'error',
      `This ${what} travelled in a URL (parameter ${names}; first: ${where(g.urls[0])}). URLs are kept in browser history, server and proxy logs and Referer headers: send it in an Authorization header or a POST body instead.`,
      g.urls,
    );
  }
  const r = g.rejected[0];
  if (r) {
    const said = [
      r.wwwAuthenticate && `WWW-Authenticate: ${r.wwwAuthenticate}`,
      r.diagnostics && `x-ms-diagnostics: ${r.diagnostics}`,
    ]
      .filter(Boolean)
      .join('; ');
    const challenge = claimsChallenge(r.wwwAuthenticate);
    add(
      'rejected',
      'error',
      challenge !== null
        ? `The server answered ${r.status} with a claims challenge (${where(r)}): error="insufficient_claims". The token was revoked by continuous access evaluation, or does not meet a Conditional Access policy (a location, MFA, a compliant device). It asks for these claims: ${challenge.slice(0, 600)}. Call MSAL's acquireToken again passing this claims value (and declare the client capability "cp1"), then retry the call.`
        : `The server answered ${r.status} to a request carrying it (${where(r)}).${said ? ` It said ${said.slice(0, 600)}.` : ''} Read the server's reason, then get a token with the right audience, scopes and lifetime.`,
      g.rejected,
    );
  }
  const audHosts = audienceHosts(claims);
  if (audHosts.length && cls.type !== 'id') {
    const wrong = [...g.bearerHosts.values()].filter((e) => e.host && !audHosts.some((h) => hostMatches(h, e.host)));
    if (wrong.length) {
      add(
        'audience-mismatch',
        'warning',
        `Its audience names ${audHosts.join(', ')}, but it was sent to ${[...new Set(wrong.map((e) => e.host))].join(', ')} (first: ${where(wrong[0])}). That server should refuse it, and any server it reaches can replay it: request a token for the API you call.`,
        wrong,
      );
    }
  }
  const norm = claims && lifetimeNorm(cls, claims);
  const start = times.nbf ?? times.iat;
  if (norm && start && times.exp) {
    const lifetime = (times.exp.epoch - start.epoch) * 1000;
    if (lifetime > norm.limitMs) {
      add(
        'long-lifetime',
        'warning',
        `It is valid for ${formatDuration(lifetime)}, well past the ${norm.norm} its issuer normally grants. A long-lived token is a bigger prize if it leaks: check the token lifetime policy.`,
      );
    }
  }
  // An anti-forgery token (token/anti-forgery.ts) is no credential: where it travels and when it expires say nothing
  // about access; only a token that cannot be read or is unsigned (so forgeable) is worth saying.
  return antiForgeryClaims(claims) ? out.filter((f) => f.code === 'malformed' || f.code === 'unsigned') : out;
}
