/** Refresh lineage: which token response issued which tokens, and what became of the refresh token it redeemed. */
import type { Entry } from '../model/entry.js';
import { type Candidate, sentByRequest } from '../model/places.js';
import type { TokenState } from './tokens.js';
import { evidenceOf } from './evidence.js';
import { fileOf } from '../har/entry.js';
import { refusalOf } from '../checks/idp-errors.js';

/**
 * Which token response issued which tokens, and with which refresh token (RFC 6749 §6): a response body's tokens
 * were issued by this entry; a refresh token the request sent is replaced when the response issued another one,
 * and a later request that sends it again is a reuse (the case refresh token rotation exists to catch,
 * RFC 9700 §4.14.2).
 */
export function lineage(entry: Entry, candidates: Candidate[], tokens: ReadonlyMap<string, TokenState>): void {
  const when = { entry: entry.index, time: entry.started };
  const sent = candidates
    .filter((c) => sentByRequest(c.where))
    .map((c) => tokens.get(c.raw))
    .filter((t): t is TokenState => t !== undefined);
  for (const c of candidates) {
    const t = tokens.get(c.raw);
    // A cookie rides along on every request, and a request that started before the replacing answer came back
    // (two tabs refreshing at once) could not know of it: neither is a use after the replacement.
    if (
      !t ||
      !sentByRequest(c.where) ||
      c.where === 'cookie' ||
      !t.replacedAt ||
      t.reusedAfterReplace ||
      t.replacedAt.entry === entry.index
    )
      continue;
    if (entry.startedMs !== null && t.replacedEndMs !== undefined && entry.startedMs < t.replacedEndMs) continue;
    t.reusedAfterReplace = when;
    t.reuse = {
      replaced: { entry: t.replacedAt.entry, ...fileOf({ file: t.replacedFile }) },
      reuse: evidenceOf(entry, c.name),
      refusal: refusalOf(entry),
    };
  }
  const issued = candidates
    .filter((c) => c.where === 'response-body')
    .map((c) => tokens.get(c.raw))
    .filter((t): t is TokenState => t !== undefined);
  if (!issued.length) return;
  const grant = sent.find((t) => t.roles.has('refresh'));
  for (const t of issued)
    if (!t.issuedBy && t !== grant) t.issuedBy = grant ? { ...when, refreshTokenId: grant.id } : when;
  const successor = issued.find((t) => t.roles.has('refresh') && t !== grant);
  if (grant && successor && !grant.replacedAt) {
    grant.replacedAt = { ...when, by: successor.id };
    if (entry.startedMs !== null) grant.replacedEndMs = entry.startedMs + entry.durationMs;
    if (entry.file !== undefined) grant.replacedFile = entry.file;
  }
}
