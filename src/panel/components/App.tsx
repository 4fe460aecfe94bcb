import { useEffect, useState } from 'preact/hooks';
import { useStore } from '../context.js';
import { Banners } from './Banners.js';
import { Timeline, timelineOpen } from './Timeline.js';
import { TokenDetail } from './TokenDetail.js';
import { TokenList } from './TokenList.js';
import { Toolbar } from './Toolbar.js';

export function App() {
  const store = useStore();
  const theme = store.theme.value;
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  async function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (file) await store.importHar(file.name, await file.arrayBuffer());
  }

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
      <Banners />
      {timelineOpen.value && <Timeline />}
      <main class="split">
        <TokenList />
        <TokenDetail />
      </main>
    </div>
  );
}
