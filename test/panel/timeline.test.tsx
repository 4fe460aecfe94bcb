// @vitest-environment happy-dom
import { act, cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { laneLabel, timelineLayout, timelineOpen, timelineTab } from '../../src/panel/components/Timeline.js';
import { localTime } from '../../src/panel/format.js';
import * as T from '../fixtures/tokens.js';
import har from '../fixtures/refresh-session.har?raw';
import { mountPanel } from './mount.js';

const START = Date.parse('2023-11-14T22:55:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const R1 = tokenId(T.OPAQUE_REFRESH);
const A2 = tokenId(T.ENTRA_V2_APP_ONLY);

async function mount() {
  const { store, view } = await mountPanel(entries, START);
  return {
    store,
    view,
    $: (s: string) => view.container.querySelector<HTMLElement>(s),
    $$: (s: string) => [...view.container.querySelectorAll<HTMLElement>(s)],
  };
}

afterEach(() => {
  cleanup();
  timelineOpen.value = false;
  timelineTab.value = false;
});

describe('the panel timeline', () => {
  it('opens from the toolbar and draws each token with its ticks, lineage, reuse, skew band and now line', async () => {
    const { $, $$ } = await mount();
    expect($('.timeline-panel')).toBeNull();
    const toggle = $$('button').find((b) => b.textContent === 'Timeline');
    await act(() => toggle?.click());
    expect(toggle?.getAttribute('aria-pressed')).toBe('true');
    expect(
      $$('.timeline-svg .lane')
        .map((l) => l.dataset.id)
        .sort(),
    ).toEqual(
      [
        tokenId(T.ENTRA_V1_DELEGATED),
        A2,
        R1,
        tokenId(
          '0.AXEAv4j5cvGGr0GRqy180BHbR7XIi975-7FIqK23SNpyUGRxAGY.AgABAAEAAAD--DLA3VO7QrddgJg7WevrAgDs_wUA9P-4cXMXSaUHbeLmZOPKQ2hYtOV2',
        ),
      ].sort(),
    );
    expect($$(`.lane[data-id="${A2}"] .tick`).map((t) => [t.dataset.entry, t.getAttribute('class')])).toEqual([
      ['4', 'tick denied'],
    ]);
    expect($$('.timeline-svg .link').length).toBe(4);
    expect($$(`.lane[data-id="${R1}"]`).length).toBe(1);
    expect($$('.timeline-svg .reuse').length).toBe(1);
    expect($$('.timeline-svg .skew').length).toBeGreaterThan(0);
    expect($$('.timeline-svg .now').length).toBe(1);
  });

  it('hovering a tick shows its request; clicking a bar selects the token; the keyboard zooms, pans and selects', async () => {
    const { store, $, $$ } = await mount();
    await act(() => {
      timelineOpen.value = true;
    });
    const tick = $(`.lane[data-id="${A2}"] .tick`);
    await act(() => void fireEvent.mouseEnter(tick as Element));
    // In the list's time zone, as the list writes it.
    expect($('.timeline-tip')?.textContent).toBe(
      `${localTime(Date.parse('2023-11-14T22:41:00Z'))} · GET https://api.contoso.example/orders → 401 (entry #5)`,
    );
    await act(() => void fireEvent.click($(`.lane[data-id="${R1}"] .bar`) as Element));
    expect(store.selectedId.value).toBe(R1);
    expect($(`.lane[data-id="${R1}"]`)?.getAttribute('class')).toContain('selected');
    expect($('.detail[data-id]')?.dataset.id).toBe(R1);

    const svg = $('.timeline-plot') as Element;
    const range = () => $('.timeline-bar .range')?.textContent ?? '';
    const before = range();
    await act(() => void fireEvent.keyDown(svg, { key: '+' }));
    const zoomed = range();
    expect(zoomed).not.toBe(before);
    await act(() => void fireEvent.keyDown(svg, { key: 'ArrowRight' }));
    expect(range()).not.toBe(zoomed);
    await act(() => void fireEvent.keyDown(svg, { key: '0' }));
    expect(range()).toBe(before);
    // The mouse: a sideways wheel and a drag pan (Ctrl+wheel zoom is tested in Chromium: happy-dom's WheelEvent
    // has no modifier keys); a tick click selects its token.
    await act(() => void fireEvent.wheel(svg, { deltaX: 100, deltaY: 0 }));
    const panned = range();
    expect(panned).not.toBe(before);
    await act(() => void fireEvent.pointerDown(svg, { clientX: 300, buttons: 1 }));
    await act(() => void fireEvent.pointerMove(svg, { clientX: 200, buttons: 1 }));
    await act(() => void fireEvent.pointerUp(svg));
    expect(range()).not.toBe(panned);
    await act(() => void fireEvent.keyDown(svg, { key: '0' }));
    await act(() => void fireEvent.click($(`.lane[data-id="${A2}"] .tick`) as Element));
    expect(store.selectedId.value).toBe(A2);
    // The token selected is the focused lane; ↑ / ↓ move the focus to the lane before or after; Enter selects it.
    const order = $$('.timeline-svg .lane').map((l) => l.dataset.id);
    const at = order.indexOf(A2);
    expect(svg.getAttribute('aria-activedescendant')).toBe(`tl-lane-${A2}`);
    const step = at + 1 < order.length ? 'ArrowDown' : 'ArrowUp';
    const next = order[at + 1 < order.length ? at + 1 : at - 1];
    await act(() => void fireEvent.keyDown(svg, { key: step }));
    await act(() => void fireEvent.keyDown(svg, { key: 'Enter' }));
    expect(store.selectedId.value).toBe(next);
    expect(svg.getAttribute('aria-activedescendant')).toBe(`tl-lane-${next}`);
  });
});

describe('the timeline follows the list', () => {
  it('draws the filtered rows in the list’s order, named as the list names them, and counts only them', async () => {
    const { store, $, $$ } = await mount();
    await act(() => {
      timelineOpen.value = true;
    });
    const lanes = () => $$('.timeline-svg .lane').map((l) => l.dataset.id);
    const listed = () => store.tokens.value.map((t) => t.id);
    expect(lanes()).toEqual(listed());
    expect($('.timeline-bar .lanes')?.textContent).toBe('lanes 1–4 of 4');
    const a2 = store.tokens.value.find((t) => t.id === A2)!;
    expect($(`.lane[data-id="${A2}"]`)?.getAttribute('aria-label')).toBe(laneLabel(a2));
    expect(laneLabel(a2)).toMatch(/^app-only · /);
    expect(laneLabel(a2)).not.toContain(A2.slice(0, 8));
    // The list's sort, reversed: the lanes follow.
    await act(() => store.setSort({ column: 'lastSeen', dir: 'asc' }));
    expect(lanes()).toEqual(listed());
    await act(() => store.setSort({ column: 'lastSeen', dir: 'desc' }));
    expect(lanes()).toEqual(listed());
    // The filter: only what the list shows, and the count says so.
    await act(() => {
      store.filter.value = 'kind:refresh';
    });
    expect(lanes().sort()).toEqual(listed().sort());
    expect(lanes()).toHaveLength(2);
    expect($('.timeline-bar .lanes')?.textContent).toBe('lanes 1–2 of 2');
    await act(() => {
      store.filter.value = 'kind:context';
    });
    expect($('.timeline-svg')).toBeNull();
    expect($('.timeline-panel')?.textContent).toContain('the filter hides them all');
  });

  it('marks the flow findings on their lanes, titled by the finding', async () => {
    const { $$ } = await mount();
    await act(() => {
      timelineOpen.value = true;
    });
    const marks = $$(`.lane[data-id="${R1}"] .flow`);
    expect(marks.map((m) => m.dataset.code)).toEqual(['pkce-missing', 'refresh-reused', 'idp-error']);
    expect(marks[1]?.querySelector('title')?.textContent).toMatch(/^A replaced refresh token was sent again/);
    expect($$(`.lane[data-id="${A2}"] .flow`)).toEqual([]);
  });
});

describe('timelineLayout', () => {
  it('fits the label column and the plot in the panel’s width, at 320 px too', () => {
    for (const w of [320, 900, 1400]) {
      const l = timelineLayout(w, 900, 40, 0, 24);
      expect(l.labelPx + l.width).toBeLessThanOrEqual(w - 8);
      expect(l.labelPx).toBeGreaterThanOrEqual(80);
    }
  });

  it('leaves the list five rows, and takes the place of the banners and the list when that leaves under three lanes', () => {
    expect(timelineLayout(1400, 900, 40, 30, 24)).toMatchObject({ lanes: 16, tab: false });
    const mid = timelineLayout(1400, 330, 40, 0, 24);
    expect(mid.tab).toBe(false);
    // What is left for the list: its header and five 28 px rows.
    expect(330 - 40 - 24 - 18 - 8 - mid.lanes * 18).toBeGreaterThanOrEqual(26 + 5 * 28);
    // Banners take room from the list too.
    expect(timelineLayout(1400, 330, 40, 60, 24).tab).toBe(true);
    // Firefox's default toolbox (221 px): a tab, below the toolbar only.
    const short = timelineLayout(1400, 221, 60, 60, 24);
    expect(short.tab).toBe(true);
    expect(short.lanes).toBe(Math.floor((221 - 60 - 24 - 18 - 8) / 18));
    // Side-docked, the list has 40% of the split: it needs a taller panel before the timeline goes above it.
    expect(timelineLayout(320, 500, 60, 0, 48).tab).toBe(true);
    expect(timelineLayout(320, 900, 60, 0, 48).tab).toBe(false);
  });
});
