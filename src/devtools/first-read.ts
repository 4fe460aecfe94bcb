/**
 * Reads of the log where reads lose requests (network.ts, `readDropsRequests`). The first one, for what DevTools
 * logged before Bearerscope's DevTools page loaded, waits for an idle page: no request finished for QUIET_MS, for as
 * long as it takes. A fixed deadline cannot hold on a busy machine, where timers run late and a page's burst
 * stretches; a page that never goes idle is told, after QUIET_NOTICE_MS, that those earlier requests wait for it.
 * Requests the DevTools page heard of itself never depend on a read.
 *
 * Any read that overlapped a request (one in flight during it, reported after it) may have lost others that started
 * meanwhile: the panel says so, naming the read's time window. Firefox reports requests that finish during a read
 * only after it, and on a loaded machine seconds after they end (those of a read that dropped 47 of a burst's
 * requests came 1.4 s after it, at a load average of 20 on 2 cores), so no wall-clock wait after the read is safe:
 * a read's window is looked at until Firefox has reported a request that started CAUGHT_UP_MS after it ended (it
 * reports requests about in the order they end, so those in flight during the read came before, unless they ran
 * that long).
 */
import { spanOf } from './network.js';

const QUIET_MS = 250;
const QUIET_NOTICE_MS = 2000;
const CAUGHT_UP_MS = 5000;
/**
 * Windows looked at, at most: reads come seconds apart and each is left once the event is past it; only while the
 * event never fires (reads every 2 s, announced as dropping requests by live-source.ts) do more pile up.
 */
const WATCHED_LIMIT = 20;

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const droppedNotice = (start: number, end: number) =>
  `Firefox may have dropped requests the page sent between ${clock(start)} and ${clock(end)} UTC, while Bearerscope read its network log (Firefox stops recording during such a read): repeat what the app did, or reload the page, to list them.`;
export const WAITING_NOTICE =
  'Requests Firefox logged before Bearerscope started are read once the page has been idle for a quarter of a second (Firefox drops requests sent during such a read); requests since are listed as they come.';

interface ReadWindow {
  start: number;
  end: number;
}

export function createFirstRead(problem: (text: string) => void) {
  const openedAt = Date.now();
  let lastEventAt = openedAt;
  /** Past reads' windows, oldest first, while a request reported later may still show that they overlapped traffic. */
  let watched: ReadWindow[] = [];
  /** The read under way: when it started, and the requests reported meanwhile. */
  let reading: { start: number; reported: unknown[] } | null = null;

  function noticeIfNear(request: unknown) {
    if (!watched.length) return;
    const span = spanOf(request);
    if (!span) return;
    const near = watched.filter((w) => span.started <= w.end && span.ended >= w.start);
    watched = watched.filter((w) => !near.includes(w) && span.started < w.end + CAUGHT_UP_MS);
    for (const { start, end } of near) problem(droppedNotice(start, end));
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
      watched = [...watched.slice(1 - WATCHED_LIMIT), { start, end }];
      for (const r of [...requests, ...reported]) noticeIfNear(r);
    },
  };
}
