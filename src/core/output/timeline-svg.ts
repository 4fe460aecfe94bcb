/**
 * The timeline as static SVG markup, for the HTML report: no script, so hover is each mark's <title> and a bar
 * is a link to its token's section. Every text from the report goes through `esc`; numbers are rounded.
 */
import { type View, axisMarks, buildTimeline, inView, xOf } from './timeline.js';
import { entryName } from '../model/entry.js';
import type { Report } from '../model/report.js';
import { esc } from '../util/escape.js';

const LANE_PX = 20;
const LABEL_PX = 150;
const AXIS_PX = 22;
const n = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);
const when = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : '?');

export function timelineSvg(report: Report, width = 960): string {
  const model = buildTimeline(report);
  if (!model.lanes.length) return '<p class="muted">No token has a time to place on the timeline.</p>';
  const plot = width - LABEL_PX;
  const view: View = {
    startMs: model.startMs,
    endMs: model.endMs,
    width: plot,
    firstLane: 0,
    laneCount: model.lanes.length,
  };
  const drawn = inView(model, view);
  const height = AXIS_PX + drawn.length * LANE_PX + 4;
  const row = new Map(drawn.map((d, i) => [d.lane.id, AXIS_PX + i * LANE_PX]));
  const out: string[] = [
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="timeline-title">`,
    `<title id="timeline-title">Token timeline, ${esc(when(model.startMs))} to ${esc(when(model.endMs))} (UTC)</title>`,
    `<g transform="translate(${LABEL_PX},0)">`,
  ];
  for (const m of axisMarks(view)) {
    out.push(
      `<line class="grid" x1="${n(m.x)}" y1="${AXIS_PX - 4}" x2="${n(m.x)}" y2="${height}"/><text class="axis" x="${n(m.x) + 2}" y="12">${esc(m.label)}</text>`,
    );
  }
  for (const d of drawn) {
    const y = row.get(d.lane.id) ?? 0;
    const sev = d.lane.severity ?? 'none';
    const span = `${d.lane.startFrom} ${when(d.lane.startMs)} to ${d.lane.endFrom} ${when(d.lane.endMs)}`;
    out.push(`<text class="lane-label" x="-6" y="${y + 14}" text-anchor="end">${esc(d.lane.label)}</text>`);
    // A bar wholly before or after the span (a token that expired years before it was sent) is a stub at the edge.
    const outside = d.x1 < 0 ? 'ended before this span: ' : d.x0 > plot ? 'starts after this span: ' : '';
    const [x, w] = d.x1 < 0 ? [0, 4] : d.x0 > plot ? [plot - 4, 4] : [d.x0, Math.max(2, d.x1 - d.x0)];
    out.push(
      `<a href="#t-${esc(d.lane.id)}"><rect class="bar sev-${sev}${outside ? ' outside' : ''}" x="${n(x)}" y="${y + 5}" width="${n(w)}" height="10" rx="2"><title>${esc(`${d.lane.label}: ${outside}${span}`)}</title></rect></a>`,
    );
    if (model.skewMs !== null && d.lane.endFrom === 'exp') {
      // Where the server's clock puts exp on ours: the band is the time the two disagree about validity.
      const a = xOf(view, d.lane.endMs);
      const b = xOf(view, d.lane.endMs - model.skewMs);
      const [lo, hi] = [Math.max(0, Math.min(a, b)), Math.min(plot, Math.max(a, b))];
      if (hi > lo)
        out.push(
          `<rect class="skew" x="${n(lo)}" y="${y + 2}" width="${n(hi - lo)}" height="16"><title>Clock skew: the server’s clock is ${esc(String(Math.round(model.skewMs / 1000)))} s off ours</title></rect>`,
        );
    }
    for (const { mark, x } of d.marks) {
      out.push(
        `<path class="flow sev-${mark.severity}" d="M${n(x)} ${y + 3} L${n(x + 5)} ${y + 9} L${n(x)} ${y + 15} L${n(x - 5)} ${y + 9} Z"><title>${esc(`${when(mark.ms)} ${mark.text}`)}</title></path>`,
      );
    }
    for (const t of d.ticks) {
      const more = t.count > 1 ? ` and ${t.count - 1} more` : '';
      out.push(
        `<line class="tick ${t.tick.answer}" x1="${n(t.x)}" y1="${y + 2}" x2="${n(t.x)}" y2="${y + 18}"><title>${esc(`${when(t.tick.ms)} ${t.tick.method} ${t.tick.url} → ${t.tick.status || 'no answer'} (${entryName(t.tick.entry, t.tick.file)})${more}`)}</title></line>`,
      );
    }
  }
  for (const l of model.links) {
    const to = row.get(l.to);
    if (to === undefined) continue;
    const x = n(xOf(view, l.ms));
    const from = l.from === null ? undefined : row.get(l.from);
    const y0 = from === undefined ? to + 10 : from + 10;
    out.push(
      `<path class="link" d="M${x} ${y0} L${x} ${to + 10}"><title>${esc(l.from ? `Refresh token ${l.from} was redeemed for ${l.to} (${entryName(l.entry)})` : `Issued by the token response of ${entryName(l.entry)}`)}</title></path><circle class="link-dot" cx="${x}" cy="${to + 10}" r="3"/>`,
    );
  }
  for (const r of model.reuses) {
    const y = row.get(r.id);
    if (y === undefined) continue;
    out.push(
      `<circle class="reuse" cx="${n(xOf(view, r.ms))}" cy="${y + 10}" r="5"><title>${esc(`Refresh token ${r.id} sent again after it was replaced (${entryName(r.entry)})`)}</title></circle>`,
    );
  }
  out.push('</g></svg>');
  return out.join('\n');
}
