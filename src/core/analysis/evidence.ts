/** What the checks need of the requests that carried a token, gathered as each is read and kept bounded per kind. */
import { setCookieFlags } from '../checks/cookie-leak.js';
import { fileOf, header } from '../har/entry.js';
import type { Entry } from '../model/entry.js';
import type { Evidence, Gathered } from '../model/evidence.js';
import { type Candidate, sentByRequest } from '../model/places.js';
import type { Validity } from '../model/token.js';

/** Adds what one sighting in `entry` shows to `g`, keeping at most `keep` of each kind. */
export function gather(g: Gathered, entry: Entry, c: Candidate, validity: Validity, keep: number): void {
  const evidence = (): Evidence => ({
    entry: entry.index, ...fileOf(entry), name: c.name, method: entry.method, url: entry.url, host: entry.host, status: entry.status,
    wwwAuthenticate: header(entry.responseHeaders, 'www-authenticate'),
    diagnostics: header(entry.responseHeaders, 'x-ms-diagnostics'),
  });
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
  if ((entry.status === 401 || entry.status === 403) && c.where !== 'cookie') push(g.rejected);
  if (c.where === 'authorization-header' || c.where === 'header') {
    const host = entry.host;
    if (!g.bearerHosts.has(host) && g.bearerHosts.size < keep) g.bearerHosts.set(host, evidence());
  }
}
