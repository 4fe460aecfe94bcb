import type { TokenReport } from '../../core/report.js';
import { useStore } from '../context.js';
import { localTime, relative } from '../format.js';

const LABELS = { nbf: 'Not before (nbf)', iat: 'Issued (iat)', exp: 'Expires (exp)' } as const;

function LifetimeBar({ t, now }: { t: TokenReport; now: number }) {
  const start = (t.times.nbf ?? t.times.iat)?.epoch;
  const end = t.times.exp?.epoch;
  if (start === undefined || end === undefined || end <= start) return null;
  const [from, to] = [start * 1000, end * 1000];
  const pos = (ms: number) => `${Math.max(0, Math.min(100, ((ms - from) / (to - from)) * 100))}%`;
  // Requests only: a storage read (entry -1) is not a use of the token.
  const ticks = t.sightings.filter((s) => s.entry >= 0).map((s) => (s.time ? Date.parse(s.time) : NaN)).filter(Number.isFinite);
  return (
    <div class="lifetime" role="img" aria-label={`Lifetime from ${localTime(from)} to ${localTime(to)}; ${now < to ? 'expires' : 'expired'} ${relative(to, now)}`}>
      <div class="lifetime-track" />
      {ticks.map((ms, i) => (
        <span key={i} class={`tick${ms < from || ms >= to ? ' tick-out' : ''}`} style={{ left: pos(ms) }} title={`request at ${localTime(ms)}`} />
      ))}
      <span class="now-marker" style={{ left: pos(now) }} title={`now: ${localTime(now)}`} />
      <div class="lifetime-ends">
        <span>{localTime(from)}</span>
        <span>{localTime(to)}</span>
      </div>
    </div>
  );
}

export function TimesSection({ t }: { t: TokenReport }) {
  const now = useStore().now.value;
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
            <th>Relative</th>
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
                <td class="local">{localTime(v.epoch * 1000)}</td>
                <td class="utc">{v.utc ?? String(v.epoch)}</td>
                <td class="rel">{relative(v.epoch * 1000, now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <LifetimeBar t={t} now={now} />
    </section>
  );
}
