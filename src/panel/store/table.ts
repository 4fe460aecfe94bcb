/**
 * The token table: the filter, the order, the selection, and rows that keep their places while a token is
 * selected. It reads the report on screen and the sort setting; it changes neither.
 */
import { type ReadonlySignal, type Signal, computed, effect, signal } from '@preact/signals';
import type { Report, TokenReport } from '../../core/model/report.js';
import { sortTokens } from '../columns.js';
import { matches, parseFilter } from '../filter.js';
import type { Settings } from '../settings.js';

export interface TableDeps {
  report: ReadonlySignal<Report>;
  /** The moment the filter's status terms (`status:expired`) are judged at. */
  at: ReadonlySignal<number>;
  settings: ReadonlySignal<Settings>;
  /** Another session on screen is a new list: its order starts afresh. */
  sessionId: ReadonlySignal<string>;
}

export interface TableState {
  filter: Signal<string>;
  selectedId: Signal<string | null>;
  /** The rows as shown. */
  tokens: ReadonlySignal<TokenReport[]>;
  selected: ReadonlySignal<TokenReport | null>;
  /** Rows that arrived while the order was held, listed below the others until `showNew`. */
  newCount: ReadonlySignal<number>;
  /** Puts the new rows in their sorted places: the user looked. */
  showNew(): void;
}

export function createTableStore({ report, at, settings, sessionId }: TableDeps): TableState {
  const filter = signal('');
  const selectedId = signal<string | null>(null);
  /** While a token is selected the rows keep their places: the ids in the order they had. */
  const frozen = signal<Map<string, number> | null>(null);

  const terms = computed(() => parseFilter(filter.value));
  /** Every token of the session that passes the filter, in the chosen order. */
  const sorted = computed(() => {
    const nowMs = at.peek();
    const list = report.value.tokens.filter((t) => matches(t, terms.value, nowMs));
    return sortTokens(list, settings.value.sort);
  });
  /**
   * `sorted`, except that while frozen the known rows keep their places and tokens that arrived since are added
   * below them (as the Network panel adds requests), counted by `newCount` until the user asks for them.
   */
  const tokens = computed(() => {
    const order = frozen.value;
    if (!order) return sorted.value;
    const known = sorted.value.filter((t) => order.has(t.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return known.length === sorted.value.length ? known : [...known, ...sorted.value.filter((t) => !order.has(t.id))];
  });
  const newCount = computed(() => {
    const order = frozen.value;
    return order ? sorted.value.reduce((n, t) => n + (order.has(t.id) ? 0 : 1), 0) : 0;
  });
  const selected = computed(() => report.value.tokens.find((t) => t.id === selectedId.value) ?? null);

  function refreeze() {
    frozen.value = selectedId.peek() ? new Map(sorted.peek().map((t, i) => [t.id, i])) : null;
  }

  // A first selection freezes the rows (choosing another row keeps them frozen: nothing moves under the mouse);
  // no selection unfreezes them. A new sort, filter or session is the user asking for a new order: re-sort.
  effect(() => {
    if (!selectedId.value) frozen.value = null;
    else if (!frozen.peek()) refreeze();
  });
  effect(() => {
    void settings.value.sort;
    void terms.value;
    void sessionId.value;
    if (selectedId.peek()) refreeze();
  });
  // A token no longer listed (the filter hides it, the capture was cleared) is no longer selected: its details must
  // not stay open.
  effect(() => {
    const id = selectedId.value;
    if (id && !sorted.value.some((t) => t.id === id)) selectedId.value = null;
  });

  return { filter, selectedId, tokens, selected, newCount, showNew: refreeze };
}
