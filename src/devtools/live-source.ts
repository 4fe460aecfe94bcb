/**
 * The panel's live source: DevTools' network log behind the small TokenSource interface. How browsers differ is
 * network.ts's business; this file decides when to read what, and delivers each request once.
 */
import browser from 'webextension-polyfill';
import { entryKey, wantsResponseBody } from '../core/har/capture.js';
import type { ThemeName, TokenSource } from '../panel/source.js';
import { entryOf, openNetwork, type DevtoolsNetwork } from './network.js';

/** Chrome never answers getContent for some requests read from getHAR() (their body was never read): do not wait. */
const CONTENT_TIMEOUT_MS = 1500;
/**
 * Chromium fires onRequestFinished only once the page has read a response's body, so a response the page ignores
 * (a 401 it does not look into, a fire-and-forget call) reaches the panel only by re-reading the HAR. A read costs
 * about 0.1 ms per request in the log (1,000 requests ≈ 100 ms, 10,000 ≈ 1 s, measured on Chromium 156), so it is
 * repeated often while the log is small and the panel visible, and spends at most a quarter of the time reading.
 */
const REREAD_MIN_MS = 200;
const REREAD_SHARE = 4;
const REREAD_HIDDEN_MS = 2000;
/**
 * Where a read of the log loses the requests that arrive during it (Firefox: network.ts, `readDropsRequests`), the
 * log is read when the panel opens and afterwards only to learn whether onRequestFinished fires at all: while no
 * event has come, the log is read this long after the panel opened or the page navigated, then at doubling
 * intervals up to a minute. Requests found there mean the event is not working, and the log is then polled, the
 * lesser evil. Firefox reports unread responses to the event too, so a working event leaves nothing to poll for.
 */
const SILENT_CHECK_MS = 5000;
const SILENT_CHECK_MAX_MS = 60_000;
/**
 * Where reads lose requests, the panel's first read of the log waits for a quiet moment: no request finished for
 * QUIET_MS (the page may be in the middle of loading as the panel opens), at most QUIET_MAX_MS. If the page never went
 * quiet, or a request was in flight during the read, some may have started during it and been lost: the panel says
 * so. Firefox reports requests that finish during a read only after it, so the events of the next BUSY_WATCH_MS are
 * looked at too. Requests started after the read are recorded, however soon: they say nothing.
 */
const QUIET_MS = 250;
const QUIET_MAX_MS = 2000;
const BUSY_WATCH_MS = 5000;
const DROPPED_NOTICE = 'Firefox may have dropped requests the page sent while Bearerscope read its network log as the panel opened (Firefox stops recording during such a read): repeat what the app did, or reload the page, to list them.';
/** A token response missing from the events this long after it started is read from the HAR, body included. */
const BODY_SETTLE_MS = 1000;
/** A request that never got a response (refused, aborted) is taken from the HAR once it is this old. */
const SETTLE_MS = 2000;
/**
 * Past this many requests in the log, re-reading the whole HAR costs more than it saves: each read copies every
 * request into the panel (about 15 KB each with token headers, so a read of 10,000 briefly holds some 150 MB), so
 * the panel then relies on onRequestFinished alone until a navigation clears the log.
 */
export const RECONCILE_LIMIT = 10_000;
/** How many delivered requests are remembered for de-duplication: the HAR re-read never covers more than the limit. */
export const SEEN_LIMIT = 2 * RECONCILE_LIMIT;

const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : 'light');
/** When a request started and ended (epoch ms), from its HAR fields; null when its start cannot be read. */
function spanOf(request: unknown): { started: number; ended: number } | null {
  const e = entryOf(request) as { startedDateTime?: unknown; time?: unknown };
  const started = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  if (!Number.isFinite(started)) return null;
  return { started, ended: started + (typeof e.time === 'number' && e.time > 0 ? e.time : 0) };
}
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createLiveSource(network: DevtoolsNetwork = openNetwork(), isVisible: () => boolean = () => globalThis.document?.visibilityState !== 'hidden'): TokenSource {
  // Keys of the requests delivered, oldest first (a Set keeps insertion order), at most SEEN_LIMIT of them.
  const seen = new Set<string>();
  let backfilled = false;
  let eventCount = 0;
  /** Whether the log is re-read on a timer: always where reading is harmless, else only once the event proved silent. */
  let polling = !network.readDropsRequests;
  let silentCheckMs = SILENT_CHECK_MS;
  const early: unknown[] = [];
  const listeners: Array<(entry: unknown) => void> = [];
  const problemListeners: Array<(text: string) => void> = [];
  const reported = new Set<string>();

  const remember = (key: string) => {
    seen.add(key);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
  };
  /** Says what failed, once per distinct message (a failing re-read must not flood the panel). */
  const problem = (text: string) => {
    if (reported.has(text) || reported.size > 50) return;
    reported.add(text);
    problemListeners.forEach((l) => l(text));
  };

  const deliver = (entry: unknown) => {
    const key = entryKey(entry);
    if (seen.has(key)) return;
    remember(key);
    listeners.forEach((l) => l(entry));
  };

  /** A plain entry, with the response body when it may hold tokens (a token endpoint's JSON answer). */
  async function toEntry(request: unknown): Promise<Record<string, unknown>> {
    const entry = entryOf(request);
    if (!wantsResponseBody(entry)) return entry;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CONTENT_TIMEOUT_MS)));
    const url = String((entry.request as { url?: unknown } | undefined)?.url ?? '');
    try {
      const content = await Promise.race([network.getContent(request), timeout]);
      if (content === 'timeout') return entry; // Chrome: the page never read this body, DevTools cannot give it
      if (content) {
        const response = { ...(entry.response as Record<string, unknown>) };
        response.content = { ...(response.content as Record<string, unknown>), text: content.text, ...(content.base64 ? { encoding: 'base64' } : {}) };
        entry.response = response;
      }
    } catch (err) {
      problem(`Could not read the response of ${url.split('?')[0]} (${message(err)}): tokens in it are not listed.`);
    } finally {
      clearTimeout(timer);
    }
    return entry;
  }

  /** The first read's window, while requests near it are still looked for; null once the notice is given or no longer due. */
  let firstRead: { start: number; end: number; watchUntil: number } | null = null;
  function noticeIfNearFirstRead(request: unknown) {
    if (!firstRead || Date.now() > firstRead.watchUntil) return;
    const span = spanOf(request);
    if (!span || span.started > firstRead.end || span.ended < firstRead.start) return;
    firstRead = null;
    problem(DROPPED_NOTICE);
  }

  const openedAt = Date.now();
  let lastEventAt = openedAt;
  /** Resolves true once no request has finished for QUIET_MS, false if QUIET_MAX_MS after the panel opened it still had not. */
  const quietMoment = () =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        const now = Date.now();
        if (now >= lastEventAt + QUIET_MS) return resolve(true);
        if (now >= openedAt + QUIET_MAX_MS) return resolve(false);
        setTimeout(check, Math.min(lastEventAt + QUIET_MS, openedAt + QUIET_MAX_MS) - now);
      };
      check();
    });

  network.onRequestFinished((request) => {
    eventCount++;
    lastEventAt = Date.now();
    noticeIfNearFirstRead(request);
    void toEntry(request).then((entry) => (backfilled ? deliver(entry) : early.push(entry)));
  });

  let lastCount = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void reread(), ms);
  };

  /** Which requests of the log to take now: answered ones at once, token responses once the event had its chance. */
  function due(raw: unknown, now: number): boolean {
    const e = entryOf(raw) as { response?: { status?: unknown } };
    const span = spanOf(raw);
    const age = span ? now - span.ended : Infinity;
    const answered = typeof e.response?.status === 'number' && e.response.status > 0;
    // Firefox's log can hold a request before its headers are filled in: there only settled requests are taken.
    if (!answered || network.isFirefox) return age >= SETTLE_MS;
    return wantsResponseBody(e) ? age >= BODY_SETTLE_MS : true;
  }

  function silentCheck() {
    schedule(silentCheckMs);
    silentCheckMs = Math.min(2 * silentCheckMs, SILENT_CHECK_MAX_MS);
  }

  /** What to do after a read: poll, check again whether the event is silent, or nothing. */
  function next(spent: number) {
    if (lastCount > RECONCILE_LIMIT) {
      stopped = true;
    } else if (polling) {
      const fast = isVisible() && !network.isFirefox;
      schedule(fast ? Math.max(REREAD_MIN_MS, REREAD_SHARE * spent) : Math.max(REREAD_HIDDEN_MS, 10 * spent));
    } else if (eventCount === 0) {
      silentCheck();
    }
  }

  async function reread() {
    // Once the event has fired, a read where reads lose requests could only do harm.
    if (stopped || (!polling && eventCount > 0)) return;
    const started = Date.now();
    try {
      const entries = await network.getHAR();
      lastCount = entries.length;
      const now = Date.now();
      const missed = entries.filter((e) => !seen.has(entryKey(entryOf(e))) && due(e, now));
      const got = await Promise.all(missed.map(toEntry));
      for (const e of got) deliver(e);
      // MDN says Firefox fires the event only once the Network panel has been opened in the toolbox (on ESR 153 it
      // fires without). Requests that reached the log while the event stayed silent say it is not working here.
      if (!polling && eventCount === 0 && got.length > 0) {
        polling = true;
        problem('Firefox is not reporting requests to Bearerscope as they finish (it may need the Network panel opened once in this toolbox); they are read from its log every few seconds instead, and Firefox drops requests that arrive during such a read.');
      }
    } catch (err) {
      problem(`Could not read DevTools' network log (${message(err)}): requests may be missing until it can be read again.`);
    }
    next(Date.now() - started);
  }

  return {
    async backfill() {
      let entries: unknown[] = [];
      const quiet = network.readDropsRequests ? await quietMoment() : true;
      const start = Date.now();
      try {
        entries = await network.getHAR();
      } catch (err) {
        problem(`Could not read the requests DevTools held before the panel opened (${message(err)}).`);
      }
      if (network.readDropsRequests) {
        const end = Date.now();
        if (!quiet) problem(DROPPED_NOTICE);
        else firstRead = { start, end, watchUntil: end + BUSY_WATCH_MS };
        for (const e of [...entries, ...early]) noticeIfNearFirstRead(e);
      }
      lastCount = entries.length;
      const plain = await Promise.all(entries.map(toEntry));
      for (const e of plain) remember(entryKey(e));
      const late = early.filter((e) => !seen.has(entryKey(e)));
      for (const e of late) remember(entryKey(e));
      backfilled = true;
      if (lastCount > RECONCILE_LIMIT) stopped = true;
      else if (polling) schedule(REREAD_MIN_MS);
      else silentCheck();
      return [...plain, ...late];
    },
    onEntry: (listener) => listeners.push(listener),
    onNavigated: (listener) =>
      network.onNavigated((url) => {
        // A navigation usually empties DevTools' log: re-reading it may be cheap again. Where reads lose requests
        // and the event has not fired yet, the new page's requests tell whether it fires.
        if (backfilled && (stopped || (!polling && eventCount === 0))) {
          stopped = false;
          silentCheckMs = SILENT_CHECK_MS;
          if (polling) schedule(REREAD_MIN_MS);
          else silentCheck();
        }
        listener(url);
      }),
    onProblem: (listener) => problemListeners.push(listener),
    theme: () => themeOf(browser.devtools.panels.themeName),
    onThemeChanged: (listener) => {
      const panels = browser.devtools.panels as unknown as { onThemeChanged?: { addListener(l: (name: string) => void): void } };
      panels.onThemeChanged?.addListener((name) => listener(themeOf(name)));
    },
  };
}
