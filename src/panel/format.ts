/** Dates for people: local time and UTC, and how long ago or ahead. */
import { formatDuration } from '../core/times.js';

const MAX_DATE_MS = 8.64e15;

export function localTime(ms: number): string {
  return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—';
}

export function clockTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? new Date(ms).toLocaleTimeString() : iso;
}

export function relative(ms: number, nowMs: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return '';
  return ms >= nowMs ? `in ${formatDuration(ms - nowMs)}` : `${formatDuration(nowMs - ms)} ago`;
}
