/** Dates for people: local time and UTC, and how long ago or ahead. */
import { formatDuration, isDateMs } from '../core/times.js';

export function localTime(ms: number): string {
  return isDateMs(ms) ? new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—';
}

export function clockTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString() : iso;
}

export function relative(ms: number, nowMs: number): string {
  if (!isDateMs(ms)) return '';
  return ms >= nowMs ? `in ${formatDuration(ms - nowMs)}` : `${formatDuration(nowMs - ms)} ago`;
}
