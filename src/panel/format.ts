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
