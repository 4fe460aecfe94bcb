import type { TokenReport } from '../../core/model/report.js';
import { useStore } from '../context.js';
import { localTime, relative } from '../format.js';

const LABELS = { nbf: 'Not before (nbf)', iat: 'Issued (iat)', exp: 'Expires (exp)' } as const;

function LifetimeBar({ t, now, label }: { t: TokenReport; now: number; label: string }) {
  const start = (t.times.nbf ?? t.times.iat)?.epoch;
  const end = t.times.exp?.epoch;
  if (t.times.malformed || start === undefined || end === undefined || end <= start) return null;
  const [from, to] = [start * 1000, end * 1000];
  const pos = (ms: number) => `${Math.max(0, Math.min(100, ((ms - from) / (to - from)) * 100))}%`;
  // Requests only: a storage read is not a use of the token.
  const ticks = t.sightings
    .filter((s) => s.kind === 'request')
    .map((s) => (s.time ? Date.parse(s.time) : NaN))
    .filter(Number.isFinite);
  return (
    <div
      class="lifetime"
      role="img"
      aria-label={`Lifetime from ${localTime(from)} to ${localTime(to)}; ${now < to ? 'expires' : 'expired'} ${relative(to, now)}`}
    >
      <div class="lifetime-track" />
      {ticks.map((ms, i) => (
        <span
          key={i}
          class={`tick${ms < from || ms >= to ? ' tick-out' : ''}`}
          style={{ left: pos(ms) }}
          title={`request at ${localTime(ms)}`}
        />
      ))}
      <span class="now-marker" style={{ left: pos(now) }} title={`${label}: ${localTime(now)}`} data-label={label} />
      <div class="lifetime-ends">
        <span>{localTime(from)}</span>
        <span>{localTime(to)}</span>
      </div>
    </div>
  );
}

/** A value this large is milliseconds, not seconds (see readTimes): dating it as seconds gives the year 55,000. */
const looksLikeMs = (epoch: number) => Math.abs(epoch) >= 1e11;

export function TimesSection({ t }: { t: TokenReport }) {
  const store = useStore();
  const now = store.at.value;
  const imported = store.session.value !== null;
  const rows = (['nbf', 'iat', 'exp'] as const).filter((k) => t.times[k]);
  if (!rows.length) return null;
  return (
    <section>
      <h3>Times</h3>
      <table class="times">
        <thead>
          <tr>
            <th />
            <th>Local</th>
            <th>UTC</th>
            <th>{imported ? 'Relative to the capture' : 'Relative'}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((k) => {
            const v = t.times[k]!;
            return (
              <tr key={k} data-claim={k}>
                <th scope="row">
                  {LABELS[k]}
                  {k === 'exp' && t.times.expSource === 'token-response' ? ' (from expires_in)' : ''}
                  {k === 'exp' && t.times.expSource === 'cache' ? ' (from the storage cache)' : ''}
                </th>
                <td class="local">
                  {looksLikeMs(v.epoch)
                    ? `not seconds (as milliseconds: ${localTime(v.epoch)})`
                    : localTime(v.epoch * 1000)}
                </td>
                <td class="utc">{looksLikeMs(v.epoch) ? String(v.epoch) : (v.utc ?? String(v.epoch))}</td>
                <td class="rel">{t.times.malformed ? '' : relative(v.epoch * 1000, now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <LifetimeBar t={t} now={now} label={imported ? 'captured' : 'now'} />
    </section>
  );
}
