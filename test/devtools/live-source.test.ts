// The live source driven through the REAL webextension-polyfill over a fake of what the browser gives a DevTools
// page (fake-devtools.ts): Chrome 150 (no `browser`, callbacks only), Chrome 156 (native `browser`, promises) and
// Firefox. Each test loads the polyfill afresh over its browser, as each DevTools page does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceProblem, TokenSource } from '../../src/panel/source.js';
import { installFakeDevtools, type Flavour } from './fake-devtools.js';

const START = Date.parse('2026-11-22T10:00:00Z');
const TOKEN_ENDPOINT = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token';
const TOKEN_BODY =
  '{"token_type":"Bearer","scope":"Orders.Read","expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGk6Ly9vcmRlcnMiLCJzY3AiOiJPcmRlcnMuUmVhZCJ9.c2lnbmF0dXJl","refresh_token":"0.AXkAv4j5cvGGr0GRqy180BHbR3UXdG7rvkNIn_TmajpmEuNwAGk.AgABAAEAAAD"}';

/** A HAR entry as DevTools shapes it, `started` ms after START. */
function entry(
  started: number,
  url: string,
  {
    status = 200,
    mimeType = 'application/json; charset=utf-8',
    token = `eyJhbGciOiJub25lIn0.eyJuIjo${started}fQ.`,
  } = {},
) {
  return {
    startedDateTime: new Date(START + started).toISOString(),
    time: 12,
    request: {
      method: url === TOKEN_ENDPOINT ? 'POST' : 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers: url === TOKEN_ENDPOINT ? [] : [{ name: 'Authorization', value: `Bearer ${token}` }],
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Cache-Control', value: 'no-store' }],
      cookies: [],
      content: { size: TOKEN_BODY.length, mimeType },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  };
}
const api = (n: number, status = 200) =>
  entry(n, `https://contoso.sharepoint.com/sites/dev/_api/web?n=${n}`, { status });

let fake: ReturnType<typeof installFakeDevtools>;
let source: TokenSource;
let live: any[];
let problems: string[];
let isFirefox = false;

async function open(flavour: Flavour) {
  fake = installFakeDevtools(flavour);
  isFirefox = flavour === 'firefox';
  vi.resetModules(); // the polyfill decides at import which browser it runs in
  const { createLiveSource } = await import('../../src/devtools/live-source.js');
  source = createLiveSource();
  live = [];
  problems = [];
  source.onEntry((e) => live.push(e));
  source.onProblem?.((p) => problems.push(p.text));
  source.onNavigated(() => {});
  return createLiveSource;
}
/** Firefox's first read waits for a quiet moment (250 ms without a finished request), then takes harBuildMs. */
const opening = () => (isFirefox ? 251 + fake.state.harBuildMs : 1 + fake.state.harBuildMs);
const backfill = async () => {
  const p = source.backfill();
  await vi.advanceTimersByTimeAsync(opening());
  return (await p) as any[];
};
const urls = (list: any[]) => list.map((e) => e.request.url);

beforeEach(() => vi.useFakeTimers({ now: START + 60_000 }));
afterEach(() => {
  fake.uninstall();
  vi.useRealTimers();
});

describe.each(['chrome150', 'chrome156', 'firefox'] as const)('%s', (flavour) => {
  it('backfills what DevTools held, token responses with their body', async () => {
    await open(flavour);
    fake.state.har = [api(1), entry(2, TOKEN_ENDPOINT)];
    fake.state.bodies.set(TOKEN_ENDPOINT, { content: TOKEN_BODY });
    if (flavour === 'firefox') (fake.state.har[1] as any).response.content.text = TOKEN_BODY; // Firefox's HAR holds bodies
    const got = await backfill();
    expect(urls(got)).toEqual([api(1).request.url, TOKEN_ENDPOINT]);
    expect(got[0].request.headers).toEqual(api(1).request.headers);
    expect(got[1].response.content.text).toBe(TOKEN_BODY);
    expect(problems).toEqual([]);
  });

  it('delivers a finished request with all its fields, as plain data', async () => {
    await open(flavour);
    await backfill();
    fake.finish(api(3));
    await vi.advanceTimersByTimeAsync(1);
    expect(live).toHaveLength(1);
    expect(live[0]).toEqual(api(3));
    expect(live[0].getContent).toBeUndefined();
  });

  it('reads the body of a token response reported by the event, base64 or not', async () => {
    await open(flavour);
    await backfill();
    const b64 = flavour !== 'firefox';
    fake.state.bodies.set(
      TOKEN_ENDPOINT,
      b64
        ? { content: Buffer.from(TOKEN_BODY).toString('base64'), encoding: 'base64' }
        : { content: TOKEN_BODY, mimeType: 'application/json' },
    );
    fake.finish(entry(4, TOKEN_ENDPOINT));
    await vi.advanceTimersByTimeAsync(1);
    expect(live[0].response.content.text).toBe(b64 ? Buffer.from(TOKEN_BODY).toString('base64') : TOKEN_BODY);
    // Firefox's second value is a MIME type, never an encoding.
    expect(live[0].response.content.encoding).toBe(b64 ? 'base64' : undefined);
  });

  // Firefox reports unread responses to the event (see the Firefox tests below).
  if (flavour !== 'firefox')
    it('lists within half a second a response the page never read (in the log, never in the event)', async () => {
      await open(flavour);
      await backfill();
      fake.state.har = [{ ...api(5, 401), startedDateTime: new Date(Date.now() - 20).toISOString() }];
      await vi.advanceTimersByTimeAsync(450);
      expect(urls(live)).toEqual([api(5).request.url]);
      expect(live[0].response.status).toBe(401);
    });

  it('delivers each request once, whether the event, the log or both report it', async () => {
    await open(flavour);
    fake.state.har = [api(1), api(2)];
    fake.finish(api(2)); // finished while the log was first read: in the log and in the event
    fake.finish(api(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(urls(await backfill())).toEqual(urls([api(1)]));
    expect(urls(live)).toEqual(urls([api(2), api(3)])); // delivered as they came, not held for the read
    fake.state.har = [api(1), api(2), api(3), api(4)];
    fake.finish(api(3));
    fake.finish(api(4));
    await vi.advanceTimersByTimeAsync(3000);
    expect(urls(live)).toEqual(urls([api(2), api(3), api(4)]));
  });

  it('says when DevTools’ log cannot be read, and keeps going', async () => {
    // Firefox reads its log again only while the event is silent, 5 s after the panel opened, then 10 s later.
    const [first, second] = flavour === 'firefox' ? [5500, 10_500] : [2500, 2500];
    await open(flavour);
    fake.state.getHarError = 'DevTools is closing';
    expect(await backfill()).toEqual([]);
    expect(problems[0]).toMatch(
      /Could not read the requests DevTools held before Bearerscope started \(DevTools is closing\)/,
    );
    await vi.advanceTimersByTimeAsync(first);
    expect(problems[1]).toMatch(/Could not read DevTools' network log \(DevTools is closing\)/);
    fake.state.getHarError = null;
    fake.state.har = [{ ...api(6), startedDateTime: new Date(Date.now() - 3000).toISOString() }];
    await vi.advanceTimersByTimeAsync(second);
    expect(urls(live)).toEqual([api(6).request.url]);
    expect(problems.filter((p) => p.startsWith('Could not'))).toHaveLength(2); // once, not at every re-read
  });

  it('says when a token response’s body cannot be read, and lists the request without it', async () => {
    await open(flavour);
    await backfill();
    fake.state.bodies.set(TOKEN_ENDPOINT, 'fail');
    fake.finish(entry(7, TOKEN_ENDPOINT));
    await vi.advanceTimersByTimeAsync(1);
    expect(urls(live)).toEqual([TOKEN_ENDPOINT]);
    expect(problems).toEqual([
      `The response of ${TOKEN_ENDPOINT} could not be read (request gone): tokens in it are not listed.`,
    ]);
    // A second one is counted in the same notice (its topic), not said apart.
    fake.state.bodies.set(`${TOKEN_ENDPOINT}?p=2`, 'fail');
    fake.finish(entry(9, `${TOKEN_ENDPOINT}?p=2`));
    await vi.advanceTimersByTimeAsync(1);
    expect(problems.at(-1)).toBe(
      `The responses of 2 requests (the latest: ${TOKEN_ENDPOINT}) could not be read (request gone): tokens in them are not listed.`,
    );
  });

  it('does not wait for a body the browser never gives', async () => {
    await open(flavour);
    await backfill();
    fake.state.bodies.set(TOKEN_ENDPOINT, 'never');
    fake.finish(entry(8, TOKEN_ENDPOINT));
    await vi.advanceTimersByTimeAsync(4000);
    expect(live).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(urls(live)).toEqual([TOKEN_ENDPOINT]);
    expect(problems).toEqual([
      `The response of ${TOKEN_ENDPOINT} did not come from DevTools within 5 s: tokens in it are not listed.`,
    ]);
  });
});

describe('re-reading the log', () => {
  it('reads often while the log is small, stops past the limit, and starts again after a navigation', async () => {
    const { RECONCILE_LIMIT } = await import('../../src/devtools/live-source.js');
    await open('chrome150');
    await backfill();
    const before = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(2000);
    expect(fake.state.getHarCalls - before).toBeGreaterThanOrEqual(8);
    fake.state.har = Array.from({ length: RECONCILE_LIMIT + 1 }, (_, n) => api(n));
    await vi.advanceTimersByTimeAsync(1000);
    const stopped = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.state.getHarCalls).toBe(stopped);
    fake.state.har = [];
    fake.navigate('https://contoso.sharepoint.com/sites/dev/');
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.state.getHarCalls).toBeGreaterThan(stopped);
  });

  it('reads a large log less often, a quarter of the time at most, and says how late unread answers may be', async () => {
    await open('chrome156');
    await backfill();
    fake.state.harBuildMs = 400; // what a read of some 4,000 requests costs
    await vi.advanceTimersByTimeAsync(700);
    expect(problems).toEqual([
      expect.stringMatching(
        /^An answer the page never reads \(an ignored 401, a call whose answer is dropped\) may be listed up to 2 s late: Chromium reports it only in DevTools' log/,
      ),
    ]);
    const before = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.state.getHarCalls - before).toBeLessThanOrEqual(30); // 0.4 s reading every 2 s
  });

  it('once a read stalls the capture, reads a twenty-fifth of the time at most, in a pause of the page’s traffic', async () => {
    await open('chrome156');
    await backfill();
    fake.state.har = Array.from({ length: 10_000 }, (_, n) => api(10_000 + n));
    fake.state.harBuildMs = 1000; // 10,000 requests: each read holds up the event for a second
    await vi.advanceTimersByTimeAsync(1300);
    expect(problems).toEqual([
      expect.stringMatching(/may be listed up to 26 s late, or 51 s while the page keeps sending requests: /),
    ]);
    let before = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.state.getHarCalls - before).toBeLessThanOrEqual(3); // an idle page: 1 s reading every 26 s
    const reads: number[] = [];
    const started = Date.now();
    before = fake.state.getHarCalls;
    for (let n = 0; n < 1200; n++) {
      fake.finish(api(100 + n)); // a request every 100 ms for two minutes, but for a pause of a second at 40 s
      await vi.advanceTimersByTimeAsync(n === 400 ? 1000 : 100);
      if (fake.state.getHarCalls > before + reads.length) reads.push(Date.now() - started);
    }
    expect(reads.length).toBeLessThanOrEqual(3);
    expect(reads.some((t) => t >= 40_000 && t <= 41_200)).toBe(true); // the pause was used
    fake.state.har = [{ ...api(5, 401), startedDateTime: new Date(Date.now() - 20).toISOString() }];
    await vi.advanceTimersByTimeAsync(52_000);
    expect(urls(live).at(-1)).toBe(api(5).request.url);
  });

  it('a slow read of a small log is the machine, not the log: the pace and the promise stay', async () => {
    await open('chrome156');
    await backfill();
    fake.state.harBuildMs = 1000; // a starved machine: a read of a handful of requests takes a second
    await vi.advanceTimersByTimeAsync(1300);
    const before = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.state.getHarCalls - before).toBeGreaterThanOrEqual(3); // every 4 s (four times 1 s), not every 26 s
    expect(problems.filter((p) => /may be listed up to/.test(p))).toEqual([
      expect.stringMatching(/may be listed up to 5 s late: .*, whose reads are slow on this machine just now\./),
    ]);
    fake.state.har = [{ ...api(5, 401), startedDateTime: new Date(Date.now() - 20).toISOString() }];
    await vi.advanceTimersByTimeAsync(6_000);
    expect(urls(live).at(-1)).toBe(api(5).request.url);
  });

  it('a body Chrome never gives does not slow the reads down: the read is timed, not the wait for bodies', async () => {
    await open('chrome156');
    await backfill();
    fake.state.bodies.set(TOKEN_ENDPOINT, 'never');
    fake.state.har = [{ ...entry(7, TOKEN_ENDPOINT), startedDateTime: new Date(Date.now() - 3000).toISOString() }];
    await vi.advanceTimersByTimeAsync(6000); // a read waits out the 5 s timeout for that body
    fake.state.har.push({ ...api(5, 401), startedDateTime: new Date(Date.now() - 20).toISOString() });
    await vi.advanceTimersByTimeAsync(1000);
    expect(urls(live)).toContain(api(5).request.url);
    expect(problems.filter((p) => /may be listed up to/.test(p))).toEqual([]);
  });

  it('Chromium: a request the log lists before its answer is filled in is listed once, answered; a failed one as failed', async () => {
    const statuses = () => live.map((e) => (e as { response: { status: number } }).response.status);
    await open('chrome156');
    const startedDateTime = new Date(Date.now() - 5000).toISOString();
    fake.state.har = [{ ...api(5, 0), startedDateTime }];
    await backfill();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(statuses()).toEqual([]); // still under way, however old: neither the backfill nor a read takes it
    fake.state.har = [{ ...api(5, 401), startedDateTime }];
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses()).toEqual([401]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(statuses()).toEqual([401]);
    // Refused: Chromium marks it (response._error), and it is taken once settled, without an answer.
    const refused = { ...api(6, 0), startedDateTime };
    refused.response = { ...refused.response, _error: 'net::ERR_CONNECTION_REFUSED' } as typeof refused.response;
    fake.state.har.push(refused);
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses()).toEqual([401, 0]);
  });

  it('says what goes missing once the log is too large to read again', async () => {
    const { RECONCILE_LIMIT } = await import('../../src/devtools/live-source.js');
    await open('chrome156');
    await backfill();
    fake.state.har = Array.from({ length: RECONCILE_LIMIT + 1 }, (_, n) => api(n));
    await vi.advanceTimersByTimeAsync(1000);
    expect(problems).toEqual([
      `DevTools' log holds more than ${RECONCILE_LIMIT.toLocaleString('en')} requests, too many to read again (each read copies it whole): from now on an answer the page never reads (an ignored 401, a call whose answer is dropped) is not listed, until the page navigates or DevTools' log is cleared.`,
    ]);
  });

  it('remembers a bounded number of requests: the oldest are forgotten', async () => {
    const { SEEN_LIMIT } = await import('../../src/devtools/live-source.js');
    await open('chrome156');
    await backfill();
    fake.finish(api(0));
    for (let n = 1; n <= SEEN_LIMIT; n++) fake.finish(api(n));
    await vi.advanceTimersByTimeAsync(1);
    expect(live).toHaveLength(SEEN_LIMIT + 1);
    fake.finish(api(SEEN_LIMIT)); // still remembered
    fake.finish(api(0)); // forgotten: delivered again
    await vi.advanceTimersByTimeAsync(1);
    expect(live).toHaveLength(SEEN_LIMIT + 2);
  }, 60_000); // 40,000 requests through the polyfill: seconds on a loaded machine

  it('Firefox: no such notice when the event fires, and no read of the log after it', async () => {
    await open('firefox');
    await backfill();
    fake.state.har = [api(10)];
    await vi.advanceTimersByTimeAsync(300);
    fake.finish(api(10));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(urls(live)).toEqual([api(10).request.url]);
    expect(fake.state.getHarCalls).toBe(1); // the backfill's
    expect(problems).toEqual([]);
  });

  it('Firefox: a page that sends a request every 30 ms after the panel opened loses none of them to reads of the log', async () => {
    await open('firefox');
    fake.state.harBuildMs = 40; // any read overlaps a request
    fake.state.har = [api(0)];
    await backfill();
    for (let n = 1; n <= 1000; n++) {
      fake.send(api(n));
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(fake.state.dropped).toBe(0);
    expect(live).toHaveLength(1000);
    expect(problems).toEqual([]);
  });

  describe('Firefox: the first read of the log, as the panel opens', () => {
    const DROPPED =
      /^Firefox may have dropped requests the page sent between \d\d:\d\d:\d\d\.\d{3} and \d\d:\d\d:\d\d\.\d{3} UTC, while Bearerscope read its network log/;
    /** A request the page sends at fake time `ms` (its answer 12 ms later), for `send` or `finish`. */
    const at = (n: number, ms: number) => ({ ...api(n), startedDateTime: new Date(ms).toISOString() });
    /** The page sends a request every `every` ms for `forMs`, each recorded by Firefox unless a read is under way. */
    async function busy(every: number, forMs: number, first = 100) {
      for (let t = 0, n = first; t < forMs; t += every, n++) {
        fake.send(at(n, Date.now()));
        await vi.advanceTimersByTimeAsync(every);
      }
    }

    it('waits for the end of a burst of requests, so that none is lost, and says nothing', async () => {
      await open('firefox');
      fake.state.harBuildMs = 40;
      const p = source.backfill();
      await busy(50, 1000); // the page is loading as the panel opens
      await vi.advanceTimersByTimeAsync(300);
      expect(fake.state.getHarCalls).toBe(1); // read once the page went quiet
      await p;
      expect(fake.state.dropped).toBe(0);
      expect(problems).toEqual([]);
    });

    it('never reads while the page is busy, however long it stays busy: it says the earlier requests wait, and reads once the page pauses', async () => {
      await open('firefox');
      const { WAITING_NOTICE } = await import('../../src/devtools/first-read.js');
      fake.state.harBuildMs = 40;
      fake.state.har = [at(1, Date.now() - 5000)]; // logged before the DevTools page loaded
      let done = false;
      const p = source.backfill().then((list) => ((done = true), list));
      await busy(20, 10_000); // timers late or not, a page that never pauses is never read during
      expect(fake.state.getHarCalls).toBe(0);
      expect(problems).toEqual([WAITING_NOTICE]);
      expect(live).toHaveLength(500); // listed as they came, none lost
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(300);
      expect(urls(await p)).toEqual([api(1).request.url]);
      expect(fake.state.dropped).toBe(0);
      expect(problems).toEqual([WAITING_NOTICE]);
    });

    it('is told so when a request in flight during the read is reported after it, once', async () => {
      await open('firefox');
      fake.state.harBuildMs = 40;
      const p = source.backfill();
      await vi.advanceTimersByTimeAsync(251); // a quiet page: the read started 1 ms ago
      const readAt = Date.now() - 1;
      await vi.advanceTimersByTimeAsync(40);
      await p;
      expect(problems).toEqual([]);
      await vi.advanceTimersByTimeAsync(1000);
      fake.finish({ ...at(3, readAt - 200), time: 1100 }); // in flight across the read, reported when it ends
      fake.finish(at(4, readAt + 100));
      await vi.advanceTimersByTimeAsync(1);
      expect(problems).toEqual([expect.stringMatching(DROPPED)]);
      // The notice names the read's window, in UTC.
      expect(problems[0]).toContain(
        `between ${new Date(readAt).toISOString().slice(11, 23)} and ${new Date(readAt + 40).toISOString().slice(11, 23)} UTC`,
      );
    });

    it('is told so when the page starts a burst as the event is first checked, however late Firefox reports the requests in flight then', async () => {
      await open('firefox');
      await backfill(); // a quiet page
      const checkAt = Date.now() - 1 + 5000; // the event has not fired: the log is read 5 s after the first read
      // A loaded machine: a read of a small log takes 300 ms, an answer 400 ms, and the event comes 6 s after it.
      Object.assign(fake.state, { harBuildMs: 300, answerMs: 400, eventLagMs: 6000 });
      await vi.advanceTimersByTimeAsync(4900);
      for (let n = 1; n <= 150; n++) {
        fake.send({ ...at(n, Date.now()), time: 400 });
        await vi.advanceTimersByTimeAsync(10);
      }
      expect(fake.state.getHarCalls).toBe(2); // the check, while the first requests were still unanswered
      expect(fake.state.dropped).toBe(30); // sent during it: gone from the event and from the log
      await vi.advanceTimersByTimeAsync(10_000);
      expect(live).toHaveLength(120);
      expect(problems).toEqual([expect.stringMatching(DROPPED)]);
      expect(problems[0]).toContain(
        `between ${new Date(checkAt).toISOString().slice(11, 23)} and ${new Date(checkAt + 300).toISOString().slice(11, 23)} UTC`,
      );
    });

    it('stops looking at a read once Firefox has reported a request sent well after it: a long request across it says nothing then', async () => {
      await open('firefox');
      fake.state.harBuildMs = 40;
      const p = source.backfill();
      await vi.advanceTimersByTimeAsync(251);
      const readAt = Date.now() - 1;
      await vi.advanceTimersByTimeAsync(40);
      await p;
      await vi.advanceTimersByTimeAsync(500);
      fake.finish(at(4, readAt + 500)); // the event fires: no more reads
      await vi.advanceTimersByTimeAsync(4600);
      fake.finish(at(5, readAt + 5100)); // Firefox has reported past the read: what was in flight then came before
      await vi.advanceTimersByTimeAsync(900);
      fake.finish({ ...at(3, readAt - 200), time: 6200 }); // a long poll across the read, answered now
      await vi.advanceTimersByTimeAsync(1);
      expect(problems).toEqual([]);
    });

    it('is told nothing when the page was quiet during the read, however soon it acts after it', async () => {
      await open('firefox');
      fake.state.harBuildMs = 40;
      fake.send(at(1, Date.now() - 5000)); // long before
      await backfill();
      await busy(20, 1000); // the user acts at once: every request is recorded
      expect(fake.state.dropped).toBe(0);
      expect(live).toHaveLength(51); // the one long before, as it finished, and the 50
      expect(problems).toEqual([]);
    });
  });

  it('Firefox: says so, and reads the log every 2 s, when requests come only from the log because the event never fired', async () => {
    await open('firefox');
    await backfill();
    await vi.advanceTimersByTimeAsync(5500); // a quiet page: the first check finds nothing
    expect(fake.state.getHarCalls).toBe(2);
    fake.state.har = [{ ...api(9), startedDateTime: new Date(Date.now() - 3000).toISOString() }];
    await vi.advanceTimersByTimeAsync(4000);
    expect(fake.state.getHarCalls).toBe(2); // the next check comes 10 s after the first
    expect(live).toEqual([]);
    await vi.advanceTimersByTimeAsync(6500);
    expect(urls(live)).toEqual([api(9).request.url]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^Firefox is not reporting requests to Bearerscope as they finish \(it may need the Network panel opened once in this toolbox\)/,
      ),
    ]);
    const polled = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.state.getHarCalls - polled).toBe(5);
  });

  it('Firefox: after a navigation with the event still silent, checks again 5 s later', async () => {
    await open('firefox');
    await backfill();
    await vi.advanceTimersByTimeAsync(5500 + 10_000 + 20_000); // checks at 5, 15 and 35 s; the next at 75 s
    expect(fake.state.getHarCalls).toBe(4);
    fake.state.har = [];
    fake.navigate('https://contoso.sharepoint.com/sites/dev/');
    await vi.advanceTimersByTimeAsync(5500);
    expect(fake.state.getHarCalls).toBe(5);
  });
});

it.each(['chrome150', 'chrome156', 'firefox'] as const)('%s: reports the DevTools theme', async (flavour) => {
  await open(flavour);
  expect(source.theme()).toBe('dark');
});

describe('the polyfill over Chrome 150, as the fake makes it behave', () => {
  it('hands listeners a Proxy with no own keys and resolves getHAR() to undefined; entryOf still reads the request', async () => {
    fake = installFakeDevtools('chrome150');
    vi.resetModules();
    const browser = (await import('webextension-polyfill')).default;
    const { entryOf } = await import('../../src/devtools/network.js');
    const got: unknown[] = [];
    browser.devtools.network.onRequestFinished.addListener((req) => void got.push(req));
    fake.finish(api(11));
    expect({ ...(got[0] as object) }).toEqual({}); // why the old source listed nothing on Chrome before 152
    expect(entryOf(got[0])).toEqual(api(11));
    fake.state.har = [api(12)];
    expect(await browser.devtools.network.getHAR()).toBeUndefined();
  });
});

/** What the service worker posts for a request webRequest saw (header-feed.ts's HeaderRecord). */
function seenByHeaders(e: ReturnType<typeof entry>, skewMs = 7) {
  const started = Date.parse(e.startedDateTime) + skewMs; // webRequest's clock is not DevTools'
  return {
    url: e.request.url,
    method: e.request.method,
    started,
    ended: started + e.time,
    status: e.response.status,
    statusLine: `HTTP/1.1 ${e.response.status} ${e.response.status === 401 ? 'Unauthorized' : 'OK'}`,
    requestHeaders: e.request.headers,
    responseHeaders: [...e.response.headers, { name: 'Content-Type', value: e.response.content.mimeType }],
  };
}
const now = (n: number, status = 200) => ({
  ...api(n, status),
  startedDateTime: new Date(Date.now() - 20).toISOString(),
});

describe.each(['chrome150', 'chrome156'] as const)(
  '%s: requests from their headers, once the site is granted',
  (flavour) => {
    const ORIGIN = 'https://app.contoso.com';

    it('asks nothing, connects nothing, and offers the grant with the late notice', async () => {
      await open(flavour);
      const offers: unknown[] = [];
      source.onProblem?.((p) => offers.push(p.action));
      await backfill();
      expect(fake.state.connected).toEqual([]);
      fake.state.harBuildMs = 400; // a large log: the late notice
      await vi.advanceTimersByTimeAsync(700);
      expect(problems[0]).toMatch(
        /may be listed up to \d s late.*can list the requests to https:\/\/app\.contoso\.com/,
      );
      expect(offers[0]).toEqual({ id: 'watch-headers', label: expect.stringContaining(ORIGIN), arg: ORIGIN });
      expect(fake.state.granted).toEqual([]);
    });

    it('lists a never-read 401 from its headers at once, and not again when the log is read', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      expect(fake.state.connected).toEqual(['bearerscope-headers:1']);
      const refused = now(5, 401);
      fake.headers(seenByHeaders(refused));
      await vi.advanceTimersByTimeAsync(160);
      expect(urls(live)).toEqual([refused.request.url]);
      expect(live[0].response.status).toBe(401);
      expect(live[0].request.headers).toEqual(refused.request.headers);
      fake.state.har = [refused]; // DevTools' log has it too, with its own start time
      await vi.advanceTimersByTimeAsync(3000);
      expect(urls(live)).toEqual([refused.request.url]);
    });

    it('lists a request the event reports from the event only, whichever comes first', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      const [a, b] = [now(6), now(7)];
      fake.headers(seenByHeaders(a));
      fake.finish(a); // the event within the wait
      fake.finish(b);
      await vi.advanceTimersByTimeAsync(1);
      fake.headers(seenByHeaders(b)); // the headers after the event
      fake.state.har = [a, b];
      await vi.advanceTimersByTimeAsync(3000);
      expect(urls(live)).toEqual(urls([a, b]));
      expect(live[0].timings).toEqual(a.timings); // DevTools' entry, not the one made from headers
    });

    it('an event later than the wait does not list the request again', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      const slow = now(8);
      fake.headers(seenByHeaders(slow, -40));
      await vi.advanceTimersByTimeAsync(1000);
      fake.finish(slow);
      fake.state.har = [slow];
      await vi.advanceTimersByTimeAsync(3000);
      expect(urls(live)).toEqual(urls([slow]));
    });

    it('two requests alike but for their token are two, however close', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      const url = 'https://contoso.sharepoint.com/sites/dev/_api/web';
      const [a, b] = ['eyJhbGciOiJub25lIn0.eyJuIjoxfQ.', 'eyJhbGciOiJub25lIn0.eyJuIjoyfQ.'].map((token, i) => ({
        ...entry(0, url, { status: 401, token }),
        startedDateTime: new Date(Date.now() - 20 + i).toISOString(), // not the same entryKey
      }));
      fake.headers(seenByHeaders(a!));
      await vi.advanceTimersByTimeAsync(200);
      fake.state.har = [a!, b!]; // b only in the log: its headers never came (the worker was stopped)
      await vi.advanceTimersByTimeAsync(3000);
      expect(live.map((e) => e.request.headers[0].value)).toEqual([a, b].map((e) => e!.request.headers[0]!.value));
    });

    it('leaves POSTs and token responses to DevTools: their bodies matter', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      const token = { ...entry(9, TOKEN_ENDPOINT), startedDateTime: new Date(Date.now() - 20).toISOString() };
      const get = { ...token, request: { ...token.request, method: 'GET' } };
      fake.headers(seenByHeaders(token));
      fake.headers(seenByHeaders(get));
      await vi.advanceTimersByTimeAsync(500);
      expect(live).toEqual([]);
    });

    it('says the late notice again once the site is granted, without the offer', async () => {
      await open(flavour);
      const said: SourceProblem[] = [];
      source.onProblem?.((p) => said.push(p));
      await backfill();
      fake.state.harBuildMs = 400; // a large log: the late notice, with the offer
      await vi.advanceTimersByTimeAsync(700);
      expect(said.at(-1)).toMatchObject({ topic: 'late', action: { id: 'watch-headers' } });
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      const late = said.filter((p) => p.topic === 'late').at(-1)!;
      expect(late.action).toBeUndefined();
      expect(late.text).toMatch(/Requests to https:\/\/app\.contoso\.com are listed at once from their headers/);
    });

    it('says when the site is granted', async () => {
      await open(flavour);
      await backfill();
      fake.grant(ORIGIN);
      await vi.advanceTimersByTimeAsync(1);
      expect(problems).toEqual([
        'Bearerscope now lists the requests to https://app.contoso.com as they complete, from their headers, whether the page reads their answers or not.',
      ]);
    });
  },
);

it('Firefox: no header feed, nothing connected, no offer', async () => {
  await open('firefox');
  await backfill();
  expect(fake.state.connected).toEqual([]);
  expect((globalThis as { chrome?: { permissions?: unknown } }).chrome?.permissions).toBeUndefined();
});
