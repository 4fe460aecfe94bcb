import { KIND_LABELS } from '../../core/describe.js';
import type { Kind } from '../../core/classify.js';
import { FINDING_TITLES, type Finding, worst } from '../../core/findings.js';
import { describeStatus, statusAt, type Times } from '../../core/times.js';
import { useStore } from '../context.js';

export function KindBadge({ kind }: { kind: Kind }) {
  return <span class={`kind kind-${kind.replace('+', '-')}`}>{KIND_LABELS[kind]}</span>;
}

const ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;

export function FindingIcons({ findings }: { findings: Finding[] }) {
  if (!findings.length) return <span class="icons ok" title="No findings">✓</span>;
  const sev = worst(findings.map((f) => f.severity))!;
  const title = findings.map((f) => `${f.severity}: ${FINDING_TITLES[f.code]}`).join('\n');
  return (
    <span class={`icons sev-${sev}`} title={title} aria-label={title}>
      {ICON[sev]} {findings.length}
    </span>
  );
}

/** Re-renders on its own each second; the rows around it do not. */
export function LiveStatus({ times, readable }: { times: Times; readable: boolean }) {
  const now = useStore().now.value;
  const status = statusAt(times, readable, now);
  return <span class={`status status-${status}`}>{describeStatus(times, status, now)}</span>;
}
