import { useEffect, useRef, useState } from 'preact/hooks';
import { useStore } from '../context.js';
import { Banners } from './Banners.js';
import { Timeline, timelineOpen, timelineTab } from './Timeline.js';
import { TokenDetail } from './TokenDetail.js';
import { TokenList } from './TokenList.js';
import { Toolbar } from './Toolbar.js';

/** The draggable line between the list and the details; arrow keys move it too. Its place is a saved setting. */
function Splitter({ container }: { container: { current: HTMLElement | null } }) {
  const store = useStore();
  const [dragging, setDragging] = useState(false);
  const split = store.settings.value.split;
  const at = (x: number) => {
    const box = container.current?.getBoundingClientRect();
    if (box && box.width) store.setSplit((x - box.left) / box.width);
  };
  return (
    <div
      class={`splitter${dragging ? ' dragging' : ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the token list"
      aria-valuemin={20}
      aria-valuemax={80}
      aria-valuenow={Math.round(split * 100)}
      tabIndex={0}
      onPointerDown={(e) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
        setDragging(true);
      }}
      onPointerMove={(e) => dragging && at(e.clientX)}
      onPointerUp={() => setDragging(false)}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowLeft' ? -0.05 : e.key === 'ArrowRight' ? 0.05 : 0;
        if (step) {
          e.preventDefault();
          store.setSplit(split + step);
        }
      }}
    />
  );
}

export function App() {
  const store = useStore();
  const theme = store.theme.value;
  const [dragging, setDragging] = useState(false);
  const split = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // Ctrl+F (Cmd+F) or "/" goes to the filter, as in the Network panel's filter box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing =
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLTextAreaElement ||
        e.target instanceof HTMLSelectElement;
      if (((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') || (e.key === '/' && !typing)) {
        const box = document.querySelector<HTMLInputElement>('input.filter');
        if (!box) return;
        e.preventDefault();
        box.focus();
        box.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  async function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (file) await store.importHar(file.name, file);
  }

  const share = store.settings.value.split;
  return (
    <div
      class={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <Toolbar />
      {/* As a tab (a panel too short for both) the timeline stands in for the banners and the list. */}
      {!(timelineOpen.value && timelineTab.value) && <Banners />}
      {timelineOpen.value && <Timeline />}
      <main
        ref={split}
        class="split"
        hidden={timelineOpen.value && timelineTab.value}
        style={{ '--split': `${(share * 100).toFixed(1)}%` }}
      >
        <TokenList />
        <Splitter container={split} />
        <TokenDetail />
      </main>
    </div>
  );
}
