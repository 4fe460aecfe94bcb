import { useEffect, useRef, useState } from 'preact/hooks';
import { audienceText } from '../../core/describe.js';
import type { TokenReport } from '../../core/report.js';
import { useStore } from '../context.js';
import { clockTime } from '../format.js';
import { FindingIcons, KindBadge, LiveStatus } from './Badges.js';
import { plural } from '../../core/plural.js';

/** Rows have one height so the list can draw only what is on screen (2,000 tokens stay cheap). */
export const ROW_HEIGHT = 28;
const OVERSCAN = 8;

function Row({ t, index, selected, onSelect }: { t: TokenReport; index: number; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <div
      id={`row-${t.id}`}
      class={`row${selected ? ' selected' : ''}`}
      role="option"
      aria-selected={selected}
      data-id={t.id}
      data-kind={t.kind}
      style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      onClick={() => onSelect(t.id)}
    >
      <KindBadge kind={t.kind} />
      <span class="aud" title={audienceText(t)}>
        {audienceText(t)}
      </span>
      <LiveStatus times={t.times} readable={t.claims !== null} />
      <span class="seen" title={`${plural(t.sightingCount, 'request')}, last at ${clockTime(t.lastSeen)}`}>
        ×{t.sightingCount} · {clockTime(t.lastSeen)}
      </span>
      <FindingIcons findings={t.findings} />
    </div>
  );
}

export function TokenList() {
  const store = useStore();
  const tokens = store.tokens.value;
  const selectedId = store.selectedId.value;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);

  const select = (id: string) => (store.selectedId.value = id);

  function onKeyDown(e: KeyboardEvent) {
    if (!tokens.length) return;
    const at = tokens.findIndex((t) => t.id === selectedId);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: tokens.length - 1, PageDown: at + 10, PageUp: at - 10 };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(tokens.length - 1, at < 0 ? 0 : moves[e.key]!));
    select(tokens[next]!.id);
    const el = viewport.current;
    if (el) {
      const top = next * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  }

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(tokens.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  if (!tokens.length) {
    const filtered = store.report.value.tokens.length > 0;
    return (
      <div class="list empty" data-ready={store.ready.value ? '1' : '0'}>
        {filtered ? 'No token matches the filter.' : store.ready.value ? 'No tokens yet. Use the page: every request that carries a token appears here. Or import a .har file.' : 'Reading what DevTools has captured…'}
      </div>
    );
  }
  return (
    <div
      ref={viewport}
      class="list"
      role="listbox"
      tabIndex={0}
      aria-label="Tokens, newest first"
      aria-activedescendant={selectedId ? `row-${selectedId}` : undefined}
      data-ready={store.ready.value ? '1' : '0'}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div class="rows" style={{ height: `${tokens.length * ROW_HEIGHT}px` }}>
        {tokens.slice(first, last).map((t, i) => (
          <Row key={t.id} t={t} index={first + i} selected={t.id === selectedId} onSelect={select} />
        ))}
      </div>
    </div>
  );
}
