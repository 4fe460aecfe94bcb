import { entryName } from '../../core/model/entry.js';
import { FINDING_TITLES, type ReportFinding } from '../../core/model/findings.js';
import { visible } from '../../core/util/escape.js';
import { plural } from '../../core/util/plural.js';
import { useStore } from '../context.js';
import { compactTime, localDay } from '../format.js';
import type { Notice } from '../store/notices.js';

/**
 * Notices shown whole: earlier ones wait behind a "N earlier notices" line, so that a narrow panel keeps its list;
 * one that offers an action (its button) is shown whatever its age.
 */
const NOTICES_SHOWN = 2;

/**
 * A banner's title: the finding's, made particular where two banners of one code would otherwise read the same
 * (which secret, and where the page kept it; which error the server answered).
 */
export function bannerTitle(f: ReportFinding): string {
  if (f.code === 'secret-in-browser' && f.provider) {
    const place = f.entry < 0 ? `kept in ${f.place ?? 'page storage'}` : 'in the browser';
    return `${f.provider} ${place}`;
  }
  if (f.serverError) return `${FINDING_TITLES[f.code]}: ${f.serverError.key}`;
  return FINDING_TITLES[f.code];
}

function NoticeBanner({ notice }: { notice: Notice }) {
  const store = useStore();
  return (
    <div
      class={`banner banner-${notice.kind === 'error' ? 'error' : 'info'}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-notice={notice.kind}
    >
      <time class="muted" dateTime={new Date(notice.at).toISOString()}>
        {compactTime(notice.at, localDay(store.now.value))}
      </time>
      <span>{visible(notice.text)}</span>
      {notice.action && (
        <button type="button" data-action={notice.action.id} onClick={() => store.act(notice.action!)}>
          {visible(notice.action.label)}
        </button>
      )}
      <button type="button" class="link" onClick={() => store.dismiss(notice)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/**
 * Notices (what the capture could not do or may have missed, what an import did), newest first, then findings about
 * the whole capture (clock skew, a client secret, OAuth errors).
 */
export function Banners() {
  const store = useStore();
  const notices = store.notices.value;
  const dropped = store.noticesDropped.value;
  const { findings, notes } = store.report.value;
  if (!notices.length && !findings.length && !notes.length) return null;
  const shown = notices.filter((n, i) => i < NOTICES_SHOWN || n.action);
  const earlier = notices.filter((n) => !shown.includes(n));
  return (
    <section class="banners" aria-label="Capture-wide findings">
      {shown.map((n) => (
        <NoticeBanner key={n.topic ?? n.text} notice={n} />
      ))}
      {(earlier.length > 0 || dropped > 0) && (
        <details class="banner banner-info notices-earlier">
          <summary>
            {plural(earlier.length + dropped, 'earlier notice')}
            {dropped > 0 && ` (the oldest ${dropped} no longer kept)`}
          </summary>
          {earlier.map((n) => (
            <NoticeBanner key={n.topic ?? n.text} notice={n} />
          ))}
        </details>
      )}
      {findings.map((f) => (
        <details
          key={`${f.code}-${f.entry}-${f.message.slice(0, 80)}`}
          class={`banner banner-${f.severity}`}
          data-code={f.code}
        >
          <summary>
            <strong>{visible(bannerTitle(f))}</strong>
            {/* A secret kept in storage has its place in the title already. */}
            {!(f.entry < 0 && f.provider) && (
              <span class="muted">
                {' '}
                ({f.entry < 0 ? visible(f.place ?? 'page storage') : visible(entryName(f.entry, f.file))})
              </span>
            )}
          </summary>
          <p>{visible(f.message)}</p>
        </details>
      ))}
      {notes.length > 0 && (
        <details class="banner banner-info">
          <summary>{plural(notes.length, 'note')} about the input</summary>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{visible(n)}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
