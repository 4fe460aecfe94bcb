/**
 * The live capture: DevTools' network log behind the small TokenSource interface. It runs in Bearerscope's DevTools
 * page from the moment DevTools opens (devtools.ts; handoff.ts gives what it captured to the panel once the panel is
 * shown). How browsers differ is network.ts's business; this file decides when to read what, and delivers each
 * request once.
 *
 * When to read the log is a small state machine:
 *
 *   opening ──backfill()──▶ polling      the event misses requests (network.ts, `eventMissesUnreadResponses`): the
 *      │                                 log is re-read on a timer, less often as it grows, once the panel has
 *      │                                 been shown
 *      ├────backfill()──▶ checking     reads lose requests (`readDropsRequests`) and the event may never fire: the
 *      │                                 log is read only now and then, to learn whether it does
 *      ├────backfill()──▶ listening    the event can be trusted: onRequestFinished alone
 *      └────backfill()──▶ stopped      the log is past RECONCILE_LIMIT
 *
 *   checking ──an event fires──────────────────────────▶ listening  (a read now could only lose requests)
 *   checking ──a read finds requests the event missed──▶ polling    (the panel is told: the event is not working)
 *   polling, checking ──a read finds the log past RECONCILE_LIMIT──▶ stopped  (the panel is told what may be missing)
 *   stopped, checking ──navigation──▶ polling, checking afresh, or listening, as after the backfill
 *
 * `opening` reads what DevTools logged before the DevTools page loaded (usually nothing: both start with DevTools,
 * but an extension reloaded with DevTools open comes to a full log). Where reads lose requests it first waits for an
 * idle page (first-read.ts), for as long as that takes. Requests the event reports meanwhile are delivered at once;
 * the read leaves out those already delivered, so that each is delivered once.
 *
 * Beside all this, in Chrome, once the user has granted access to the inspected site from the panel (the late
 * notice offers it), a request to that site can come from its headers as it completes (header-feed.ts), long before
 * a read of a large log finds it. The states above do not change: the log is still read, as the safety net for
 * what the feed misses (other sites, a worker Chrome stopped). twins.ts pairs the two sightings of a request.
 */
import { entryKey, wantsResponseBody } from '../core/har/capture.js';
import { plural } from '../core/util/plural.js';
import type { NoticeAction, SourceProblem, TokenSource } from '../panel/source.js';
import { createFirstRead } from './first-read.js';
import { WATCH_HEADERS, headerEntry } from './header-feed.js';
import { entryOf, openNetwork, spanOf, type DevtoolsNetwork } from './network.js';
import { createTwins, listedFromHeaders } from './twins.js';
import { devtoolsTheme } from './theme.js';

/**
 * Chrome never answers getContent for some requests read from getHAR() (their body was never read): do not wait
 * longer than this. Long enough for a loaded machine, where an answer took over 1.5 s; the panel is told when it
 * gives up.
 */
const CONTENT_TIMEOUT_MS = 5000;
/**
 * A read costs about 0.1 ms per request in the log (1,000 requests ≈ 100 ms, 10,000 ≈ 1 s, measured on Chromium 156),
 * so while polling it is repeated often while the log is small and the panel visible, and spends at most a quarter
 * of the time reading, however large the log; a tenth while the panel is hidden (and none before it is first shown).
 * Where reads lose requests it is repeated as seldom as when the panel is hidden.
 */
const REREAD_MIN_MS = 200;
const REREAD_SHARE = 4;
const REREAD_HIDDEN_MS = 2000;
const REREAD_HIDDEN_SHARE = 10;
/**
 * A read holds up the requests the event brings for as long as it lasts (the whole log crosses into this page: some
 * 3 s for 10,000 requests on a loaded 2-core machine, measured on Chromium 156). One longer than LATE_MS comes
 * REREAD_STALL_SHARE times its duration after the last, so that fewer than 5 % of the requests the event brings can
 * be held up, and then waits for a pause in the page's traffic (no request finished for IDLE_MS), as long again at
 * most. Read every four times its duration, as a small log is, it held up the rows of answers the page reads by up
 * to 4 s (p95, measured on Chromium 156 with 10,000 requests in the log).
 */
const REREAD_STALL_SHARE = 25;
/**
 * Below this many requests a read is slow only because the machine is (a busy CI runner, a starved tab): spacing it
 * out would leave a small log's unread 401 unlisted for many seconds for no gain, so the stall rule waits for a log
 * this large, where a read costs ~0.1 ms a request whatever the load.
 */
const STALL_LOG_SIZE = 2000;
const IDLE_MS = 300;
/** Past this pace, requests only a read finds come later than the panel's target: the panel says by how much. */
const LATE_MS = 500;
/**
 * While checking, the log is read this long after the panel opened or the page navigated, then at doubling
 * intervals up to a minute. Where the event reports unread responses too, a working event leaves nothing to find.
 */
const SILENT_CHECK_MS = 5000;
const SILENT_CHECK_MAX_MS = 60_000;
/**
 * How long a request from its headers waits for DevTools' event before it is listed from them: the event's entry is
 * richer (timings, the body when one is read), and for an answer the page reads it comes within milliseconds.
 */
const HEADERS_WAIT_MS = 150;
/** A token response missing from the events this long after it started is read from the HAR, body included. */
const BODY_SETTLE_MS = 1000;
/**
 * A request that never got a response (refused, aborted) is taken from the HAR once it is this old; where the log
 * marks failures (network.ts, `logMarksFailures`), one without that mark is under way and waits for its answer.
 */
const SETTLE_MS = 2000;
/**
 * Past this many requests in the log, re-reading the whole HAR costs more than it saves: each read copies every
 * request (about 15 KB each with token headers, so a read of 20,000 briefly holds some 300 MB), so the capture then
 * relies on onRequestFinished alone until a navigation clears the log, and says what that misses.
 */
export const RECONCILE_LIMIT = 20_000;
/** How many delivered requests are remembered for de-duplication: the HAR re-read never covers more than the limit. */
export const SEEN_LIMIT = 2 * RECONCILE_LIMIT;
/**
 * Problems without a topic each stand alone (a Firefox read's time window): past this many, they are counted in one
 * notice instead, so that a page cannot bury the panel in notices.
 */
const DISTINCT_PROBLEMS = 50;

/**
 * `visibilityChanged`: the panel was shown or hidden (the pace of re-reads follows). `catchUp`: the panel is about to
 * take what was captured; where the log is polled, it is read first, so that the panel starts with what only the log
 * holds too.
 */
export type LiveSource = TokenSource & { visibilityChanged(): void; catchUp(): Promise<void> };

type State =
  | { name: 'opening' }
  | { name: 'polling' }
  /** `nextMs`: how long after the check now scheduled the one after it comes. */
  | { name: 'checking'; nextMs: number }
  | { name: 'listening' }
  | { name: 'stopped' };

interface Answer {
  response?: { status?: unknown; _error?: unknown };
}
const answered = (raw: unknown) => {
  const status = (raw as Answer | null)?.response?.status;
  return typeof status === 'number' && status > 0;
};

/**
 * What a delivered request is remembered by. One taken from the log without an answer (Firefox's log can list a
 * request before its answer) is remembered apart, so that the same request answered, read later, is delivered too:
 * listed twice rather than its 401 never listed.
 */
function seenKey(raw: unknown): string {
  return answered(raw) ? entryKey(raw) : `${entryKey(raw)}\u0000unanswered`;
}

/** The late notice's topic: each new estimate replaces the last. */
const LATE = { topic: 'late' };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createLiveSource(
  network: DevtoolsNetwork = openNetwork(),
  isVisible: () => boolean = () => globalThis.document?.visibilityState !== 'hidden',
): LiveSource {
  let state: State = { name: 'opening' };
  /** Learned once and kept: the event misses requests, so the log must be polled (a navigation does not undo it). */
  let polls = network.eventMissesUnreadResponses;
  let eventSeen = false;
  /** How many requests the last successful read of the log held. */
  let logSize = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the scheduled read is due (Infinity: none is). */
  let dueAt = Infinity;
  /** When reads stall the capture: the latest the next one waits for a pause in the page's traffic (0: it does not wait). */
  let readBy = 0;
  let lastEventAt = 0;
  /** The read under way. */
  let inFlight: Promise<void> | null = null;
  /**
   * Re-reads for unread answers wait until the panel has been shown once: its first showing reads the log, and until
   * then someone who never chooses the tab pays nothing for it.
   */
  let everVisible = isVisible();
  // Keys of the requests delivered, oldest first (a Set keeps insertion order), at most SEEN_LIMIT of them.
  const seen = new Set<string>();
  const listeners: Array<(entry: unknown) => void> = [];
  const navigationListeners: Array<(url: string) => void> = [];
  const problemListeners: Array<(problem: SourceProblem) => void> = [];
  const feed = network.headerFeed();
  const twins = createTwins();
  /** Texts said without a topic; the last text said of each topic; how many past DISTINCT_PROBLEMS went unsaid. */
  const reported = new Set<string>();
  const latest = new Map<string, string>();
  let unlisted = 0;
  /** The late notice's last text, before what the header feed adds to it. */
  let lateText: string | null = null;
  /** Responses whose body did not come (too slow, or an error), by topic. */
  const unreadBodies = new Map<string, number>();

  const remember = (key: string) => {
    seen.add(key);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value as string);
  };
  const say = (p: SourceProblem) => problemListeners.forEach((l) => l(p));
  /**
   * Says what failed or may be missing: once per distinct text, or, with a topic, whenever what is said of it
   * changes (a failing re-read must not flood the panel, and a count that grows must be seen to).
   */
  const problem = (text: string, { topic, action }: { topic?: string; action?: NoticeAction } = {}) => {
    const at = Date.now();
    const said: SourceProblem = { text, at, ...(topic === undefined ? {} : { topic }), ...(action ? { action } : {}) };
    if (topic !== undefined) {
      if (latest.get(topic) === text) return;
      latest.set(topic, text);
      return say(said);
    }
    if (reported.has(text)) return;
    if (reported.size < DISTINCT_PROBLEMS) {
      reported.add(text);
      return say(said);
    }
    unlisted++;
    say({
      text: `${plural(unlisted, 'more problem')} of this capture ${unlisted === 1 ? 'is' : 'are'} not shown one by one (the latest: ${text})`,
      at,
      topic: 'more-problems',
    });
  };
  /** One more response whose body did not come: said as a count, with the latest request's address. */
  const bodyLost = (topic: 'body-timeout' | 'body-error', url: string, why: string) => {
    const n = (unreadBodies.get(topic) ?? 0) + 1;
    unreadBodies.set(topic, n);
    const address = url.split('?')[0];
    const what = n === 1 ? `The response of ${address}` : `The responses of ${n} requests (the latest: ${address})`;
    problem(`${what} ${why}: tokens in ${n === 1 ? 'it are' : 'them are'} not listed.`, { topic });
  };
  /** A request from DevTools (its event or its log). */
  const deliver = (entry: unknown) => {
    const key = seenKey(entry);
    if (seen.has(key)) return;
    remember(key);
    if (feed && !twins.devtoolsFirst(entry)) return;
    listeners.forEach((l) => l(entry));
  };
  feed?.onRecord((record) => {
    const entry = headerEntry(record);
    if (!listedFromHeaders(entry)) return;
    setTimeout(() => {
      if (!twins.headersFirst(entry)) return;
      remember(entryKey(entry));
      listeners.forEach((l) => l(entry));
    }, HEADERS_WAIT_MS);
  });
  feed?.onGranted(() => {
    void feed
      .inspectedOrigin()
      .then((origin) =>
        problem(
          `Bearerscope now lists the requests to ${origin ?? 'the granted site'} as they complete, from their headers, whether the page reads their answers or not.`,
        ),
      );
    // The late notice on screen still offers the grant: said again, it says what the grant changed.
    if (lateText) void offerHeaders(lateText);
  });
  const firstRead = createFirstRead(problem);

  /** A plain entry, with the response body when it may hold tokens (a token endpoint's JSON answer). */
  async function toEntry(request: unknown): Promise<Record<string, unknown>> {
    const entry = entryOf(request);
    if (!wantsResponseBody(entry)) return entry;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timeout = setTimeout(() => resolve('timeout'), CONTENT_TIMEOUT_MS)),
    );
    const url = String((entry.request as { url?: unknown } | undefined)?.url ?? '');
    try {
      const content = await Promise.race([network.getContent(request), timedOut]);
      if (content === 'timeout') {
        bodyLost('body-timeout', url, `did not come from DevTools within ${CONTENT_TIMEOUT_MS / 1000} s`);
        return entry;
      }
      if (content) {
        const response = { ...(entry.response as Record<string, unknown>) };
        response.content = {
          ...(response.content as Record<string, unknown>),
          text: content.text,
          ...(content.base64 ? { encoding: 'base64' } : {}),
        };
        entry.response = response;
      }
    } catch (err) {
      bodyLost('body-error', url, `could not be read (${message(err)})`);
    } finally {
      clearTimeout(timeout);
    }
    return entry;
  }

  const schedule = (ms: number) => {
    clearTimeout(timer);
    dueAt = Date.now() + ms;
    timer = setTimeout(() => void readOnce(), ms);
  };
  const readOnce = () => (inFlight ??= reread().finally(() => (inFlight = null)));

  const poll = (ms: number) => {
    if (everVisible) return schedule(ms);
    clearTimeout(timer);
    dueAt = Infinity;
  };

  /** Enters a state, and schedules the read it starts with. */
  function enter(next: State) {
    state = next;
    if (next.name === 'polling') poll(REREAD_MIN_MS);
    else if (next.name === 'checking') check();
    else clearTimeout(timer);
  }
  /** Where the capture goes once the log may be read: see the diagram above. */
  function reading(): State {
    if (polls) return { name: 'polling' };
    return eventSeen || !network.eventMayStaySilent
      ? { name: 'listening' }
      : { name: 'checking', nextMs: SILENT_CHECK_MS };
  }
  function check() {
    if (state.name !== 'checking') return;
    schedule(state.nextMs);
    state.nextMs = Math.min(2 * state.nextMs, SILENT_CHECK_MAX_MS);
  }

  network.onRequestFinished((request) => {
    eventSeen = true;
    lastEventAt = Date.now();
    if (state.name === 'checking') enter({ name: 'listening' });
    firstRead.finished(request);
    void toEntry(request).then(deliver);
  });

  /** Listed without an answer in a log that marks failures, and not marked: its answer is still to come. */
  const underWay = (raw: unknown) =>
    network.logMarksFailures && !answered(raw) && !(raw as Answer | null)?.response?._error;

  /**
   * Which requests of the log to take now: answered ones at once, token responses once the event had its chance,
   * failed ones once settled, and none still under way (taken then, it would be listed again once answered).
   */
  function due(raw: unknown, now: number): boolean {
    if (underWay(raw)) return false;
    const span = spanOf(raw);
    const age = span ? now - span.ended : Infinity;
    // Where the log lists requests before their response is filled in, only settled ones are taken.
    if (!answered(raw) || network.logListsUnfinishedRequests) return age >= SETTLE_MS;
    return wantsResponseBody(entryOf(raw)) ? age >= BODY_SETTLE_MS : true;
  }

  async function reread() {
    if (state.name !== 'polling' && state.name !== 'checking') return;
    const started = Date.now();
    if (started < readBy && started - lastEventAt < IDLE_MS) return schedule(Math.min(IDLE_MS, readBy - started));
    readBy = 0;
    let readMs: number | null = null;
    try {
      if (network.readDropsRequests) firstRead.begin();
      const entries = await network.getHAR();
      // What a read holds up is the log crossing into this page; bodies are then awaited without holding up
      // anything, and one Chrome never gives (CONTENT_TIMEOUT_MS) must not pace the reads as a 5 s read would.
      readMs = Date.now() - started;
      if (network.readDropsRequests) firstRead.done(entries);
      logSize = entries.length;
      const now = Date.now();
      // The key read from the browser's object by name: the whole entry is copied only for requests not seen yet.
      const missed = entries.filter((e) => !seen.has(seenKey(e)) && due(e, now));
      const got = await Promise.all(missed.map(toEntry));
      for (const e of got) deliver(e);
      // Requests that reached the log while the event stayed silent say it is not working here.
      if (state.name === 'checking' && got.length > 0) {
        polls = true;
        state = { name: 'polling' }; // not `enter`: afterRead schedules the next read, at the pace this one set
        problem(
          'Firefox is not reporting requests to Bearerscope as they finish (it may need the Network panel opened once in this toolbox); they are read from its log every few seconds instead, and Firefox drops requests that arrive during such a read.',
        );
      }
    } catch (err) {
      problem(
        `Could not read DevTools' network log (${message(err)}): requests may be missing until it can be read again.`,
        { topic: 'log-read' },
      );
    }
    afterRead(readMs ?? Date.now() - started);
  }

  /** What to do after a read: stop, poll again, or check again whether the event is silent. */
  function afterRead(spent: number) {
    if (logSize > RECONCILE_LIMIT) stop();
    else if (state.name === 'polling') {
      const fast = isVisible() && !network.readDropsRequests;
      const stalls = spent > LATE_MS && logSize >= STALL_LOG_SIZE;
      const share = stalls ? REREAD_STALL_SHARE : fast ? REREAD_SHARE : REREAD_HIDDEN_SHARE;
      const next = Math.max(fast ? REREAD_MIN_MS : REREAD_HIDDEN_MS, share * spent);
      if (stalls) readBy = Date.now() + 2 * next;
      if (fast && next > LATE_MS) lateNotice(next + spent, stalls ? 2 * next + spent : 0);
      poll(next);
    } else check();
  }
  /**
   * `idle`: how late while the page is quiet; `busy`: while it keeps sending (0: no different). In whole seconds and
   * thousands, so that a log growing by a few requests does not make a new notice at every read.
   */
  function lateNotice(idle: number, busy: number) {
    const s = (ms: number) => `${Math.ceil(ms / 1000)} s`;
    const size = (Math.round(logSize / 1000) * 1000).toLocaleString('en');
    const late =
      busy > idle
        ? `up to ${s(idle)} late, or ${s(busy)} while the page keeps sending requests`
        : `up to ${s(idle)} late`;
    // A small log read slowly is the machine's doing: its size would explain nothing ("some 0 requests").
    const why =
      logSize >= STALL_LOG_SIZE
        ? `which holds some ${size} requests, and each read of it copies the whole log`
        : 'whose reads are slow on this machine just now';
    const text = `An answer the page never reads (an ignored 401, a call whose answer is dropped) may be listed ${late}: Chromium reports it only in DevTools' log, ${why}.`;
    if (!feed) return problem(text, LATE);
    lateText = text;
    void offerHeaders(text);
  }
  /** The late notice, with the offer to list the inspected site's requests from their headers until it is taken. */
  async function offerHeaders(text: string) {
    const origin = await feed!.inspectedOrigin().catch(() => null);
    if (!origin) return problem(text, LATE);
    if (await feed!.granted(origin))
      return problem(
        `${text} Requests to ${origin} are listed at once from their headers; those to other sites are not.`,
        LATE,
      );
    problem(
      `${text} Bearerscope can list the requests to ${origin} as they complete, from their headers, if you let it see that site's requests (Chrome asks you; nothing is sent anywhere).`,
      { ...LATE, action: { id: WATCH_HEADERS, label: `Let Bearerscope see requests to ${origin}`, arg: origin } },
    );
  }
  function stop() {
    enter({ name: 'stopped' });
    if (network.eventMissesUnreadResponses)
      problem(
        `DevTools' log holds more than ${RECONCILE_LIMIT.toLocaleString('en')} requests, too many to read again (each read copies it whole): from now on an answer the page never reads (an ignored 401, a call whose answer is dropped) is not listed, until the page navigates or DevTools' log is cleared.`,
      );
  }

  return {
    async backfill() {
      let entries: unknown[] = [];
      if (network.readDropsRequests) {
        await firstRead.quietMoment();
        firstRead.begin();
      }
      try {
        entries = await network.getHAR();
      } catch (err) {
        problem(`Could not read the requests DevTools held before Bearerscope started (${message(err)}).`, {
          topic: 'backfill',
        });
      }
      if (network.readDropsRequests) firstRead.done(entries);
      logSize = entries.length;
      // Requests the event has delivered meanwhile are left out: each is delivered once. One still under way comes
      // once it ends, from the event or a later read.
      const plain = (
        await Promise.all(entries.filter((e) => !underWay(e) && !seen.has(seenKey(e))).map(toEntry))
      ).filter((e) => !seen.has(seenKey(e)));
      for (const e of plain) remember(seenKey(e));
      if (logSize > RECONCILE_LIMIT) stop();
      else enter(reading());
      return feed ? plain.filter((e) => twins.devtoolsFirst(e)) : plain;
    },
    onEntry: (listener) => listeners.push(listener),
    onNavigated: (listener) => {
      if (!navigationListeners.length) {
        network.onNavigated((url) => {
          // A navigation usually empties DevTools' log: re-reading it may be cheap again, and the new page's
          // requests tell whether the event fires.
          if (state.name === 'stopped' || state.name === 'checking') enter(reading());
          navigationListeners.forEach((l) => l(url));
        });
      }
      navigationListeners.push(listener);
    },
    onProblem: (listener) => problemListeners.push(listener),
    async catchUp() {
      if (state.name !== 'polling') return;
      everVisible = true;
      readBy = 0;
      clearTimeout(timer);
      await readOnce();
    },
    visibilityChanged() {
      if (!isVisible()) return;
      everVisible = true;
      // A read scheduled at the hidden pace, or none yet, must not keep a panel just shown waiting.
      if (state.name === 'polling' && dueAt > Date.now() + REREAD_MIN_MS) schedule(REREAD_MIN_MS);
    },
    ...devtoolsTheme,
  };
}
