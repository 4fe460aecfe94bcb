/**
 * The token timeline's model and geometry, shared by the HTML report's SVG and the panel: one lane per token,
 * a bar from `nbf` (or first sight) to `exp` (or last sight), a tick per request that carried it, coloured by
 * the answer, the refresh lineage between lanes, and the clock skew. Pure: the view (time span and size) is passed
 * in, and what is in view is found by binary search so 2,000 lanes and 10,000 ticks cost only what is drawn.
 */
import type { Kind } from '../model/token.js';
import { KIND_LABELS } from '../token/describe.js';
import type { Report, TokenReport } from '../model/report.js';
import { sentByRequest } from '../model/places.js';
import {
  FINDING_TITLES,
  FLOW_AUDIT_CODES,
  type FindingCode,
  ownFindings,
  type Severity,
  worst,
} from '../model/findings.js';
import { entryName } from '../model/entry.js';

type Answer = 'ok' | 'denied' | 'other';

export interface Tick {
  ms: number;
  entry: number;
  /** With several HAR files read together: the file `entry` counts within. */
  file?: string;
  method: string;
  url: string;
  status: number;
  answer: Answer;
}

/** A finding about the OAuth flow or the token's use, drawn where it happened on the lane it concerns. */
interface FlowMark {
  code: FindingCode;
  severity: Severity;
  ms: number;
  entry: number;
  file?: string;
  /** What the mark's hover names: the finding's title, its code and the request. */
  text: string;
}

/**
 * The findings a flow produces (issue 21): each is drawn as a mark on the lanes of the tokens it concerns, at the
 * time of the request it names; the token's own findings (expired, leaked…) only colour the bar.
 */
const FLOW_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'refresh-reused',
  'id-token-as-bearer',
  'login-redirect',
  ...FLOW_AUDIT_CODES,
  'idp-error',
]);

interface Lane {
  id: string;
  kind: Kind;
  label: string;
  startMs: number;
  startFrom: 'nbf' | 'first-seen' | 'iat';
  endMs: number;
  endFrom: 'exp' | 'last-seen';
  /** Sorted by time. */
  ticks: Tick[];
  /** The worst finding's severity, for the lane's marker. */
  severity: 'error' | 'warning' | 'info' | null;
  /** Flow findings on this lane, sorted by time. */
  marks: FlowMark[];
}

/** A token response that issued `to`; `from` is the refresh token its request sent (null for another grant). */
interface Link {
  from: string | null;
  to: string;
  ms: number;
  entry: number;
}

/** A refresh token sent again after it was replaced. */
interface Reuse {
  id: string;
  ms: number;
  entry: number;
}

export interface TimelineModel {
  lanes: Lane[];
  startMs: number;
  endMs: number;
  links: Link[];
  reuses: Reuse[];
  /** Server minus local clock, when a clock-skew finding was made. */
  skewMs: number | null;
}

function answerOf(status: number): Answer {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  return 'other';
}

const parse = (s: string | null | undefined): number | null => {
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
};

const key = (entry: number, file: string | undefined) => `${file ?? ''}\u0000${entry}`;

function lane(t: TokenReport, label: string): Lane | null {
  const ticks: Tick[] = [];
  for (const s of t.sightings) {
    const ms = parse(s.time);
    if (s.kind !== 'request' || !sentByRequest(s.where) || ms === null) continue;
    // A DPoP nonce challenge is a step of the protocol: not drawn as a refusal.
    const answer = s.step === 'dpop-nonce' ? 'other' : answerOf(s.status);
    ticks.push({
      ms,
      entry: s.entry,
      ...(s.file !== undefined ? { file: s.file } : {}),
      method: s.method,
      url: s.url,
      status: s.status,
      answer,
    });
  }
  ticks.sort((a, b) => a.ms - b.ms || a.entry - b.entry);
  const first = parse(t.firstSeen) ?? ticks[0]?.ms ?? null;
  const last = parse(t.lastSeen) ?? ticks[ticks.length - 1]?.ms ?? null;
  const nbf = t.times.nbf ? t.times.nbf.epoch * 1000 : null;
  const iat = t.times.iat ? t.times.iat.epoch * 1000 : null;
  const exp = t.times.exp ? t.times.exp.epoch * 1000 : null;
  const [startMs, startFrom] =
    nbf !== null && Number.isFinite(nbf)
      ? [nbf, 'nbf' as const]
      : first !== null
        ? [first, 'first-seen' as const]
        : iat !== null && Number.isFinite(iat)
          ? [iat, 'iat' as const]
          : [null, 'first-seen' as const];
  const [endMs, endFrom] =
    exp !== null && Number.isFinite(exp) ? [exp, 'exp' as const] : [last ?? startMs, 'last-seen' as const];
  if (startMs === null || endMs === null) return null;
  // The token's findings include the report-level ones tied to it (a token endpoint's error, a login redirect).
  const severity = worst(t.findings.map((f) => f.severity));
  return {
    id: t.id,
    kind: t.kind,
    label,
    startMs: Math.min(startMs, endMs),
    startFrom,
    endMs: Math.max(startMs, endMs),
    endFrom,
    ticks,
    severity,
    marks: [],
  };
}

/** When each request happened, as far as the tokens' sightings and lineage tell (the report keeps no other times). */
function entryTimes(report: Report): Map<string, number> {
  const out = new Map<string, number>();
  const put = (entry: number, file: string | undefined, time: string | null | undefined) => {
    const ms = parse(time);
    if (ms !== null && entry >= 0 && !out.has(key(entry, file))) out.set(key(entry, file), ms);
  };
  for (const t of report.tokens) {
    for (const s of t.sightings) if (s.kind === 'request') put(s.entry, s.file, s.time);
    if (t.issuedBy) put(t.issuedBy.entry, undefined, t.issuedBy.time);
    if (t.replacedAt) put(t.replacedAt.entry, undefined, t.replacedAt.time);
    if (t.reusedAfterReplace) put(t.reusedAfterReplace.entry, undefined, t.reusedAfterReplace.time);
  }
  return out;
}

/**
 * The flow findings as marks: a token's own (refresh-reused, id-token-as-bearer) at each request they name; a
 * report finding on the lane of the token it names and of every token a request it spans sent or issued, at the
 * first of those requests that concerns the lane. A finding whose requests have no known time is not drawn.
 */
function placeMarks(report: Report, lanes: readonly Lane[]): void {
  const times = entryTimes(report);
  const byId = new Map(lanes.map((l) => [l.id, l]));
  const mark = (code: FindingCode, severity: Severity, entry: number, file: string | undefined, message: string) => {
    const ms = times.get(key(entry, file));
    if (ms === undefined) return null;
    const text = `${FINDING_TITLES[code]} (${code}), ${entryName(entry, file)}: ${message}`;
    return { code, severity, ms, entry, ...(file !== undefined ? { file } : {}), text };
  };
  /** Per request: the shown tokens it sent or whose token response it was. */
  const concerned = new Map<string, Set<string>>();
  const touch = (entry: number, file: string | undefined, id: string) => {
    const k = key(entry, file);
    const set = concerned.get(k) ?? new Set<string>();
    set.add(id);
    concerned.set(k, set);
  };
  for (const t of report.tokens) {
    const l = byId.get(t.id);
    if (!l) continue;
    for (const s of t.sightings) if (s.kind === 'request') touch(s.entry, s.file, t.id);
    if (t.issuedBy) touch(t.issuedBy.entry, undefined, t.id);
    // Report findings repeated on the token (`linked`) are placed below, with the other requests they span.
    for (const f of ownFindings(t.findings)) {
      if (!FLOW_CODES.has(f.code)) continue;
      f.entries.forEach((entry, i) => {
        // The response that replaced a refresh token is where a reuse finding starts, not what went wrong.
        if (entry === t.replacedAt?.entry && f.files?.[i] === undefined) return;
        const m = mark(f.code, f.severity, entry, f.files?.[i], f.message);
        if (m) l.marks.push(m);
      });
    }
  }
  for (const f of report.findings) {
    if (!FLOW_CODES.has(f.code)) continue;
    const entries = f.entries?.length ? f.entries : [f.entry];
    const at = new Map<string, number>();
    if (f.token && byId.has(f.token)) at.set(f.token, f.entry);
    for (const entry of entries)
      for (const id of concerned.get(key(entry, f.file)) ?? []) if (!at.has(id)) at.set(id, entry);
    for (const [id, entry] of at) {
      const m =
        mark(f.code, f.severity, entry, f.file, f.message) ??
        entries.map((e) => mark(f.code, f.severity, e, f.file, f.message)).find((x) => x !== null);
      if (m) byId.get(id)?.marks.push(m);
    }
  }
  for (const l of lanes) l.marks.sort((a, b) => a.ms - b.ms || a.entry - b.entry);
}

/** What the timeline draws, when not every token in the report's order. */
export interface TimelineOptions {
  /** The tokens to draw, in this order (the panel passes its list: its filter and sort). Default: all, by start. */
  tokens?: readonly TokenReport[];
  /** A lane's label. Default: the kind and the id's first characters (the HTML report names its sections by id). */
  label?: (t: TokenReport) => string;
}

/**
 * One lane per token. A token with no time at all (no claims, never sent at a readable time) has no place on a
 * time axis and is left out; the report's token list still shows it.
 */
export function buildTimeline(report: Report, options: TimelineOptions = {}): TimelineModel {
  const label = options.label ?? ((t: TokenReport) => `${KIND_LABELS[t.kind]} ${t.id.slice(0, 8)}`);
  const lanes = (options.tokens ?? report.tokens).map((t) => lane(t, label(t))).filter((l): l is Lane => l !== null);
  if (!options.tokens) lanes.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  placeMarks(report, lanes);
  const shown = new Set(lanes.map((l) => l.id));
  const links: Link[] = [];
  const reuses: Reuse[] = [];
  for (const t of report.tokens) {
    const issued = t.issuedBy && parse(t.issuedBy.time);
    const from = t.issuedBy?.refreshTokenId ?? null;
    if (t.issuedBy && issued && (shown.has(t.id) || (from !== null && shown.has(from))))
      links.push({ from, to: t.id, ms: issued, entry: t.issuedBy.entry });
    const reused = t.reusedAfterReplace && parse(t.reusedAfterReplace.time);
    if (t.reusedAfterReplace && reused && shown.has(t.id))
      reuses.push({ id: t.id, ms: reused, entry: t.reusedAfterReplace.entry });
  }
  // The axis spans the requests and the bar ends near them (within the requests' span, at least an hour), so a
  // token sent in the last minutes shows its expiry; a bar years long (a 2013 token sent in 2023) must not squeeze
  // the requests into a pixel, so ends farther away are left out of the span, and those bars are clipped.
  const tickTimes = lanes.flatMap((l) =>
    l.ticks.length ? [l.ticks[0]?.ms ?? 0, l.ticks[l.ticks.length - 1]?.ms ?? 0] : [],
  );
  const ends = lanes.flatMap((l) => [l.startMs, l.endMs]);
  let times = ends;
  if (tickTimes.length) {
    const [lo, hi] = [Math.min(...tickTimes), Math.max(...tickTimes)];
    const near = Math.max(hi - lo, 3600_000);
    times = [...tickTimes, ...ends.filter((ms) => ms >= lo - near && ms <= hi + near)];
  }
  let startMs = times.length ? Math.min(...times) : 0;
  let endMs = times.length ? Math.max(...times) : 0;
  const pad = Math.max((endMs - startMs) * 0.05, 30_000);
  startMs -= pad;
  endMs += pad;
  const skew = report.findings.find((f) => f.code === 'clock-skew' && f.clockSkew)?.clockSkew;
  return { lanes, startMs, endMs, links, reuses, skewMs: skew?.skewMs ?? null };
}

/** What is shown: a time span across `width` pixels, and a vertical window of lanes. */
export interface View {
  startMs: number;
  endMs: number;
  width: number;
  firstLane: number;
  laneCount: number;
}

const MIN_SPAN_MS = 200;
/** A century: beyond it dates stop meaning anything on an axis. */
const MAX_SPAN_MS = 100 * 365 * 86_400_000;

export function xOf(view: View, ms: number): number {
  return ((ms - view.startMs) / (view.endMs - view.startMs)) * view.width;
}

export function msAt(view: View, x: number): number {
  return view.startMs + (x / view.width) * (view.endMs - view.startMs);
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the moment `anchorMs` where it is on screen. */
export function zoom(view: View, factor: number, anchorMs: number): View {
  const span = view.endMs - view.startMs;
  const next = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span * factor));
  const ratio = span > 0 ? (anchorMs - view.startMs) / span : 0.5;
  const startMs = anchorMs - ratio * next;
  return { ...view, startMs, endMs: startMs + next };
}

export function pan(view: View, deltaMs: number): View {
  return { ...view, startMs: view.startMs + deltaMs, endMs: view.endMs + deltaMs };
}

/** The view that shows [startMs, endMs] around `ms` with `spanMs` of context (e.g. the seconds around a 401). */
export function centreOn(view: View, ms: number, spanMs: number): View {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanMs));
  return { ...view, startMs: ms - span / 2, endMs: ms + span / 2 };
}

interface DrawnTick {
  tick: Tick;
  x: number;
  /** How many ticks this one stands for (ticks closer than a pixel are drawn once). */
  count: number;
}

export interface DrawnLane {
  lane: Lane;
  index: number;
  /** The bar clipped to the view, in pixels. */
  x0: number;
  x1: number;
  clippedStart: boolean;
  clippedEnd: boolean;
  ticks: DrawnTick[];
  /** The flow marks inside the span (one per finding and pixel column). */
  marks: { mark: FlowMark; x: number }[];
}

/** First index in `ticks` with ms >= `ms` (ticks sorted by time). */
function lowerBound(ticks: Tick[], ms: number): number {
  let lo = 0;
  let hi = ticks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ticks[mid]?.ms ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What to draw: the lanes of the vertical window whose bar or ticks meet the time span, each bar clipped, and
 * the ticks inside the span merged per pixel column and answer (a 401 is never hidden behind a 200: each answer
 * keeps its own tick in a column). Cost: the window's lanes times log(ticks) plus the ticks drawn.
 */
export function inView(model: TimelineModel, view: View): DrawnLane[] {
  const out: DrawnLane[] = [];
  const last = Math.min(model.lanes.length, view.firstLane + view.laneCount);
  for (let i = Math.max(0, view.firstLane); i < last; i++) {
    const lane = model.lanes[i];
    if (!lane) continue;
    const ticks: DrawnTick[] = [];
    const columns = new Map<string, DrawnTick>();
    for (let k = lowerBound(lane.ticks, view.startMs); k < lane.ticks.length; k++) {
      const tick = lane.ticks[k];
      if (!tick || tick.ms > view.endMs) break;
      const x = xOf(view, tick.ms);
      const key = `${Math.floor(x)}:${tick.answer}`;
      const seen = columns.get(key);
      if (seen) seen.count++;
      else {
        const drawn = { tick, x, count: 1 };
        columns.set(key, drawn);
        ticks.push(drawn);
      }
    }
    const marks: DrawnLane['marks'] = [];
    const seen = new Set<string>();
    for (const mark of lane.marks) {
      if (mark.ms < view.startMs || mark.ms > view.endMs) continue;
      const x = xOf(view, mark.ms);
      const column = `${Math.floor(x)}:${mark.code}`;
      if (seen.has(column)) continue;
      seen.add(column);
      marks.push({ mark, x });
    }
    const x0 = xOf(view, lane.startMs);
    const x1 = xOf(view, lane.endMs);
    out.push({
      lane,
      index: i,
      x0: Math.max(0, x0),
      x1: Math.min(view.width, x1),
      clippedStart: x0 < 0,
      clippedEnd: x1 > view.width,
      ticks,
      marks,
    });
  }
  return out;
}

const STEPS = [
  1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400, 172800, 604800, 2592000, 31536000,
].map((s) => s * 1000);

/**
 * Axis marks at a round step, about one per `minPx` pixels. `offsetMs` gives the time zone's offset from UTC at a
 * moment (the panel passes the local zone, as its list shows local times; default UTC): marks fall on round times
 * of that zone and are labelled in it.
 */
export function axisMarks(
  view: View,
  minPx = 90,
  offsetMs: (ms: number) => number = () => 0,
): { ms: number; x: number; label: string }[] {
  const span = view.endMs - view.startMs;
  const want = (span / view.width) * minPx;
  const step = STEPS.find((s) => s >= want) ?? Math.ceil(want / 31536000000) * 31536000000;
  const out = [];
  const first = offsetMs(view.startMs);
  for (
    let wall = Math.ceil((view.startMs + first) / step) * step;
    wall - first <= view.endMs && out.length < 200;
    wall += step
  ) {
    // A round time on the zone's wall clock; the moment it names (a daylight-saving change moves it).
    const ms = wall - offsetMs(wall - first);
    const iso = new Date(wall).toISOString();
    const label =
      step >= 86_400_000
        ? iso.slice(0, 10)
        : step >= 60_000
          ? iso.slice(11, 16)
          : step >= 1000
            ? iso.slice(11, 19)
            : iso.slice(11, 23);
    out.push({ ms, x: xOf(view, ms), label });
  }
  return out;
}
