// The DevTools page (src/devtools/devtools.ts) over the fake browser, with the real polyfill: it captures from the
// moment DevTools opens, whichever tool is shown, and the panel chosen later lists everything.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handedSource } from '../../src/devtools/panel-source.js';
import { installFakeDevtools, type Flavour } from './fake-devtools.js';

const START = Date.parse('2026-11-22T10:00:00Z');
const bearer = (n: number, started: number, status = 200) => ({
  startedDateTime: new Date(started).toISOString(),
  time: 12,
  request: {
    method: 'GET',
    url: `https://contoso.sharepoint.com/_api/web?k=poll-${n}`,
    headers: [{ name: 'Authorization', value: `Bearer eyJhbGciOiJub25lIn0.eyJuIjo${n}fQ.` }],
    queryString: [],
    cookies: [],
  },
  response: { status, headers: [], cookies: [], content: { size: 2, mimeType: 'text/plain' } },
});

let fake: ReturnType<typeof installFakeDevtools>;
beforeEach(() => vi.useFakeTimers({ now: START }));
afterEach(() => {
  fake.uninstall();
  vi.useRealTimers();
});

/** DevTools opens (on another tool): the DevTools page loads, and after `ms` the person chooses Bearerscope's tab. */
async function openDevTools(flavour: Flavour, harBuildMs = 0) {
  fake = installFakeDevtools(flavour);
  fake.state.harBuildMs = harBuildMs;
  vi.resetModules();
  await import('../../src/devtools/devtools.js');
  const win = { structuredClone, addEventListener() {} };
  const got: unknown[] = [];
  const problems: string[] = [];
  return {
    win,
    got,
    problems,
    async choose() {
      fake.showPanel(win);
      const source = handedSource(win);
      source.onEntry((e) => got.push(e));
      source.onProblem!((p) => problems.push(p.text));
      const held = source.backfill();
      await vi.advanceTimersByTimeAsync(1); // where the log is polled, it is read as the panel attaches
      got.push(...(await held));
    },
  };
}
const keys = (list: unknown[]) => list.map((e) => (e as ReturnType<typeof bearer>).request.url).sort();

describe('Firefox, where a read of the log drops the requests sent during it', () => {
  it('lists all 150 requests a page sends 10 ms apart before and while the tab is chosen, with no read during them and no notice', async () => {
    const devtools = await openDevTools('firefox', 40);
    fake.state.har = [bearer(0, START - 5000)]; // logged as DevTools opened, before the DevTools page loaded
    await vi.advanceTimersByTimeAsync(300); // the page idle: the DevTools page reads the log and registers the tab
    expect(fake.state.panelsCreated).toBe(1);
    const sent = [];
    for (let n = 1; n <= 150; n++) {
      const e = bearer(n, Date.now());
      sent.push(e);
      fake.send(e);
      if (n === 75) await devtools.choose(); // mid-burst
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(fake.state.getHarCalls).toBe(1);
    expect(fake.state.dropped).toBe(0);
    expect(keys(devtools.got)).toEqual(keys([bearer(0, START - 5000), ...sent]));
    expect(devtools.problems).toEqual([]);
  });

  it('registers the tab after 2 s when the page never pauses, lists what the event brings, and says that earlier requests wait for a pause', async () => {
    const devtools = await openDevTools('firefox', 40);
    for (let n = 1; n <= 300; n++) {
      fake.send(bearer(n, Date.now()));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(fake.state.panelsCreated).toBe(1);
    await devtools.choose();
    expect(devtools.got).toHaveLength(300);
    expect(fake.state.getHarCalls).toBe(0);
    await Promise.resolve();
    expect(devtools.problems).toEqual([
      expect.stringMatching(/^Requests Firefox logged before Bearerscope started are read once the page has been idle/),
    ]);
  });
});

describe.each(['chrome150', 'chrome156'] as const)(
  '%s, where the event misses answers the page never reads',
  (flavour) => {
    it('lists what was sent before the tab was chosen, an unread 401 among them, and keeps finding such 401s once it is shown', async () => {
      const devtools = await openDevTools(flavour);
      await vi.advanceTimersByTimeAsync(1);
      fake.send(bearer(1, Date.now()));
      fake.state.har.push(bearer(2, Date.now(), 401)); // logged, never reported
      await vi.advanceTimersByTimeAsync(5000);
      expect(fake.state.getHarCalls).toBe(1); // the log is read for unread answers only once the tab is shown
      await devtools.choose();
      expect(keys(devtools.got)).toEqual(keys([bearer(1, 0), bearer(2, 0)])); // the panel starts with the unread 401
      fake.state.har.push(bearer(3, Date.now(), 401));
      await vi.advanceTimersByTimeAsync(450);
      expect(keys(devtools.got)).toEqual(keys([bearer(1, 0), bearer(2, 0), bearer(3, 0)]));
    });
  },
);
