/** The panel's settings as signals: each change is kept at once through the given SettingsStore (../settings.ts). */
import { type ReadonlySignal, signal } from '@preact/signals';
import { COLUMNS, type ColumnId, type SortOrder } from '../columns.js';
import type { Settings, SettingsStore } from '../settings.js';

export interface SettingsState {
  settings: ReadonlySignal<Settings>;
  setSort(sort: SortOrder): void;
  setWidth(column: ColumnId, width: number): void;
  /** The list's share of the width, held to 0.2–0.8. */
  setSplit(split: number): void;
  /** Shows or hides a column (the column chooser); Kind always shows. */
  setColumnShown(column: ColumnId, shown: boolean): void;
  /** Every column back, at its default width. */
  resetColumns(): void;
}

export function createSettingsStore(kept: SettingsStore): SettingsState {
  const settings = signal<Settings>(kept.load());
  function save(next: Settings) {
    settings.value = next;
    kept.save(next);
  }
  return {
    settings,
    setSort: (sort) => save({ ...settings.peek(), sort }),
    setWidth: (column, width) =>
      save({ ...settings.peek(), widths: { ...settings.peek().widths, [column]: Math.round(width) } }),
    setSplit: (split) => save({ ...settings.peek(), split: Math.min(0.8, Math.max(0.2, split)) }),
    setColumnShown: (column, shown) => {
      if (COLUMNS.find((c) => c.id === column)?.fixed) return;
      const hidden = settings.peek().hidden.filter((id) => id !== column);
      save({ ...settings.peek(), hidden: shown ? hidden : [...hidden, column] });
    },
    resetColumns: () => save({ ...settings.peek(), hidden: [], widths: {} }),
  };
}
