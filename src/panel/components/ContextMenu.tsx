import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';

export interface MenuItem {
  label: string;
  action: () => void | Promise<unknown>;
  /** A choice that is on or off (the column chooser): shown with a tick, and announced as a checkbox. */
  checked?: boolean;
}

/** A right-click menu: opens at the pointer, keyboard-operable, closes on Escape, a click elsewhere or a choice. */
export function useContextMenu(): { open: (e: MouseEvent, items: MenuItem[]) => void; element: JSX.Element | null } {
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] } | null>(null);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const close = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) setMenu(null);
    };
    document.addEventListener('pointerdown', close, true);
    return () => document.removeEventListener('pointerdown', close, true);
  }, [menu]);

  function onKeyDown(e: KeyboardEvent) {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') setMenu(null);
    else if (e.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus();
    else if (e.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus();
    else return;
    e.preventDefault();
  }

  const element = menu ? (
    <div
      ref={ref}
      class="menu"
      role="menu"
      style={{
        left: `${Math.min(menu.x, innerWidth - 200)}px`,
        top: `${Math.min(menu.y, innerHeight - menu.items.length * 26 - 8)}px`,
      }}
      onKeyDown={onKeyDown}
    >
      {menu.items.map((item) => (
        <button
          key={item.label}
          type="button"
          role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.checked}
          class={item.checked === undefined ? undefined : 'menu-check'}
          onClick={() => {
            setMenu(null);
            void item.action();
          }}
        >
          {item.checked !== undefined && (
            <span class="tick" aria-hidden="true">
              {item.checked ? '✓' : ''}
            </span>
          )}
          {item.label}
        </button>
      ))}
    </div>
  ) : null;

  const open = useCallback((e: MouseEvent, items: MenuItem[]) => setMenu({ x: e.clientX, y: e.clientY, items }), []);
  return { open, element };
}
