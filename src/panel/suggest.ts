/**
 * What the filter box offers as you type, as the Network panel's filter does: a key's name while you type a word
 * (`st` → `status:`), then the values that key would find among the listed tokens (`status:` → `401`, `4xx`).
 * Pure: it reads the tokens and the text, and returns the box's text with each suggestion accepted.
 */
import type { TokenReport } from '../core/model/report.js';
import { type FilterKey, KEY_NAMES, expiresSoon, parseFilter, tokenIndex } from './filter.js';

export interface Suggestion {
  /** What the list shows: `status:`, `401`, `graph.microsoft.com`. */
  label: string;
  /** How many listed tokens the value finds (none for a key). */
  count?: number;
  /** The box's text with it accepted, and where the caret goes. */
  text: string;
  caret: number;
}

const LIMIT = 12;

type Values = Map<string, number>;

/** The values each key can take among `tokens`, and how many tokens have each: built once per list of tokens. */
const valuesOf = new WeakMap<readonly TokenReport[], Map<FilterKey, Values>>();
function presentValues(tokens: readonly TokenReport[]): Map<FilterKey, Values> {
  const known = valuesOf.get(tokens);
  if (known) return known;
  const by = new Map<FilterKey, Values>();
  const add = (key: FilterKey, values: Iterable<string>) => {
    let m = by.get(key);
    if (!m) by.set(key, (m = new Map()));
    for (const v of new Set(values)) m.set(v, (m.get(v) ?? 0) + 1);
  };
  for (const t of tokens) {
    const index = tokenIndex(t);
    add('kind', [t.kind.toLowerCase()]);
    add('code', index.codes);
    add('host', index.hosts);
    add('path', index.paths);
    add('place', index.places);
    const statuses = index.statuses.map(String);
    add('status', [...statuses, ...statuses.map((s) => `${s[0]}xx`).filter((s) => s !== '0xx')]);
  }
  valuesOf.set(tokens, by);
  return by;
}

/** `is:` values, counted at `nowMs` (whether a token expires soon depends on it). */
function isValues(tokens: readonly TokenReport[], nowMs: number): Values {
  const m: Values = new Map();
  const add = (v: string) => m.set(v, (m.get(v) ?? 0) + 1);
  for (const t of tokens) {
    for (const sev of new Set(t.findings.map((f) => f.severity))) add(sev);
    if (!t.findings.length) add('clean');
    add(t.status);
    if (expiresSoon(t, t.status, nowMs)) add('soon');
  }
  return m;
}

/** The word the caret is in: from the space before it to the space after it. */
function wordAt(text: string, caret: number): { start: number; end: number } {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  let end = caret;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return { start, end };
}

function replaceWord(text: string, start: number, end: number, word: string, done: boolean): Suggestion {
  // A finished term gets the space the next one needs, unless a space already follows.
  const space = done && !/^\s/.test(text.slice(end)) ? ' ' : '';
  const out = text.slice(0, start) + word + space + text.slice(end);
  return { label: word, text: out, caret: start + word.length + (done ? 1 : 0) };
}

/** Values that start with what was typed first, then those that contain it; more tokens first, then by name. */
function rank(values: Values, typed: string): Array<[string, number]> {
  const hits = [...values].filter(([v]) => v.includes(typed));
  const score = (v: string) => (v.startsWith(typed) ? 0 : 1);
  return hits.sort(([a, na], [b, nb]) => score(a) - score(b) || nb - na || a.localeCompare(b));
}

/** What to offer for the word at `caret`: keys while it has no `:`, then the values of its key present in `tokens`. */
export function suggest(text: string, caret: number, tokens: readonly TokenReport[], nowMs: number): Suggestion[] {
  const { start, end } = wordAt(text, caret);
  const typed = text.slice(start, caret);
  const minus = typed.startsWith('-') ? '-' : '';
  const body = typed.slice(minus.length).toLowerCase();
  const colon = body.indexOf(':');
  if (colon < 0) {
    if (!body) return [];
    // Each key once, by its own name unless only an alias starts with what was typed (`dom` → `domain:`).
    const offered = new Map<FilterKey, string>();
    for (const { name, key } of KEY_NAMES) if (name.startsWith(body) && !offered.has(key)) offered.set(key, name);
    return [...offered.values()].map((name) => {
      const s = replaceWord(text, start, end, `${minus}${name}:`, false);
      return { ...s, label: `${name}:` };
    });
  }
  const name = body.slice(0, colon);
  const key = parseFilter(`${name}:x`)[0]?.key;
  if (!key) return [];
  const partial = body.slice(colon + 1).replace(/^"/, '');
  const values = key === 'is' ? isValues(tokens, nowMs) : presentValues(tokens).get(key);
  if (!values) return [];
  const ranked = rank(values, partial);
  // Nothing left to complete: the value typed is the only one.
  if (ranked.length === 1 && ranked[0]![0] === partial) return [];
  return ranked.slice(0, LIMIT).map(([value, count]) => {
    const s = replaceWord(text, start, end, `${minus}${name}:${value}`, true);
    return { ...s, label: value, count };
  });
}
