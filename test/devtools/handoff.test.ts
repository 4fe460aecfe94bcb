// The hand-off from the DevTools page's capture to the panel (src/devtools/handoff.ts, panel-source.ts): what is
// held until the panel is shown, how much, what the panel is told, and that what reaches the panel is its own copy.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BUFFER_LIMIT, createHandoff, type CaptureSource } from '../../src/devtools/handoff.js';
import { handedSource, offerCapture, type HandoffWindow } from '../../src/devtools/panel-source.js';
import type { SourceProblem } from '../../src/panel/source.js';

const entry = (n: number) => ({
  startedDateTime: new Date(Date.parse('2026-11-22T10:00:00Z') + n).toISOString(),
  time: 12,
  request: {
    method: 'GET',
    url: `https://contoso.sharepoint.com/_api/web?n=${n}`,
    headers: [{ name: 'Authorization', value: `Bearer eyJhbGciOiJub25lIn0.eyJuIjo${n}fQ.` }],
  },
  response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json' } },
});
const url = (e: unknown) => (e as ReturnType<typeof entry>).request.url;

/** A live source the test drives, whose first read of the log answers when `read` is called. */
function source() {
  const on = {
    entry: [] as Array<(e: unknown) => void>,
    nav: [] as Array<(u: string) => void>,
    problem: [] as Array<(p: SourceProblem) => void>,
  };
  let read!: (list: unknown[]) => void;
  const s: CaptureSource = {
    backfill: () => new Promise((r) => (read = r)),
    onEntry: (l) => void on.entry.push(l),
    onNavigated: (l) => void on.nav.push(l),
    onProblem: (l) => void on.problem.push(l),
  };
  return {
    s,
    read: (list: unknown[]) => read(list),
    finish: (e: unknown) => on.entry.forEach((l) => l(e)),
    navigate: (u: string) => on.nav.forEach((l) => l(u)),
    problem: (t: string) => on.problem.forEach((l) => l({ text: t, at: Date.now() })),
  };
}

/** A panel window of its own realm (a vm context, whose clone makes that realm's objects), as the panel's window is another realm than the DevTools page's. */
function panelWindow() {
  const realm = vm.runInNewContext(
    '({ structuredClone: (v) => JSON.parse(JSON.stringify(v)), Array, listeners: [], addEventListener(type, l) { this.listeners.push([type, l]); } })',
  ) as HandoffWindow & {
    structuredClone(v: unknown): unknown;
    Array: ArrayConstructor;
    listeners: Array<[string, () => void]>;
    addEventListener(type: string, l: () => void): void;
  };
  return realm;
}

/** The panel's side, attached: what it got, in order. */
async function panel(win: ReturnType<typeof panelWindow>) {
  const got = { entries: [] as unknown[], navigations: [] as string[], problems: [] as string[] };
  const src = handedSource(win);
  src.onEntry((e) => got.entries.push(e));
  src.onNavigated((u) => got.navigations.push(u));
  src.onProblem!((p) => got.problems.push(p.text));
  const backfilled = src.backfill();
  return { got, backfilled };
}

describe('before the panel is shown', () => {
  it('holds the log read and every request since, and gives them all to the panel, oldest first, as its own copies', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.finish(entry(2));
    live.read([entry(1)]);
    await Promise.resolve();
    live.finish(entry(3));
    const win = panelWindow();
    const { got, backfilled } = await panel(win);
    offerCapture(win, handle); // the panel loaded first, then DevTools said it was shown
    const first = await backfilled;
    expect(first.map(url)).toEqual([entry(2), entry(1), entry(3)].map(url));
    expect(first[0]).toEqual(entry(2));
    expect(first[0]).toBeInstanceOf((win.structuredClone({}) as object).constructor); // the panel's own realm
    live.finish(entry(4));
    expect(got.entries.map(url)).toEqual([entry(4)].map(url));
  });

  it('keeps the latest BUFFER_LIMIT requests and says how many earlier ones it let go', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.read([]);
    for (let n = 0; n < BUFFER_LIMIT + 1234; n++) live.finish(entry(n));
    const win = panelWindow();
    offerCapture(win, handle);
    const { got, backfilled } = await panel(win);
    const first = await backfilled;
    expect(first).toHaveLength(BUFFER_LIMIT);
    expect(url(first[0])).toBe(url(entry(1234)));
    await Promise.resolve();
    expect(got.problems).toEqual([
      `1234 requests from before Bearerscope's tab was first shown are not listed: it keeps the latest ${BUFFER_LIMIT.toLocaleString('en')} until then.`,
    ]);
  });

  it('starts afresh on a navigation, as a panel open through it would (Preserve log is off until the panel exists)', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.read([entry(1)]);
    await Promise.resolve();
    live.finish(entry(2));
    live.navigate('https://contoso.sharepoint.com/sites/dev/');
    live.finish(entry(3));
    const win = panelWindow();
    offerCapture(win, handle);
    const { got, backfilled } = await panel(win);
    expect((await backfilled).map(url)).toEqual([url(entry(3))]);
    expect(got.navigations).toEqual([]);
  });

  it('keeps what the capture could not do, for the panel to say once it is shown', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.problem('Could not read the requests DevTools held before Bearerscope started (DevTools is closing).');
    live.read([]);
    const win = panelWindow();
    offerCapture(win, handle);
    const { got, backfilled } = await panel(win);
    await backfilled;
    await Promise.resolve();
    expect(got.problems).toEqual([
      'Could not read the requests DevTools held before Bearerscope started (DevTools is closing).',
    ]);
  });

  it('gives the panel what it holds even while the first read of the log still waits for an idle page', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.finish(entry(1));
    const win = panelWindow();
    offerCapture(win, handle);
    const { got, backfilled } = await panel(win);
    expect((await backfilled).map(url)).toEqual([url(entry(1))]);
    live.read([entry(0)]); // the page paused at last
    await Promise.resolve();
    expect(got.entries.map(url)).toEqual([url(entry(0))]);
  });
});

describe('once the panel is attached', () => {
  it('streams requests, navigations and problems to it', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.read([]);
    const win = panelWindow();
    offerCapture(win, handle);
    offerCapture(win, { attach: async () => ({ entries: [entry(99)], detach() {} }) }); // a second onShown changes nothing
    const { got, backfilled } = await panel(win);
    expect(await backfilled).toEqual([]);
    live.finish(entry(1));
    live.navigate('https://contoso.sharepoint.com/');
    live.problem('Could not read DevTools’ network log.');
    expect(got).toEqual({
      entries: [entry(1)],
      navigations: ['https://contoso.sharepoint.com/'],
      problems: ['Could not read DevTools’ network log.'],
    });
  });

  it('holds again when the panel goes away (its window closed, or a call into it throws), for the next panel', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.read([]);
    const win = panelWindow();
    offerCapture(win, handle);
    const { got, backfilled } = await panel(win);
    await backfilled;
    win.listeners.find(([type]) => type === 'pagehide')![1]();
    live.finish(entry(1));
    expect(got.entries).toEqual([]);
    const dead = {
      entries: () => {
        throw new TypeError("can't access dead object");
      },
      navigated() {},
      problem() {},
    };
    expect((await handle.attach(dead)).entries.map(url)).toEqual([url(entry(1))]);
    live.finish(entry(2)); // the dead panel throws: held instead
    const next = panelWindow();
    offerCapture(next, handle);
    const again = await panel(next);
    expect((await again.backfilled).map(url)).toEqual([url(entry(2))]);
  });

  it('a listener in the panel that throws does not cut the panel off', async () => {
    const live = source();
    const { handle } = createHandoff(live.s);
    live.read([]);
    const win = panelWindow();
    offerCapture(win, handle);
    const src = handedSource(win);
    const got: unknown[] = [];
    let calls = 0;
    src.onEntry(() => {
      if (++calls === 1) throw new Error('a bug in the panel');
    });
    src.onEntry((e) => got.push(e));
    await src.backfill();
    const quiet = console.error;
    console.error = () => {};
    try {
      live.finish(entry(1));
      live.finish(entry(2));
    } finally {
      console.error = quiet;
    }
    expect(got.map(url)).toEqual([entry(1), entry(2)].map(url));
  });
});
