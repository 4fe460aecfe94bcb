import type { ComponentChildren } from 'preact';
import { valueText } from '../../core/token/describe.js';
import { visible } from '../../core/util/escape.js';
import type { Claims } from '../../core/model/token.js';
import { isDateMs } from '../../core/token/times.js';
import { localTime } from '../format.js';

/** Claims that are NumericDates (RFC 7519 §2) by name; any other integer in 2001–2286 is shown as a date too. */
const TIME_CLAIMS = new Set([
  'iat',
  'nbf',
  'exp',
  'auth_time',
  'updated_at',
  'pwd_exp',
  'rh_exp',
  'xms_tcdt',
  'expires_on',
  'not_before',
]);
const MAX_CHILDREN = 200;
const MAX_DEPTH = 8;

function epochOf(name: string, v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{9,13}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) return null;
  if (TIME_CLAIMS.has(name.toLowerCase()) || (n >= 1e9 && n < 1e10)) return n;
  return null;
}

/** The date beside an epoch claim; a value in milliseconds is said to be one rather than dated in the year 55,000. */
function EpochDate({ name, value }: { name: string; value: unknown }) {
  const n = epochOf(name, value);
  if (n === null) return null;
  if (Math.abs(n) >= 1e11) return <span class="claim-date warn">looks like milliseconds ({localTime(n)} if so)</span>;
  return isDateMs(n * 1000) ? <span class="claim-date">{localTime(n * 1000)}</span> : null;
}

/** A string holding JSON (appctx, a nested claim): parsed, so it reads as the object it is. */
function jsonInString(v: string): unknown {
  const s = v.trim();
  if (!(s.startsWith('{') && s.endsWith('}')) && !(s.startsWith('[') && s.endsWith(']'))) return undefined;
  try {
    const parsed: unknown = JSON.parse(s);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A value as a collapsible tree: objects and arrays open one level at a time, text stays text. */
function ValueTree({
  value,
  depth = 0,
  name = '',
}: {
  value: unknown;
  depth?: number;
  name?: string;
}): ComponentChildren {
  if (typeof value === 'string') {
    const inner = depth < MAX_DEPTH ? jsonInString(value) : undefined;
    if (inner !== undefined) {
      return (
        <details class="tree" open={depth === 0}>
          <summary>
            <span class="muted">JSON in a string</span>
          </summary>
          <ValueTree value={inner} depth={depth + 1} />
        </details>
      );
    }
    return (
      <>
        <span class="tree-text">{valueText(value)}</span>
        {depth > 0 && <EpochDate name={name} value={value} />}
      </>
    );
  }
  if (!value || typeof value !== 'object' || depth >= MAX_DEPTH) {
    return (
      <>
        <span class="tree-text">{valueText(value)}</span>
        {depth > 0 && <EpochDate name={name} value={value} />}
      </>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
  const label = Array.isArray(value)
    ? `[${entries.length} ${entries.length === 1 ? 'item' : 'items'}]`
    : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
  return (
    <details class="tree" open={depth === 0 && entries.length <= 20}>
      <summary>{label}</summary>
      <ul>
        {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
          <li key={k}>
            <span class="tree-key">{visible(k)}</span>: <ValueTree value={v} depth={depth + 1} name={k} />
          </li>
        ))}
        {entries.length > MAX_CHILDREN && <li class="muted">… {entries.length - MAX_CHILDREN} more</li>}
      </ul>
    </details>
  );
}

/** Claims (or header fields) as a table: name, value (a tree for objects and JSON in strings), date, meaning, copy. */
/** Two overlapping sheets, drawn: no font on a stock Linux has a glyph for U+29C9 (⧉), which showed as an empty box. */
function CopyIcon() {
  return (
    <svg class="icon" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5.5" y="5.5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4" />
      <path
        d="M10.5 3.5v-1a1 1 0 0 0-1-1h-7a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h1"
        fill="none"
        stroke="currentColor"
        stroke-width="1.4"
      />
    </svg>
  );
}

export function ClaimsTable({
  claims,
  info,
  label,
  onCopy,
  onMenu,
}: {
  claims: Claims;
  info: (name: string) => string | null;
  label: string;
  onCopy?: (name: string, value: unknown) => void;
  onMenu?: (e: MouseEvent, name: string, value: unknown) => void;
}) {
  const names = Object.keys(claims);
  return (
    <table class="claims" aria-label={label}>
      <tbody>
        {names.map((name) => {
          const value = claims[name];
          const about = info(name);
          const tree =
            typeof value === 'object' && value !== null
              ? true
              : typeof value === 'string' && jsonInString(value) !== undefined;
          return (
            <tr key={name} data-claim={name} onContextMenu={onMenu ? (e) => onMenu(e, name, value) : undefined}>
              <th scope="row" class="claim-name">
                {visible(name)}
              </th>
              <td>
                <div class="claim-line">
                  <div class="claim-value">{tree ? <ValueTree value={value} /> : valueText(value)}</div>
                  {onCopy && (
                    <button
                      type="button"
                      class="copy"
                      aria-label={`Copy ${visible(name)}`}
                      title="Copy this claim's value"
                      onClick={() => onCopy(name, value)}
                    >
                      <CopyIcon />
                    </button>
                  )}
                </div>
                <EpochDate name={name} value={value} />
                {about && <div class="claim-info">{about}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
