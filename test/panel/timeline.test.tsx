// @vitest-environment happy-dom
import { act, cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenId } from '../../src/core/analysis/analyzer.js';
import { timelineOpen } from '../../src/panel/components/Timeline.js';
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
    expect($('.timeline-tip')?.textContent).toBe(
      '2023-11-14 22:41:00.000 UTC · GET https://api.contoso.example/orders → 401 (entry #5)',
    );
    await act(() => void fireEvent.click($(`.lane[data-id="${R1}"] .bar`) as Element));
    expect(store.selectedId.value).toBe(R1);
    expect($(`.lane[data-id="${R1}"]`)?.getAttribute('class')).toContain('selected');
    expect($('.detail[data-id]')?.dataset.id).toBe(R1);

    const svg = $('.timeline-svg') as Element;
    const range = () => $('.timeline-bar .muted')?.textContent ?? '';
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
    // ↓ moves the focus to the next lane; Enter selects it.
    const order = $$('.timeline-svg .lane').map((l) => l.dataset.id);
    await act(() => void fireEvent.keyDown(svg, { key: 'ArrowDown' }));
    await act(() => void fireEvent.keyDown(svg, { key: 'Enter' }));
    expect(store.selectedId.value).toBe(order[1]);
    expect(svg.getAttribute('aria-activedescendant')).toBe(`tl-lane-${order[1]}`);
  });
});
