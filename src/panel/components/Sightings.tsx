import { visible } from '../../core/util/escape.js';
import { AREA_WORDS, type RequestPlace } from '../../core/model/places.js';
import type { TokenReport } from '../../core/model/report.js';
import { dateTime, maskUrl } from '../format.js';

const WHERE: Readonly<Record<RequestPlace, string>> = {
  'authorization-header': 'Authorization header',
  header: 'header',
  'form-field': 'form field',
  'response-body': 'token response',
  cookie: 'cookie',
  'set-cookie': 'Set-Cookie',
  query: 'URL',
  'request-body': 'request body',
};

/**
 * The requests that carried the token, numbered as in the capture (a HAR's own entries, counted from 1 as DevTools
 * and the findings' messages count them), URLs masked, then the reads of the page's storage that held it.
 */
export function Sightings({ t, raw }: { t: TokenReport; raw: string | null }) {
  const hidden = t.sightingCount - t.sightings.length;
  return (
    <section aria-labelledby="sightings-title">
      <h3 id="sightings-title">
        {t.sightings.some((s) => s.kind === 'storage')
          ? 'Requests and page storage that held it'
          : 'Requests that carried it'}{' '}
        ({t.sightingCount})
      </h3>
      <table class="sightings">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Request</th>
            <th>Where</th>
            <th>Status</th>
            <th>When sent</th>
          </tr>
        </thead>
        <tbody>
          {t.sightings.map((s, i) => {
            const url = visible(maskUrl(s.url, raw));
            return (
              <tr
                key={`${s.entry}-${s.where}-${s.name}-${i}`}
                id={`entry-${s.entry}`}
                data-entry={s.entry}
                tabIndex={-1}
              >
                <td class="num">{s.kind === 'request' ? s.entry + 1 : '—'}</td>
                <td class="when">{dateTime(s.time)}</td>
                <td class="url" title={url}>
                  {s.kind === 'storage' ? 'page storage of ' : `${s.method} `}
                  {url}
                </td>
                <td data-where={s.where}>
                  {s.kind === 'storage' ? AREA_WORDS[s.where].api : WHERE[s.where]} <code>{visible(s.name)}</code>
                  {s.kind === 'request' && s.scheme && <> ({visible(s.scheme)})</>}
                  {s.kind === 'storage' && s.path && <code> → {visible(s.path)}</code>}
                  {s.kind === 'storage' && s.library && (
                    <span class="library">
                      {' '}
                      ({visible(s.library)}
                      {s.encrypted ? ', encrypted' : ''})
                    </span>
                  )}
                  {s.kind === 'storage' && s.cache && (
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
            );
          })}
        </tbody>
      </table>
      {hidden > 0 && (
        <p class="muted">{hidden} more in between are counted but not listed (the first and last are kept).</p>
      )}
    </section>
  );
}
