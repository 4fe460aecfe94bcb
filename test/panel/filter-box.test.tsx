// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import har from '../fixtures/sharepoint-addin.har?raw';
import { mountPanel } from './mount.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;
const box = () => screen.getByRole('combobox', { name: 'Filter tokens' }) as HTMLInputElement;
const suggestions = () => [...document.querySelectorAll<HTMLElement>('#filter-suggestions [role=option]')];
const options = () => suggestions().map((o) => o.firstChild!.textContent);
const active = () => {
  const id = box().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)!.firstChild!.textContent : null;
};
const rows = () => [...document.querySelectorAll<HTMLElement>('.row')].map((r) => r.dataset.kind);
function type(value: string) {
  const input = box();
  input.value = value;
  input.setSelectionRange(value.length, value.length);
  fireEvent.input(input);
}

afterEach(cleanup);

describe('the filter box', () => {
  it('suggests a key as you type it, then its values; arrows choose, Enter and Tab accept, Escape closes', async () => {
    const { store, view } = await mountPanel(entries, START);
    box().focus();
    type('st');
    expect(box().getAttribute('aria-expanded')).toBe('true');
    expect(options()).toEqual(['status:']);
    expect(active()).toBe('status:');
    fireEvent.keyDown(box(), { key: 'Tab' });
    expect(store.filter.value).toBe('status:');
    // The key accepted, its values follow: the statuses the requests got.
    expect(options()).toEqual(['200', '2xx', '401', '4xx']);
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(active()).toBe('401');
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    expect(active()).toBe('4xx');
    fireEvent.keyDown(box(), { key: 'ArrowUp' });
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(store.filter.value).toBe('status:401 ');
    expect(box().getAttribute('aria-expanded')).toBe('false');
    expect(rows()).toEqual(['user+add-in']);
    expect(view.container.querySelector('.count')!.textContent).toBe('1 / 7 tokens · 2 / 10 requests');

    type('status:401 kind:');
    expect(options()).toHaveLength(7);
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(options()).toEqual([]);
    expect(store.filter.value).toBe('status:401 kind:');
    // With the list closed, Escape clears the box, as before.
    fireEvent.keyDown(box(), { key: 'Escape' });
    expect(store.filter.value).toBe('');
    expect(view.container.querySelector('.count')!.textContent).toBe('7 tokens · 10 requests');
  });

  it('keys typed right after Tab accepted a suggestion land after it, before the panel renders again', async () => {
    const { store } = await mountPanel(entries, START);
    box().focus();
    type('st');
    // Dispatched as the browser does, outside act(): no render or effect runs between the keys.
    const el = box();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true }));
    for (const key of '401') {
      const at = el.selectionStart!;
      el.value = el.value.slice(0, at) + key + el.value.slice(at);
      el.setSelectionRange(at + 1, at + 1);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await act(() => new Promise((r) => setTimeout(r, 50))); // effects and repaints, late
    expect(store.filter.value).toBe('status:401');
    expect(box().selectionStart).toBe('status:401'.length);
  });

  it('accepts a suggestion clicked with the mouse, and closes the list when the box loses the focus', async () => {
    const { store } = await mountPanel(entries, START);
    box().focus();
    type('-kind:con');
    fireEvent.mouseDown(suggestions()[0]!);
    expect(store.filter.value).toBe('-kind:context ');
    expect(rows()).not.toContain('context');
    type('-kind:context pl');
    expect(options()).toEqual(['place:']);
    fireEvent.blur(box());
    expect(options()).toEqual([]);
    // Nothing offered: Enter and Tab are the box's own again.
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(store.filter.value).toBe('-kind:context pl');
  });
});
