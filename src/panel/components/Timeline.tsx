/**
 * The token timeline in the panel: the list's tokens on one time axis, in the list's order and filter, each lane
 * named as its row is (kind and subject), times in the list's zone (local). src/core/output/timeline.ts computes
 * lanes, ticks, lineage, flow findings and what is in view; this only draws it. A "now" line, ticks coloured by
 * answer, refresh lineage, flow findings as marks (◆), the clock-skew band. Tab reaches it; zoom with + / − or
 * Ctrl+wheel, pan with ← / →, Shift+wheel or a drag, move between tokens with ↑ / ↓ and PageUp / PageDown (or
 * scroll the lanes with the wheel), Enter selects, 0 or Home fits. Only the lanes and ticks in view are drawn, so
 * thousands of tokens cost what fits on screen.
 *
 * Height: above the list it takes only what leaves the list five rows; when that is fewer than three lanes (a
 * 221 px Firefox toolbox) it takes the list's place instead, as a tab of its own (`timelineTab`), and choosing a
 * token there goes back to the list with that token selected.
 */
import { signal } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { entryName } from '../../core/model/entry.js';
import type { TokenReport } from '../../core/model/report.js';
import {
  type Tick,
  type View,
  axisMarks,
  buildTimeline,
  inView,
  msAt,
  pan,
  xOf,
  zoom,
} from '../../core/output/timeline.js';
import { KIND_LABELS, audienceText } from '../../core/token/describe.js';
import { visible } from '../../core/util/escape.js';
import { subjectText } from '../columns.js';
import { useStore } from '../context.js';
import { localTime } from '../format.js';

/** Whether the timeline is shown (the toolbar's toggle). A view setting, not a token: never persisted. */
export const timelineOpen = signal(false);
/** Whether the open timeline stands in the list's place: the panel is too short to show both (see above). */
export const timelineTab = signal(false);

const LANE_PX = 18;
const AXIS_PX = 18;
/** At most this many lanes above the list. */
const LANES_MAX = 16;
/** Fewer lanes than this above the list is no timeline: it takes the list's place instead. */
const LANES_MIN = 3;
/** The list's header and five rows of 28 px (TokenList), and its border. */
const LIST_KEEP_PX = 26 + 5 * 28 + 4;
/** Side-docked (the split's 640 px breakpoint in panel.css) the list gets 40% of the split: five rows need this much. */
const NARROW_PX = 640;
const NARROW_SPLIT_KEEP_PX = Math.ceil(LIST_KEEP_PX / 0.4);
/** Roughly the width of a character of the lane labels' font (10.5 px system-ui), to cut a label that does not fit. */
const CHAR_PX = 6.5;

/** The zone the list shows its times in: the local one. */
const localOffset = (ms: number) => -new Date(ms).getTimezoneOffset() * 60_000;

/** A lane's label: what the list shows for the row (kind, then subject, or audience when it has no subject). */
export function laneLabel(t: TokenReport): string {
  const who = visible(subjectText(t)) || visible(audienceText(t)) || '—';
  return `${KIND_LABELS[t.kind]} · ${who}`;
}

const fit = (label: string, px: number) => {
  const chars = Math.max(4, Math.floor(px / CHAR_PX));
  return label.length <= chars ? label : `${label.slice(0, chars - 1)}…`;
};

function tickText(t: Tick, count: number): string {
  return `${localTime(t.ms)} · ${t.method} ${t.url} → ${t.status || 'no answer'} (${entryName(t.entry, t.file)})${count > 1 ? ` and ${count - 1} more here` : ''}`;
}

interface Layout {
  /** The label column and the plot, in px: together they fit the panel's width. */
  labelPx: number;
  width: number;
  lanes: number;
  tab: boolean;
}

/**
 * Widths and the number of lanes for a panel of this size: below a toolbar `toolbarPx` tall and banners `bannersPx`
 * tall, with the timeline's own bar `barPx` tall. As a tab it hides the banners and the list (App.tsx).
 */
export function timelineLayout(
  panelWidth: number,
  panelHeight: number,
  toolbarPx: number,
  bannersPx: number,
  barPx: number,
): Layout {
  const labelPx = Math.round(Math.min(190, Math.max(80, panelWidth * 0.3)));
  const width = Math.max(60, panelWidth - labelPx - 12);
  const own = barPx + AXIS_PX + 8;
  const keep = panelWidth <= NARROW_PX ? NARROW_SPLIT_KEEP_PX : LIST_KEEP_PX;
  const above = Math.min(LANES_MAX, Math.floor((panelHeight - toolbarPx - bannersPx - keep - own) / LANE_PX));
  if (above >= LANES_MIN) return { labelPx, width, lanes: above, tab: false };
  return { labelPx, width, lanes: Math.max(1, Math.floor((panelHeight - toolbarPx - own) / LANE_PX)), tab: true };
}

export function Timeline() {
  const store = useStore();
  const report = store.report.value;
  const rows = store.tokens.value;
  const model = useMemo(() => buildTimeline(report, { tokens: rows, label: laneLabel }), [report, rows]);
  const box = useRef<HTMLElement>(null);
  const [layout, setLayout] = useState<Layout>({ labelPx: 130, width: 600, lanes: LANES_MAX, tab: false });
  const [span, setSpan] = useState<{ startMs: number; endMs: number } | null>(null);
  const [firstLane, setFirstLane] = useState(0);
  const [focusLane, setFocusLane] = useState(0);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; startMs: number; endMs: number } | null>(null);
  /** The banners' height when last shown: as a tab the timeline hides them, and must not decide on their absence. */
  const bannersPx = useRef(0);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const doc = el.ownerDocument;
    const measure = () => {
      const bar = el.querySelector<HTMLElement>('.timeline-bar');
      const top = el.getBoundingClientRect().top;
      const toolbar = doc.querySelector('.toolbar-wrap')?.getBoundingClientRect().bottom ?? top;
      if (!timelineTab.peek()) bannersPx.current = Math.max(0, top - toolbar);
      const next = timelineLayout(
        el.clientWidth,
        doc.defaultView?.innerHeight ?? 600,
        toolbar,
        bannersPx.current,
        bar?.offsetHeight ?? 24,
      );
      setLayout((l) =>
        l.labelPx === next.labelPx && l.width === next.width && l.lanes === next.lanes && l.tab === next.tab ? l : next,
      );
      timelineTab.value = next.tab;
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(doc.documentElement);
    // The toolbar re-wrapping or a banner opening moves the timeline down: it then has less room.
    const toolbar = doc.querySelector('.toolbar-wrap');
    if (toolbar) ro.observe(toolbar);
    const banners = doc.querySelector('.banners');
    if (banners) ro.observe(banners);
    return () => {
      ro.disconnect();
      timelineTab.value = false;
    };
  }, []);

  const { labelPx, width } = layout;
  const lanes = model.lanes.length;
  const laneCount = Math.min(layout.lanes, lanes);
  const first = Math.max(0, Math.min(firstLane, lanes - laneCount));
  const focusAt = Math.max(0, Math.min(focusLane, lanes - 1));
  const view: View = {
    startMs: span?.startMs ?? model.startMs,
    endMs: span?.endMs ?? model.endMs,
    width,
    firstLane: first,
    laneCount,
  };
  const drawn = inView(model, view);
  const rowOf = new Map(drawn.map((d, i) => [d.lane.id, AXIS_PX + i * LANE_PX]));
  const height = AXIS_PX + laneCount * LANE_PX + 2;
  const setView = (v: View) => setSpan({ startMs: v.startMs, endMs: v.endMs });
  const scrollLanes = (delta: number) => setFirstLane(Math.max(0, Math.min(lanes - laneCount, first + delta)));
  const showLane = (i: number) => {
    const next = Math.max(0, Math.min(lanes - 1, i));
    setFocusLane(next);
    if (next < first) setFirstLane(next);
    if (next >= first + laneCount) setFirstLane(next - laneCount + 1);
  };
  const select = (id: string) => {
    store.selectedId.value = id;
    // As a tab the timeline hides the list and the details: choosing a token is going to them.
    if (layout.tab) timelineOpen.value = false;
  };

  // A token selected in the list is the timeline's focused lane, scrolled into view.
  const selectedId = store.selectedId.value;
  useEffect(() => {
    const i = selectedId ? model.lanes.findIndex((l) => l.id === selectedId) : -1;
    if (i >= 0) showLane(i);
    // Only a new selection moves the focus: a report arriving while the user moves between lanes must not.
  }, [selectedId]);

  function onWheel(e: WheelEvent) {
    e.preventDefault();
    const rect = (e.currentTarget as Element).getBoundingClientRect();
    const anchor = msAt(view, e.clientX - rect.left - labelPx);
    if (e.ctrlKey || e.metaKey) setView(zoom(view, e.deltaY > 0 ? 1.25 : 0.8, anchor));
    else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))
      setView(pan(view, ((e.deltaX || e.deltaY) / width) * (view.endMs - view.startMs)));
    else scrollLanes(e.deltaY > 0 ? 3 : -3);
  }

  function onKey(e: KeyboardEvent) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const mid = (view.startMs + view.endMs) / 2;
    const step = (view.endMs - view.startMs) / 5;
    const keys: Record<string, () => void> = {
      '+': () => setView(zoom(view, 0.5, mid)),
      '=': () => setView(zoom(view, 0.5, mid)),
      '-': () => setView(zoom(view, 2, mid)),
      ArrowLeft: () => setView(pan(view, -step)),
      ArrowRight: () => setView(pan(view, step)),
      ArrowUp: () => showLane(focusAt - 1),
      ArrowDown: () => showLane(focusAt + 1),
      PageUp: () => showLane(focusAt - laneCount),
      PageDown: () => showLane(focusAt + laneCount),
      Enter: () => {
        const id = model.lanes[focusAt]?.id;
        if (id) select(id);
      },
      '0': () => setSpan(null),
      Home: () => setSpan(null),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  }

  function onPointerDown(e: PointerEvent) {
    if ((e.target as Element).closest('.bar, .tick, .flow')) return;
    drag.current = { x: e.clientX, startMs: view.startMs, endMs: view.endMs };
  }
  function onPointerMove(e: PointerEvent) {
    const d = drag.current;
    if (!d || !(e.buttons & 1)) return;
    const dms = ((d.x - e.clientX) / width) * (d.endMs - d.startMs);
    setSpan({ startMs: d.startMs + dms, endMs: d.endMs + dms });
  }

  const tab = layout.tab ? ' tab' : '';
  if (!lanes)
    return (
      <section class={`timeline-panel empty muted${tab}`} aria-label="Token timeline" ref={box}>
        {report.tokens.length && !rows.length
          ? 'No token in the list: the filter hides them all.'
          : 'No token in the list has a time to place on the timeline yet.'}
      </section>
    );
  const nowX = xOf(view, store.now.value);
  const focused = model.lanes[focusAt];
  const hidden = report.tokens.length - lanes;

  return (
    <section class={`timeline-panel${tab}`} aria-label="Token timeline" ref={box}>
      <div class="timeline-bar">
        <button
          type="button"
          onClick={() => setView(zoom(view, 0.5, (view.startMs + view.endMs) / 2))}
          title="Zoom in (+)"
        >
          +
        </button>
        <button
          type="button"
          onClick={() => setView(zoom(view, 2, (view.startMs + view.endMs) / 2))}
          title="Zoom out (−)"
        >
          −
        </button>
        <button type="button" onClick={() => setSpan(null)} title="Show the whole session (0)">
          Fit
        </button>
        <span class="muted range">
          {localTime(view.startMs)} – {localTime(view.endMs)}
        </span>
        <span
          class="muted lanes"
          title={hidden > 0 ? `${hidden} of the session’s tokens are not in the list or have no time` : undefined}
        >
          lanes {first + 1}–{first + laneCount} of {lanes}
        </span>
        <span class="legend muted">
          <i class="sw ok" />
          2xx <i class="sw denied" />
          401/403 <i class="sw other" />
          other <i class="sw link" />
          issued by <i class="sw flow" />
          flow finding <i class="sw skew" />
          clock skew
        </span>
      </div>
      <div
        class="timeline-plot"
        tabIndex={0}
        role="application"
        aria-roledescription="timeline"
        aria-label={`Token timeline, ${lanes} tokens in the list’s order. Up and down arrows move between tokens, left and right pan, plus and minus zoom, 0 fits, Enter selects.`}
        aria-activedescendant={focused ? `tl-lane-${focused.id}` : undefined}
        onWheel={onWheel}
        onKeyDown={onKey}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onMouseLeave={() => setHover(null)}
      >
        <svg class="timeline-svg" width={width + labelPx} height={height} aria-hidden="false">
          <defs>
            {/* Labels start at the left edge (never cut there) and stop before the plot. */}
            <clipPath id="tl-labels">
              <rect x={-labelPx} y={0} width={labelPx - 6} height={height} />
            </clipPath>
          </defs>
          <g transform={`translate(${labelPx},0)`}>
            {axisMarks(view, width < 400 ? 60 : 90, localOffset).map((m) => (
              <g key={m.ms}>
                <line class="grid" x1={m.x} x2={m.x} y1={AXIS_PX - 4} y2={height} />
                <text class="axis" x={m.x + 2} y={12}>
                  {m.label}
                </text>
              </g>
            ))}
            {drawn.map((d) => {
              const y = rowOf.get(d.lane.id) ?? 0;
              const selected = store.selectedId.value === d.lane.id;
              const skew =
                model.skewMs !== null && d.lane.endFrom === 'exp'
                  ? [xOf(view, d.lane.endMs), xOf(view, d.lane.endMs - model.skewMs)]
                  : null;
              const visibleBar = d.x1 >= 0 && d.x0 <= width;
              return (
                <g
                  key={d.lane.id}
                  id={`tl-lane-${d.lane.id}`}
                  role="option"
                  aria-selected={selected}
                  aria-label={d.lane.label}
                  class={`lane${selected ? ' selected' : ''}${focused?.id === d.lane.id ? ' focused' : ''}`}
                  data-id={d.lane.id}
                >
                  <text
                    class="lane-label"
                    x={4 - labelPx}
                    y={y + 13}
                    clip-path="url(#tl-labels)"
                    onClick={() => select(d.lane.id)}
                  >
                    {fit(d.lane.label, labelPx - 12)}
                    <title>{d.lane.label}</title>
                  </text>
                  <rect
                    class={`bar sev-${d.lane.severity ?? 'none'}${visibleBar ? '' : ' outside'}`}
                    x={visibleBar ? d.x0 : d.x1 < 0 ? 0 : width - 4}
                    y={y + 4}
                    width={visibleBar ? Math.max(2, d.x1 - d.x0) : 4}
                    height={10}
                    rx={2}
                    onClick={() => select(d.lane.id)}
                  >
                    <title>{`${d.lane.label}: ${d.lane.startFrom} ${localTime(d.lane.startMs)} → ${d.lane.endFrom} ${localTime(d.lane.endMs)}`}</title>
                  </rect>
                  {skew && Math.max(skew[0] ?? 0, skew[1] ?? 0) > 0 && Math.min(skew[0] ?? 0, skew[1] ?? 0) < width && (
                    <rect
                      class="skew"
                      x={Math.max(0, Math.min(skew[0] ?? 0, skew[1] ?? 0))}
                      y={y + 1}
                      width={Math.abs((skew[0] ?? 0) - (skew[1] ?? 0))}
                      height={16}
                    />
                  )}
                  {d.ticks.map((t) => (
                    <line
                      key={`${t.tick.file ?? ''}-${t.tick.entry}-${t.tick.answer}`}
                      class={`tick ${t.tick.answer}`}
                      data-entry={t.tick.entry}
                      x1={t.x}
                      x2={t.x}
                      y1={y + 1}
                      y2={y + 17}
                      onMouseEnter={() =>
                        setHover({ text: tickText(t.tick, t.count), x: t.x + labelPx, y: y + LANE_PX })
                      }
                      onClick={() => select(d.lane.id)}
                    />
                  ))}
                  {d.marks.map(({ mark, x }) => (
                    <path
                      key={`${mark.code}-${mark.file ?? ''}-${mark.entry}`}
                      class={`flow sev-${mark.severity}`}
                      data-code={mark.code}
                      data-entry={mark.entry}
                      d={`M${x} ${y + 3} L${x + 5} ${y + 9} L${x} ${y + 15} L${x - 5} ${y + 9} Z`}
                      onMouseEnter={() => setHover({ text: mark.text, x: x + labelPx, y: y + LANE_PX })}
                      onClick={() => select(d.lane.id)}
                    >
                      <title>{mark.text}</title>
                    </path>
                  ))}
                </g>
              );
            })}
            {model.links.map((l) => {
              const to = rowOf.get(l.to);
              const from = l.from === null ? undefined : rowOf.get(l.from);
              const x = xOf(view, l.ms);
              if ((to === undefined && from === undefined) || x < 0 || x > width) return null;
              const y0 = (from ?? to ?? 0) + 9;
              const y1 = (to ?? height) + 9;
              return <path key={`${l.from}-${l.to}`} class="link" d={`M${x} ${y0} L${x} ${y1}`} />;
            })}
            {model.reuses.map((r) => {
              const y = rowOf.get(r.id);
              const x = xOf(view, r.ms);
              return y === undefined || x < 0 || x > width ? null : (
                <circle key={`reuse-${r.id}`} class="reuse" cx={x} cy={y + 9} r={5}>
                  <title>{`Refresh token sent again after it was replaced (${entryName(r.entry)})`}</title>
                </circle>
              );
            })}
            {nowX >= 0 && nowX <= width && <line class="now" x1={nowX} x2={nowX} y1={AXIS_PX - 4} y2={height} />}
          </g>
        </svg>
      </div>
      <span class="offscreen" aria-live="polite">
        {focused ? `${focused.label}, ${focusAt + 1} of ${lanes}` : ''}
      </span>
      {hover && (
        <div
          class="timeline-tip"
          role="tooltip"
          style={{ left: `${Math.min(hover.x, Math.max(0, width + labelPx - 200))}px`, top: `${hover.y + 30}px` }}
        >
          {hover.text}
        </div>
      )}
    </section>
  );
}
