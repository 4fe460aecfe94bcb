// The live-capture check shared by the Chromium and Firefox e2e files: with the panel ready and DevTools' log
// holding only the page itself, send one request of each kind and wait for every token it carries; report how each
// arrived and how long after the request ended its row appeared.
import { tokenId, waitFor } from './helpers.mjs';
import { KINDS, bearerToken, sendKind } from './live-site.mjs';

/**
 * `send(path, id, token, reads)` runs sendKind in the page; `arrivals()` runs readArrivals in the panel.
 * Returns one line per kind: { kind, tokens, via, ms }.
 */
export async function liveRound({ site, send, arrivals, round = 1, timeout = 20000, partial = false }) {
  const expected = {};
  const ended = {};
  for (const [kind, k] of Object.entries(KINDS)) {
    const id = `${kind}-${round}`;
    const token = kind === 'token-endpoint' ? null : bearerToken();
    ended[kind] = await send(k.path, id, token, k.reads);
    if (token) expected[kind] = { [tokenId(token)]: 'access' };
    else {
      const issued = site.issued.get(id);
      expected[kind] = {
        [tokenId(issued.access_token)]: 'access',
        [tokenId(issued.id_token)]: 'id',
        [tokenId(issued.refresh_token)]: 'refresh',
      };
    }
  }
  const all = Object.values(expected).flatMap((m) => Object.keys(m));
  // `partial`: a token not listed in time gives `ms: null` for its kind instead of failing the round (the bench).
  const seen = await waitFor(arrivals, (a) => all.every((id) => a.seen[id]), {
    timeout,
    what: `the tokens of round ${round}`,
  }).catch((err) => (partial ? arrivals() : Promise.reject(err)));
  return Object.entries(expected).map(([kind, ids]) => {
    const times = Object.keys(ids).map((id) => seen.seen[id]);
    if (times.some((t) => !t)) return { kind, tokens: Object.values(ids).join('+'), via: 'not listed', ms: null };
    const shown = Math.max(...times);
    const event = seen.events[`${kind}-${round}`];
    return {
      kind,
      tokens: Object.values(ids).join('+'),
      via: event && event <= shown ? 'event' : 're-read',
      ms: shown - ended[kind],
    };
  });
}

export const describeRound = (lines) =>
  lines.map((l) => `${l.kind} (${l.tokens}): ${l.via}, row ${l.ms} ms after the request ended`).join('\n  ');
