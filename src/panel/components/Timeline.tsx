/**
 * The token timeline in the panel: every token on one time axis (src/core/output/timeline.ts computes lanes, ticks,
 * lineage and what is in view; this only draws it). A "now" line, ticks coloured by answer, refresh lineage, the
 * clock-skew band. Zoom with Ctrl+wheel or + / −, pan by dragging, Shift+wheel or ← / →, scroll lanes with the
 * wheel or PageUp / PageDown, ↑ / ↓ and Enter to pick a lane, 0 to fit. Hover a tick for its request; click a
 * bar to select the token in the list. Only the lanes and ticks in view are drawn, so thousands of tokens cost
 * what fits on screen.
 */
import { signal } from '@preact/signals';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { entryName } from '../../core/model/entry.js';
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
import { useStore } from '../context.js';

/** Whether the timeline is shown (the toolbar's toggle). A view setting, not a token: never persisted. */
export const timelineOpen = signal(false);

const LANE_PX = 18;
const LABEL_PX = 130;
const AXIS_PX = 18;
/** At most this many lanes, and at most ~40% of the panel's height, so the token list stays in sight. */
const LANES_MAX = 12;
const when = (ms: number) =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15
    ? new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC')
    : '?';

function tickText(t: Tick, count: number): string {
  return `${when(t.ms)} · ${t.method} ${t.url} → ${t.status || 'no answer'} (${entryName(t.entry, t.file)})${count > 1 ? ` and ${count - 1} more here` : ''}`;
}

export function Timeline() {
  const store = useStore();
  const report = store.report.value;
  const model = useMemo(() => buildTimeline(report), [report]);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(600);
  const [lanesShown, setLanesShown] = useState(LANES_MAX);
  const [span, setSpan] = useState<{ startMs: number; endMs: number } | null>(null);
  const [firstLane, setFirstLane] = useState(0);
  const [focusLane, setFocusLane] = useState(0);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; startMs: number; endMs: number } | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      setWidth(Math.max(200, el.clientWidth - LABEL_PX - 8));
      const h = el.ownerDocument.defaultView?.innerHeight ?? 600;
      setLanesShown(Math.max(3, Math.min(LANES_MAX, Math.floor((h * 0.4 - AXIS_PX - 24) / LANE_PX))));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el.ownerDocument.documentElement);
    return () => ro.disconnect();
  }, []);

  const lanes = model.lanes.length;
  const laneCount = Math.min(lanesShown, lanes);
  const first = Math.max(0, Math.min(firstLane, lanes - laneCount));
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
  const select = (id: string) => (store.selectedId.value = id);

  function onWheel(e: WheelEvent) {
    e.preventDefault();
    const rect = (e.currentTarget as SVGElement).getBoundingClientRect();
    const anchor = msAt(view, e.clientX - rect.left - LABEL_PX);
    if (e.ctrlKey || e.metaKey) setView(zoom(view, e.deltaY > 0 ? 1.25 : 0.8, anchor));
    else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))
      setView(pan(view, ((e.deltaX || e.deltaY) / width) * (view.endMs - view.startMs)));
    else scrollLanes(e.deltaY > 0 ? 3 : -3);
  }

  function onKey(e: KeyboardEvent) {
    const mid = (view.startMs + view.endMs) / 2;
    const step = (view.endMs - view.startMs) / 5;
    const lane = (i: number) => {
      const next = Math.max(0, Math.min(lanes - 1, i));
      setFocusLane(next);
      if (next < first) setFirstLane(next);
      if (next >= first + laneCount) setFirstLane(next - laneCount + 1);
    };
    const keys: Record<string, () => void> = {
      '+': () => setView(zoom(view, 0.5, mid)),
      '=': () => setView(zoom(view, 0.5, mid)),
      '-': () => setView(zoom(view, 2, mid)),
      ArrowLeft: () => setView(pan(view, -step)),
      ArrowRight: () => setView(pan(view, step)),
      ArrowUp: () => lane(focusLane - 1),
      ArrowDown: () => lane(focusLane + 1),
      PageUp: () => lane(focusLane - laneCount),
      PageDown: () => lane(focusLane + laneCount),
      Enter: () => {
        const id = model.lanes[focusLane]?.id;
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
    if ((e.target as Element).closest('.bar, .tick')) return;
    drag.current = { x: e.clientX, startMs: view.startMs, endMs: view.endMs };
  }
  function onPointerMove(e: PointerEvent) {
    const d = drag.current;
    if (!d || !(e.buttons & 1)) return;
    const dms = ((d.x - e.clientX) / width) * (d.endMs - d.startMs);
    setSpan({ startMs: d.startMs + dms, endMs: d.endMs + dms });
  }

  if (!lanes)
    return (
      <section class="timeline-panel empty muted" aria-label="Token timeline">
        No token has a time to place on the timeline yet.
      </section>
    );
  const nowX = xOf(view, store.now.value);
  const focused = model.lanes[focusLane];

  return (
    <section class="timeline-panel" aria-label="Token timeline" ref={box}>
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
        <span class="muted">
          {when(view.startMs)} – {when(view.endMs)} · lanes {first + 1}–{first + laneCount} of {lanes}
        </span>
        <span class="legend muted">
          <i class="sw ok" />
          2xx <i class="sw denied" />
          401/403 <i class="sw other" />
          other <i class="sw link" />
          issued by <i class="sw skew" />
          clock skew
        </span>
      </div>
      <svg
        class="timeline-svg"
        width={width + LABEL_PX}
        height={height}
        tabIndex={0}
        role="application"
        aria-roledescription="timeline"
        aria-label={`Token timeline, ${lanes} tokens. Arrow keys pan and move between tokens, plus and minus zoom, Enter selects.`}
        aria-activedescendant={focused ? `tl-lane-${focused.id}` : undefined}
        onWheel={onWheel}
        onKeyDown={onKey}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = null)}
        onMouseLeave={() => setHover(null)}
      >
        <g transform={`translate(${LABEL_PX},0)`}>
          {axisMarks(view).map((m) => (
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
                class={`lane${selected ? ' selected' : ''}${focused?.id === d.lane.id ? ' focused' : ''}`}
                data-id={d.lane.id}
              >
                <text class="lane-label" x={-6} y={y + 13} text-anchor="end">
                  {d.lane.label}
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
                  <title>{`${d.lane.label}: ${d.lane.startFrom} ${when(d.lane.startMs)} → ${d.lane.endFrom} ${when(d.lane.endMs)}`}</title>
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
                    key={`${t.tick.entry}-${t.tick.answer}`}
                    class={`tick ${t.tick.answer}`}
                    data-entry={t.tick.entry}
                    x1={t.x}
                    x2={t.x}
                    y1={y + 1}
                    y2={y + 17}
                    onMouseEnter={() =>
                      setHover({ text: tickText(t.tick, t.count), x: t.x + LABEL_PX, y: y + LANE_PX })
                    }
                    onClick={() => select(d.lane.id)}
                  />
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
                <title>{`Refresh token ${r.id} sent again after it was replaced (${entryName(r.entry)})`}</title>
              </circle>
            );
          })}
          {nowX >= 0 && nowX <= width && <line class="now" x1={nowX} x2={nowX} y1={AXIS_PX - 4} y2={height} />}
        </g>
      </svg>
      {hover && (
        <div
          class="timeline-tip"
          role="tooltip"
          style={{ left: `${Math.min(hover.x, width)}px`, top: `${hover.y + 30}px` }}
        >
          {hover.text}
        </div>
      )}
    </section>
  );
}
