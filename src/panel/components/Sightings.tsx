import { visible } from '../../core/describe.js';
import type { TokenReport } from '../../core/report.js';
import { clockTime } from '../format.js';

const WHERE: Record<string, string> = {
  'authorization-header': 'Authorization header',
  header: 'header',
  'form-field': 'form field',
  'response-body': 'token response',
  cookie: 'cookie',
  'set-cookie': 'Set-Cookie',
  query: 'URL',
  'request-body': 'request body',
  'local-storage': 'localStorage',
  'session-storage': 'sessionStorage',
  'script-cookie': 'document.cookie',
};

export function Sightings({ t }: { t: TokenReport }) {
  const hidden = t.sightingCount - t.sightings.length;
  return (
    <section>
      <h3>{t.sightings.some((s) => s.entry < 0) ? 'Requests and page storage that held it' : 'Requests that carried it'} ({t.sightingCount})</h3>
      <table class="sightings">
        <thead>
          <tr>
            <th>Time</th>
            <th>Request</th>
            <th>Where</th>
            <th>Status</th>
            <th>When sent</th>
          </tr>
        </thead>
        <tbody>
          {t.sightings.map((s, i) => (
            <tr key={`${s.entry}-${s.where}-${s.name}-${i}`}>
              <td>{clockTime(s.time)}</td>
              <td class="url" title={visible(s.url)}>
                {s.entry < 0 ? 'page storage of ' : `${s.method} `}
                {visible(s.url)}
              </td>
              <td data-where={s.where}>
                {WHERE[s.where] ?? s.where} <code>{visible(s.name)}</code>{s.scheme && <> ({visible(s.scheme)})</>}
                {s.path && <code> → {visible(s.path)}</code>}
                {s.library && <span class="library"> ({visible(s.library)}{s.encrypted ? ', encrypted' : ''})</span>}
                {s.cache && (
                  <div class="cache-fields muted">
                    {s.cache.scopes && <span>scopes {visible(s.cache.scopes)} </span>}
                    {s.cache.clientId && <span>· client {visible(s.cache.clientId)} </span>}
                    {s.cache.homeAccountId && <span>· account {visible(s.cache.homeAccountId)}</span>}
                  </div>
                )}
              </td>
              <td class={s.status >= 400 ? 'bad' : ''}>{s.status || '—'}</td>
              <td class={`validity-${s.validityWhenSent}`}>{s.validityWhenSent}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hidden > 0 && <p class="muted">{hidden} more in between are counted but not listed (the first and last are kept).</p>}
    </section>
  );
}
