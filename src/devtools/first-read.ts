/**
 * The panel's first read of the log where reads lose requests (network.ts, `readDropsRequests`): it waits for a
 * quiet moment, no request finished for QUIET_MS (the page may be in the middle of loading as the panel opens), at
 * most QUIET_MAX_MS. If the page never went quiet, or a request was in flight during the read, some may have started
 * during it and been lost: the panel says so, once. Firefox reports requests that finish during a read only after
 * it, so the events of the next BUSY_WATCH_MS are looked at too. Requests started after the read are recorded,
 * however soon: they say nothing.
 */
import { spanOf } from './network.js';

const QUIET_MS = 250;
const QUIET_MAX_MS = 2000;
const BUSY_WATCH_MS = 5000;
export const DROPPED_NOTICE = 'Firefox may have dropped requests the page sent while Bearerscope read its network log as the panel opened (Firefox stops recording during such a read): repeat what the app did, or reload the page, to list them.';

export function createFirstRead(problem: (text: string) => void) {
  const openedAt = Date.now();
  let lastEventAt = openedAt;
  /** The read's window, while requests near it are still looked for; null once the notice is given or no longer due. */
  let watched: { start: number; end: number; watchUntil: number } | null = null;

  function noticeIfNear(request: unknown) {
    if (!watched || Date.now() > watched.watchUntil) return;
    const span = spanOf(request);
    if (!span || span.started > watched.end || span.ended < watched.start) return;
    watched = null;
    problem(DROPPED_NOTICE);
  }

  return {
    /** onRequestFinished fired with this request. */
    finished(request: unknown) {
      lastEventAt = Date.now();
      noticeIfNear(request);
    },
    /** Resolves true once no request has finished for QUIET_MS, false if QUIET_MAX_MS after the panel opened it still had not. */
    quietMoment: () =>
      new Promise<boolean>((resolve) => {
        const check = () => {
          const now = Date.now();
          if (now >= lastEventAt + QUIET_MS) return resolve(true);
          if (now >= openedAt + QUIET_MAX_MS) return resolve(false);
          setTimeout(check, Math.min(lastEventAt + QUIET_MS, openedAt + QUIET_MAX_MS) - now);
        };
        check();
      }),
    /** The read ran from `start` until now, after a quiet moment or not; `requests` are those known so far. */
    done(start: number, quiet: boolean, requests: unknown[]) {
      const end = Date.now();
      if (!quiet) problem(DROPPED_NOTICE);
      else watched = { start, end, watchUntil: end + BUSY_WATCH_MS };
      for (const r of requests) noticeIfNear(r);
    },
  };
}
