/**
 * Reads of the log where reads lose requests (network.ts, `readDropsRequests`). The first one, for what DevTools
 * logged before Bearerscope's DevTools page loaded, waits for an idle page: no request finished for QUIET_MS, for as
 * long as it takes. A fixed deadline cannot hold on a busy machine, where timers run late and a page's burst
 * stretches; a page that never goes idle is told, after QUIET_NOTICE_MS, that those earlier requests wait for it.
 * Requests the DevTools page heard of itself never depend on a read.
 *
 * Any read that overlapped a request (one in flight during it, reported after it: Firefox reports requests that
 * finish during a read only after it, so the events of the next WATCH_MS are looked at too) may have lost others
 * that started meanwhile: the panel says so, naming the read's time window.
 */
import { spanOf } from './network.js';

const QUIET_MS = 250;
const QUIET_NOTICE_MS = 2000;
const WATCH_MS = 5000;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const droppedNotice = (start: number, end: number) =>
  `Firefox may have dropped requests the page sent between ${clock(start)} and ${clock(end)} UTC, while Bearerscope read its network log (Firefox stops recording during such a read): repeat what the app did, or reload the page, to list them.`;
export const WAITING_NOTICE =
  'Requests Firefox logged before Bearerscope started are read once the page has been idle for a quarter of a second (Firefox drops requests sent during such a read); requests since are listed as they come.';

export function createFirstRead(problem: (text: string) => void) {
  const openedAt = Date.now();
  let lastEventAt = openedAt;
  /** The last read's window, while requests near it are still looked for; null once the notice is given or no longer due. */
  let watched: { start: number; end: number; watchUntil: number } | null = null;
  /** The read under way: when it started, and the requests reported meanwhile. */
  let reading: { start: number; reported: unknown[] } | null = null;

  function noticeIfNear(request: unknown) {
    if (!watched || Date.now() > watched.watchUntil) return;
    const span = spanOf(request);
    if (!span || span.started > watched.end || span.ended < watched.start) return;
    const { start, end } = watched;
    watched = null;
    problem(droppedNotice(start, end));
  }

  return {
    /** onRequestFinished fired with this request. */
    finished(request: unknown) {
      lastEventAt = Date.now();
      if (reading) reading.reported.push(request);
      else noticeIfNear(request);
    },
    /** Resolves once no request has finished for QUIET_MS. */
    quietMoment: () =>
      new Promise<void>((resolve) => {
        let told = false;
        const check = () => {
          const now = Date.now();
          if (now >= lastEventAt + QUIET_MS) return resolve();
          if (!told && now >= openedAt + QUIET_NOTICE_MS) {
            told = true;
            problem(WAITING_NOTICE);
          }
          setTimeout(check, lastEventAt + QUIET_MS - now);
        };
        check();
      }),
    /** A read of the log starts now. */
    begin() {
      reading = { start: Date.now(), reported: [] };
    },
    /** The read is over; `requests` is what it found. */
    done(requests: unknown[]) {
      const end = Date.now();
      const { start, reported } = reading ?? { start: end, reported: [] };
      reading = null;
      watched = { start, end, watchUntil: end + WATCH_MS };
      for (const r of [...requests, ...reported]) noticeIfNear(r);
    },
  };
}
