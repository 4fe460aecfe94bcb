import { KIND_LABELS } from '../../core/token/describe.js';
import type { Kind } from '../../core/model/token.js';
import { FINDING_TITLES, type Finding } from '../../core/model/findings.js';
import type { Sighting } from '../../core/model/report.js';
import { describeStatus, statusAt } from '../../core/token/times.js';
import type { Times } from '../../core/model/token.js';
import { useStore } from '../context.js';
import { chipFindings, chipLabel } from '../chips.js';
import { expiresSoon } from '../filter.js';

export function KindBadge({ kind }: { kind: Kind }) {
  return <span class={`kind kind-${kind.replace('+', '-')}`}>{KIND_LABELS[kind]}</span>;
}

// A chip's padding, border and gap (panel.css `.chip`, `.icons`), and the room a "+N" takes.
const CHIP_PX = 15;
const MORE_PX = 30;
const measured = new Map<string, number>();
let ruler: CanvasRenderingContext2D | null | undefined;

/**
 * A label's width at the chips' bold 11 px font, measured once per label on a canvas (a row cannot measure itself
 * without a layout pass per row); estimated where there is no canvas. A chip still too narrow shrinks with an
 * ellipsis, and the "+N" never does.
 */
function labelPx(label: string): number {
  let px = measured.get(label);
  if (px === undefined) {
    if (ruler === undefined) {
      ruler = typeof document === 'undefined' ? null : (document.createElement('canvas').getContext?.('2d') ?? null);
      if (ruler) ruler.font = `600 11px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
    }
    px = Math.ceil(ruler ? ruler.measureText(label).width : label.length * 6.5);
    measured.set(label, px);
  }
  return px + CHIP_PX;
}

/** How many chips to show in `width` px, the rest counted in a "+N": at least one, the worst. */
export function chipsThatFit(labels: readonly string[], width: number | undefined): number {
  if (width === undefined) return labels.length;
  const px = labels.map(labelPx);
  if (px.reduce((a, b) => a + b, 0) <= width) return labels.length;
  let used = MORE_PX;
  let n = 0;
  while (n < labels.length - 1 && used + px[n]! <= width) used += px[n++]!;
  return Math.max(1, n);
}

/**
 * The row's findings as short chips, worst first; past `width` (the cell's inner width in px) the rest are counted
 * in a "+N". The full titles are in the tooltip and the accessible name.
 */
export function FindingChips({
  findings,
  sightings,
  width,
}: {
  findings: Finding[];
  sightings?: readonly Sighting[];
  width?: number;
}) {
  if (!findings.length)
    return (
      <span class="icons ok" title="No findings">
        ✓ none
      </span>
    );
  const chips = chipFindings(findings);
  const sev = chips[0]!.severity;
  const title = chips.map((f) => `${f.severity}: ${FINDING_TITLES[f.code]}`).join('\n');
  const labels = chips.map((f) => chipLabel(f, sightings));
  const shown = chipsThatFit(labels, width);
  const hidden = chips.slice(shown);
  return (
    <span class={`icons sev-${sev}`} title={title} aria-label={title.replace(/\n/g, '; ')}>
      {chips.slice(0, shown).map((f, i) => (
        <span key={f.code} class={`chip chip-${f.severity}`} data-code={f.code}>
          {labels[i]}
        </span>
      ))}
      {hidden.length > 0 && (
        <span class={`chip chip-more chip-${hidden[0]!.severity}`} data-more={hidden.length}>
          +{hidden.length}
        </span>
      )}
    </span>
  );
}

/** Re-renders on its own each second; the rows around it do not. Judged at the session's moment (`store.at`). */
export function LiveStatus({ times, readable }: { times: Times; readable: boolean }) {
  const at = useStore().at.value;
  const status = statusAt(times, readable, at);
  const soon = expiresSoon({ times }, status, at);
  return (
    <span class={`status status-${soon ? 'soon' : status}`} data-status={soon ? 'soon' : status}>
      {describeStatus(times, status, at)}
      {soon ? ' (soon)' : ''}
    </span>
  );
}
