// Settings alone: what is loaded, what each change keeps, and the bounds a stray drag cannot pass.
import { describe, expect, it } from 'vitest';
import { memorySettings } from '../../../src/panel/settings.js';
import { createSettingsStore } from '../../../src/panel/store/settings.js';

describe('settings store', () => {
  it('starts from what was kept, cleaned', () => {
    const store = createSettingsStore(
      memorySettings({ sort: { column: 'kind', dir: 'asc' }, widths: { subject: 222, bogus: 5 }, split: 7 }),
    );
    expect(store.settings.value).toEqual({
      sort: { column: 'kind', dir: 'asc' },
      widths: { subject: 222 },
      split: 0.6,
      hidden: [],
    });
  });

  it('keeps each change at once: sort, rounded widths, and a split held to 0.2–0.8', () => {
    const kept = memorySettings();
    const store = createSettingsStore(kept);
    expect(kept.saved).toBeNull(); // nothing is written until the user changes something
    store.setSort({ column: 'findings', dir: 'desc' });
    store.setWidth('audience', 240.4);
    store.setWidth('subject', 99.6);
    store.setSplit(0.95);
    expect(kept.saved).toEqual({
      sort: { column: 'findings', dir: 'desc' },
      widths: { audience: 240, subject: 100 },
      split: 0.8,
      hidden: [],
    });
    store.setSplit(0.05);
    expect(store.settings.value.split).toBe(0.2);
    expect(kept.saved?.split).toBe(0.2);
  });

  it('keeps the columns the chooser hid, never Kind, and drops what a stored setting cannot mean', () => {
    const kept = memorySettings({ hidden: ['audience', 'kind', 'bogus', 'audience', 7] });
    const store = createSettingsStore(kept);
    expect(store.settings.value.hidden).toEqual(['audience']);
    store.setColumnShown('requests', false);
    store.setColumnShown('kind', false);
    store.setColumnShown('audience', true);
    expect(kept.saved?.hidden).toEqual(['requests']);
    store.setWidth('subject', 300);
    store.resetColumns();
    expect(kept.saved).toMatchObject({ hidden: [], widths: {} });
  });
});
