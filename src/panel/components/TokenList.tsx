import { Component } from 'preact';
import { useComputed } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { audienceText } from '../../core/token/describe.js';
import { visible } from '../../core/util/escape.js';
import { worst } from '../../core/model/findings.js';
import { plural } from '../../core/util/plural.js';
import type { TokenReport } from '../../core/model/report.js';
import { COLUMNS, type Column, type ColumnId, layoutColumns, type SortOrder, subjectText } from '../columns.js';
import { useStore } from '../context.js';
import { compactTime, dateTime, localDay, localTime } from '../format.js';
import { FindingChips, KindBadge, LiveStatus } from './Badges.js';
import { type MenuItem, useContextMenu } from './ContextMenu.js';
import { tokenMenu } from './menus.js';
import type { Store } from '../store/index.js';

/** Rows have one height so the list can draw only what is on screen (2,000 tokens stay cheap). */
const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 26;
const OVERSCAN = 8;

/** A cell's horizontal padding (panel.css `.row .cell`): what the findings chips cannot use of the column. */
const CELL_PADDING = 12;

function Cell({ t, column, chipWidth, today }: { t: TokenReport; column: ColumnId; chipWidth: number; today: string }) {
  switch (column) {
    case 'kind':
      return <KindBadge kind={t.kind} />;
    case 'subject': {
      const s = visible(subjectText(t));
      return <span title={s}>{s || '—'}</span>;
    }
    case 'audience': {
      const a = visible(audienceText(t));
      return (
        <span class="aud" title={a}>
          {a || '—'}
        </span>
      );
    }
    case 'status':
      return <LiveStatus times={t.times} readable={t.claims !== null} />;
    case 'expires': {
      const exp = t.times.exp?.utc && !t.times.malformed ? t.times.exp.epoch * 1000 : null;
      return exp === null ? <span>—</span> : <span title={localTime(exp)}>{compactTime(exp, today)}</span>;
    }
    case 'requests':
      return <span title={plural(t.sightingCount, 'request')}>{t.sightingCount}</span>;
    case 'lastSeen': {
      const ms = t.lastSeen ? Date.parse(t.lastSeen) : NaN;
      // A time HAR gave in a form no date parser reads is shown as it came.
      return (
        <span class="seen" title={dateTime(t.lastSeen)}>
          {Number.isFinite(ms) ? compactTime(ms, today) : (t.lastSeen ?? '—')}
        </span>
      );
    }
    case 'findings':
      return <FindingChips findings={t.findings} sightings={t.sightings} width={chipWidth} />;
  }
}

function RowView({
  t,
  index,
  columns,
  chipWidth,
  today,
  selected,
  onSelect,
  onMenu,
}: {
  t: TokenReport;
  index: number;
  columns: Column[];
  /** The findings cell's inner width in px, for how many chips fit. */
  chipWidth: number;
  /** The local day of the moment judged at: times on it show without their date. */
  today: string;
  selected: boolean;
  onSelect: (id: string) => void;
  onMenu: (e: MouseEvent, t: TokenReport) => void;
}) {
  const sev = worst(t.findings.map((f) => f.severity));
  return (
    <div
      id={`row-${t.id}`}
      class={`row${selected ? ' selected' : ''}${sev ? ` tint-${sev}` : ''}`}
      role="row"
      aria-selected={selected}
      aria-rowindex={index + 2}
      data-id={t.id}
      data-kind={t.kind}
      data-severity={sev ?? 'none'}
      style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
      onClick={() => onSelect(t.id)}
      onContextMenu={(e) => onMenu(e, t)}
    >
      {columns.map((c) => (
        <div key={c.id} role="gridcell" class={`cell cell-${c.id}`}>
          <Cell t={t} column={c.id} chipWidth={chipWidth} today={today} />
        </div>
      ))}
    </div>
  );
}

type RowProps = Parameters<typeof RowView>[0];

/**
 * Selecting a row re-renders two rows, not every row on screen: a row updates only when one of its props changes.
 * (preact/compat's memo would do the same, but importing compat changes how every event handler is bound.)
 */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return (Object.keys(next) as Array<keyof RowProps>).some((k) => next[k] !== this.props[k]);
  }
  override render() {
    return <RowView {...this.props} />;
  }
}

/** Text columns sort A→Z first; numbers, dates and findings biggest (newest, worst) first. */
const FIRST_DIR: Record<ColumnId, SortOrder['dir']> = {
  kind: 'asc',
  subject: 'asc',
  audience: 'asc',
  status: 'asc',
  expires: 'asc',
  requests: 'desc',
  lastSeen: 'desc',
  findings: 'desc',
};

/** The column chooser, as Network's header menu: every column but Kind, ticked when shown, and a way back. */
function columnMenu(store: Store): MenuItem[] {
  const hidden = store.settings.value.hidden;
  return [
    ...COLUMNS.filter((c) => !c.fixed).map((c) => ({
      label: c.label,
      checked: !hidden.includes(c.id),
      action: () => store.setColumnShown(c.id, hidden.includes(c.id)),
    })),
    { label: 'Reset columns', action: () => store.resetColumns() },
  ];
}

function HeaderRow({
  columns,
  sort,
  width,
  onMenu,
}: {
  columns: Column[];
  sort: SortOrder;
  width: (c: Column) => number;
  onMenu: (e: MouseEvent) => void;
}) {
  const store = useStore();
  const [drag, setDrag] = useState<{ id: ColumnId; x: number; w: number } | null>(null);

  function onSort(c: Column) {
    store.setSort(
      sort.column === c.id
        ? { column: c.id, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
        : { column: c.id, dir: FIRST_DIR[c.id] },
    );
  }
  function onResizeStart(e: PointerEvent, c: Column) {
    e.preventDefault();
    e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ id: c.id, x: e.clientX, w: width(c) });
  }
  function onResizeMove(e: PointerEvent, c: Column) {
    if (drag?.id !== c.id) return;
    store.setWidth(c.id, Math.max(c.min, drag.w + e.clientX - drag.x));
  }
  function onResizeKey(e: KeyboardEvent, c: Column) {
    const step = e.key === 'ArrowLeft' ? -16 : e.key === 'ArrowRight' ? 16 : 0;
    if (!step) return;
    e.preventDefault();
    store.setWidth(c.id, Math.max(c.min, width(c) + step));
  }

  return (
    <div
      class="thead"
      role="row"
      aria-rowindex={1}
      style={{ height: `${HEAD_HEIGHT}px` }}
      title="Right-click to choose the columns"
      onContextMenu={onMenu}
    >
      {columns.map((c) => {
        const active = sort.column === c.id;
        return (
          <div
            key={c.id}
            role="columnheader"
            class={`th th-${c.id}`}
            aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
            data-column={c.id}
          >
            <button type="button" class="th-button" onClick={() => onSort(c)} title={`Sort by ${c.label}`}>
              {c.label}
              <span class="sort-mark" aria-hidden="true">
                {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
              </span>
            </button>
            <span
              class="resizer"
              role="separator"
              aria-orientation="vertical"
              aria-label={`Resize the ${c.label} column`}
              aria-valuenow={width(c)}
              tabIndex={0}
              onPointerDown={(e) => onResizeStart(e, c)}
              onPointerMove={(e) => onResizeMove(e, c)}
              onPointerUp={() => setDrag(null)}
              onKeyDown={(e) => onResizeKey(e, c)}
              onDblClick={() => store.setWidth(c.id, c.width)}
            />
          </div>
        );
      })}
    </div>
  );
}

export function TokenList() {
  const store = useStore();
  const tokens = store.tokens.value;
  const selectedId = store.selectedId.value;
  const settings = store.settings.value;
  // Re-renders the list when the day changes, not with every tick of the clock.
  const today = useComputed(() => localDay(store.at.value)).value;
  const newCount = store.newCount.value;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [size, setSize] = useState({ height: 600, width: 900 });
  const menu = useContextMenu();

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setSize({ height: el.clientHeight || 600, width: el.clientWidth || 900 });
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    return () => observer?.disconnect();
  }, [tokens.length > 0]);

  const select = useMemo(() => (id: string) => void (store.selectedId.value = id), [store]);
  const openMenu = menu.open;
  const onMenu = useMemo(
    () => (e: MouseEvent, t: TokenReport) => {
      e.preventDefault();
      store.selectedId.value = t.id;
      openMenu(e, tokenMenu(store, t) satisfies MenuItem[]);
    },
    [store, openMenu],
  );

  function onKeyDown(e: KeyboardEvent) {
    if (!tokens.length) return;
    if (e.key === 'Escape') {
      store.selectedId.value = null;
      return;
    }
    const at = tokens.findIndex((t) => t.id === selectedId);
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: tokens.length - 1,
      PageDown: at + 10,
      PageUp: at - 10,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(tokens.length - 1, at < 0 ? 0 : moves[e.key]!));
    select(tokens[next]!.id);
    const el = viewport.current;
    if (el) {
      // Row tops in the scrolled content; the sticky header covers the first HEAD_HEIGHT pixels of the view.
      const top = HEAD_HEIGHT + next * ROW_HEIGHT;
      if (top < el.scrollTop + HEAD_HEIGHT) el.scrollTop = top - HEAD_HEIGHT;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
  }

  const layout = useMemo(
    () => layoutColumns(size.width, settings.widths, settings.hidden),
    [size.width, settings.widths, settings.hidden],
  );
  const columns = layout.columns;
  const fitted = layout.widths;
  // A resize starts from the width asked for: a column shrunk to fit grows back first as lower ones give way.
  const width = (c: Column) => Math.max(c.min, settings.widths[c.id] ?? c.width);
  const template = fitted.map((w, i) => (i === fitted.length - 1 ? `minmax(${w}px, 1fr)` : `${w}px`)).join(' ');
  // The last column takes what the others leave.
  const at = columns.findIndex((c) => c.id === 'findings');
  const rest = size.width - fitted.reduce((a, b) => a + b, 0);
  const chipWidth = (fitted[at] ?? 0) + (at === columns.length - 1 ? Math.max(0, rest) : 0) - CELL_PADDING;
  const onHeaderMenu = (e: MouseEvent) => {
    e.preventDefault();
    openMenu(e, columnMenu(store));
  };
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(tokens.length, Math.ceil((scrollTop + size.height) / ROW_HEIGHT) + OVERSCAN);

  if (!tokens.length && !newCount) {
    const report = store.report.value;
    const imported = store.session.value;
    return (
      <div class="list empty" data-ready={store.ready.value ? '1' : '0'}>
        {report.tokens.length > 0
          ? 'No token matches the filter.'
          : imported
            ? report.entries
              ? `No tokens in ${visible(imported.name)}: ${plural(report.entries, 'request')} read, none carrying a token.`
              : `No requests in ${visible(imported.name)}: the file holds none.`
            : store.ready.value
              ? 'No tokens yet. Use the page: every request that carries a token appears here. Or import a .har file.'
              : 'Reading what DevTools has captured…'}
      </div>
    );
  }
  return (
    <div class="list-wrap">
      {newCount > 0 && (
        <button
          type="button"
          class="new-rows"
          onClick={() => store.showNew()}
          title="Rows keep their places while a token is selected; show the new ones in their sorted places"
        >
          {newCount} new
        </button>
      )}
      <div
        ref={viewport}
        class="list"
        role="grid"
        tabIndex={0}
        aria-label="Tokens"
        aria-rowcount={tokens.length + 1}
        aria-colcount={columns.length}
        aria-activedescendant={selectedId && tokens.some((t) => t.id === selectedId) ? `row-${selectedId}` : undefined}
        data-ready={store.ready.value ? '1' : '0'}
        style={{ '--cols': template }}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <HeaderRow columns={columns} sort={settings.sort} width={width} onMenu={onHeaderMenu} />
        <div class="rows" style={{ height: `${tokens.length * ROW_HEIGHT}px` }}>
          {tokens.slice(first, last).map((t, i) => (
            <Row
              key={t.id}
              t={t}
              index={first + i}
              columns={columns}
              chipWidth={chipWidth}
              today={today}
              selected={t.id === selectedId}
              onSelect={select}
              onMenu={onMenu}
            />
          ))}
        </div>
      </div>
      {menu.element}
    </div>
  );
}
