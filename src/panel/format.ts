/** Dates for people (local time and UTC, how long ago or ahead), and token text shortened for the screen. */
import { maskJwts } from '../core/token/jwt-text.js';
import { formatDuration, isDateMs } from '../core/token/times.js';

// One formatter for the panel's life: toLocaleString with options builds a new Intl.DateTimeFormat on every call,
// which a table of 2,000 tokens with two date columns feels.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function localTime(ms: number): string {
  return isDateMs(ms) ? DATE_TIME.format(ms) : '—';
}

/** A full date and time: a capture from 2012 must not read as "10:20:15 PM". */
export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? localTime(ms) : iso;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of a moment, as `2023-11-14`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * A moment as a list cell shows it, to the second in few characters: `22:20:15` on the day `today` names,
 * `2023-11-14 22:20:15` on any other (local time, as the rest of the panel).
 */
export function compactTime(ms: number, today: string): string {
  if (!isDateMs(ms)) return '—';
  const d = new Date(ms);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const day = localDay(ms);
  return day === today ? time : `${day} ${time}`;
}

export function relative(ms: number, nowMs: number): string {
  if (!isDateMs(ms)) return '';
  return ms >= nowMs ? `in ${formatDuration(ms - nowMs)}` : `${formatDuration(nowMs - ms)} ago`;
}

/** A token as the screen shows it until revealed: its first characters and its length. */
export function maskToken(token: string): string {
  return token.length <= 12 ? '•'.repeat(Math.min(token.length, 8)) : `${token.slice(0, 6)}…(${token.length} chars)`;
}

/**
 * A URL with the token it carries (raw or percent-encoded) and any other JWT in it masked, as elsewhere in the
 * panel: the requests table must not print a credential that "Copy raw token" treats as one.
 */
export function maskUrl(url: string, raw: string | null): string {
  let out = url;
  if (raw && raw.length >= 8) {
    for (const form of new Set([raw, encodeURIComponent(raw)])) out = out.split(form).join(maskToken(raw));
  }
  return maskJwts(out, maskToken);
}
