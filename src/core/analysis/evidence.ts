/** What the checks need of the requests that carried a token, gathered as each is read and kept bounded per kind. */
import { setCookieFlags } from '../checks/cookie-leak.js';
import { isNonceChallenge } from '../checks/proofs.js';
import { fileOf, header } from '../har/entry.js';
import type { Entry } from '../model/entry.js';
import type { Evidence, Gathered } from '../model/evidence.js';
import { type Candidate, sentByRequest } from '../model/places.js';
import type { Validity } from '../model/token.js';

/** The request in `entry` that carried a token under `name`, with what the checks quote of its answer. */
export function evidenceOf(entry: Entry, name: string): Evidence {
  return {
    entry: entry.index,
    ...fileOf(entry),
    name,
    method: entry.method,
    url: entry.url,
    host: entry.host,
    status: entry.status,
    wwwAuthenticate: header(entry.responseHeaders, 'www-authenticate'),
    diagnostics: header(entry.responseHeaders, 'x-ms-diagnostics'),
  };
}

/** Adds what one sighting in `entry` shows to `g`, keeping at most `keep` of each kind. */
export function gather(g: Gathered, entry: Entry, c: Candidate, validity: Validity, keep: number): void {
  const evidence = (): Evidence => evidenceOf(entry, c.name);
  const push = (list: Evidence[]) => list.length < keep && list.push(evidence());
  if (c.where === 'cookie') push(g.cookies);
  if (c.where === 'set-cookie') {
    // The attributes grade cookie-leak: keep at least one Set-Cookie even when the list is full of plain sightings.
    if (g.cookies.length >= keep && !g.cookies.some((e) => e.httpOnly !== undefined)) g.cookies.pop();
    if (g.cookies.length < keep) g.cookies.push({ ...evidence(), ...(setCookieFlags(entry, c.name) ?? {}) });
  }
  if (c.where === 'query') push(g.urls);
  if (!sentByRequest(c.where)) return;
  if (validity === 'expired') {
    g.sentExpiredCount++;
    push(g.sentExpired);
  }
  if (validity === 'not-yet-valid') {
    g.sentEarlyCount++;
    push(g.sentEarly);
  }
  // A cookie rides along on every request to its site: a 401 there says nothing about this token.
  if (c.where !== 'cookie' && !nonceStep(g, entry, evidence) && (entry.status === 401 || entry.status === 403))
    push(g.rejected);
  if (c.where === 'authorization-header' && c.scheme?.toLowerCase() === 'bearer') push((g.bearerAuth ??= []));
  if (c.where === 'authorization-header' || c.where === 'header') {
    const host = entry.host;
    if (!g.bearerHosts.has(host) && g.bearerHosts.size < keep) g.bearerHosts.set(host, evidence());
  }
}

/**
 * Whether this 401 is a DPoP nonce challenge to be taken as a step (RFC 9449 §9): the first one from a host since
 * its last other answer. A second challenge in a row means the retry with the nonce failed: that one is a refusal.
 * Any other answer from the host closes the round.
 */
function nonceStep(g: Gathered, entry: Entry, evidence: () => Evidence): boolean {
  if (!g.nonceChallenges?.size && entry.status !== 401) return false;
  const host = entry.host;
  const open = g.nonceChallenges?.get(host);
  if (!isNonceChallenge(entry)) {
    if (open) g.nonceChallenges?.delete(host);
    return false;
  }
  if (open) {
    g.nonceChallenges?.delete(host);
    return false;
  }
  g.nonceChallenges ??= new Map();
  // Bounded like bearerHosts: a host past the cap has its challenges judged as refusals.
  if (g.nonceChallenges.size >= 50) return false;
  g.nonceChallenges.set(host, evidence());
  return true;
}
