/**
 * The panel's settings (sort order, column widths and which columns show, the split): the only thing it keeps between sessions, in the
 * extension page's own localStorage. Never a token, a claim or a URL: only the fields of `Settings` are written,
 * and only after the user changes one.
 */
import { COLUMNS, type ColumnId, DEFAULT_SORT, type SortOrder } from './columns.js';

export interface Settings {
  sort: SortOrder;
  widths: Partial<Record<ColumnId, number>>;
  /** The list's share of the panel's width, 0.2–0.8. */
  split: number;
  /** Columns the user turned off in the column chooser (a header's right-click menu). */
  hidden: ColumnId[];
}

export interface SettingsStore {
  load(): Settings;
  save(s: Settings): void;
}

export const DEFAULT_SETTINGS: Settings = { sort: DEFAULT_SORT, widths: {}, split: 0.6, hidden: [] };
const KEY = 'bearerscope.settings';
const IDS = new Set<string>(COLUMNS.map((c) => c.id));
const HIDEABLE = new Set<string>(COLUMNS.filter((c) => !c.fixed).map((c) => c.id));

/** Reads back only what is well formed; anything else falls back to the default. */
function cleanSettings(value: unknown): Settings {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const sort = v.sort as Partial<SortOrder> | undefined;
  const okSort =
    sort && typeof sort.column === 'string' && IDS.has(sort.column) && (sort.dir === 'asc' || sort.dir === 'desc');
  const widths: Settings['widths'] = {};
  if (v.widths && typeof v.widths === 'object') {
    for (const [k, w] of Object.entries(v.widths))
      if (IDS.has(k) && typeof w === 'number' && w >= 30 && w <= 2000) widths[k as ColumnId] = Math.round(w);
  }
  const split = typeof v.split === 'number' && v.split >= 0.2 && v.split <= 0.8 ? v.split : DEFAULT_SETTINGS.split;
  const hidden = Array.isArray(v.hidden)
    ? [...new Set(v.hidden.filter((id): id is ColumnId => typeof id === 'string' && HIDEABLE.has(id)))]
    : [];
  return {
    sort: okSort ? { column: sort.column as ColumnId, dir: sort.dir as SortOrder['dir'] } : DEFAULT_SORT,
    widths,
    split,
    hidden,
  };
}

export function memorySettings(initial: unknown = null): SettingsStore & { saved: Settings | null } {
  const box = {
    saved: null as Settings | null,
    load: () => cleanSettings(initial),
    save: (s: Settings) => void (box.saved = s),
  };
  return box;
}

export const pageSettings: SettingsStore = {
  load() {
    try {
      return cleanSettings(JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null'));
    } catch {
      return DEFAULT_SETTINGS;
    }
  },
  save(s) {
    try {
      globalThis.localStorage?.setItem(
        KEY,
        JSON.stringify({ sort: s.sort, widths: s.widths, split: s.split, hidden: s.hidden }),
      );
    } catch {
      // Storage refused (quota, a private window): the setting lasts for this panel only.
    }
  },
};
