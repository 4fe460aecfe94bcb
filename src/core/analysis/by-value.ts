/**
 * Opaque tokens linked by value: an opaque token is known by its name only where it is issued or sent as one
 * (`refresh_token` in a token response, `Authorization: Bearer`), yet apps keep and send the same value under any
 * name (a `Set-Cookie: rt=0.AXoA…`, a `?sid=` parameter, a JSON field). Such values are looked up among the known
 * tokens as they come; those not known yet wait here, so that a token response that comes later still reaches back
 * to the places its token was seen first. Bounded: the first MAX_VALUES values (MAX_CHARS in all), MAX_PER_VALUE
 * sightings each, and a waiting sighting keeps only what the checks read of its entry, never its bodies.
 */
import { headers, normalizeEntry } from '../har/entry.js';
import type { Entry } from '../model/entry.js';
import type { Candidate } from '../model/places.js';

const MAX_VALUES = 5_000;
const MAX_CHARS = 4_000_000;
const MAX_PER_VALUE = 5;

export interface Waiting {
  entry: Entry;
  c: Candidate;
}

/**
 * What `gather` and `addSighting` read of an entry for one sighting: no bodies, only the headers the checks quote.
 * Made through `normalizeEntry`, so the copy is an `Entry` like any other (its URL parts and cookies parsed on use).
 */
function slim(entry: Entry, c: Candidate): Entry {
  const keep = /^(www-authenticate|x-ms-diagnostics)$/i;
  const setCookie =
    c.where === 'set-cookie'
      ? headers(entry.responseHeaders, 'set-cookie')
          .flatMap((v) => v.split('\n'))
          .filter((l) => l.trimStart().startsWith(`${c.name}=`))
      : [];
  const copy = normalizeEntry(
    {
      startedDateTime: entry.started ?? undefined,
      time: entry.durationMs,
      _resourceType: entry.resourceType,
      request: { method: entry.method, url: entry.url },
      response: {
        status: entry.status,
        headers: [
          ...entry.responseHeaders.filter((h) => keep.test(h.name)),
          ...setCookie.map((value) => ({ name: 'Set-Cookie', value })),
        ],
      },
    },
    entry.index,
  );
  if (entry.file !== undefined) copy.file = entry.file;
  return copy;
}

export class ValueIndex {
  private waiting = new Map<string, Waiting[]>();
  private chars = 0;

  /** Keeps a sighting of a value no token has yet. */
  wait(entry: Entry, c: Candidate): void {
    let list = this.waiting.get(c.raw);
    if (!list) {
      if (this.waiting.size >= MAX_VALUES) return;
      list = [];
      this.waiting.set(c.raw, list);
    }
    const cost = c.raw.length + entry.url.length;
    if (list.length >= MAX_PER_VALUE || this.chars + cost > MAX_CHARS) return;
    list.push({ entry: slim(entry, c), c });
    this.chars += cost;
  }

  /** The earlier sightings of a value that has just become a token, removed from the index. */
  take(raw: string): Waiting[] {
    const list = this.waiting.get(raw);
    if (!list) return [];
    this.waiting.delete(raw);
    for (const w of list) this.chars -= w.c.raw.length + w.entry.url.length;
    return list;
  }

  clear(): void {
    this.waiting.clear();
    this.chars = 0;
  }
}
