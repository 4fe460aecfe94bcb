// The live source against a fake `browser.devtools.network`: how Chrome and Firefox hand over response bodies,
// one delivery per request whether the event or getHAR() saw it, and when re-reading the HAR stops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (req: unknown) => void;

const fake = vi.hoisted(() => {
  const state = {
    har: [] as unknown[],
    getHarCalls: 0,
    finished: [] as Array<(req: unknown) => void>,
  };
  const network = {
    onRequestFinished: { addListener: (l: (req: unknown) => void) => state.finished.push(l) },
    onNavigated: { addListener: () => {} },
    getHAR: async () => {
      state.getHarCalls++;
      return { entries: state.har };
    },
  };
  return { state, browser: { devtools: { network, panels: { themeName: 'dark' } } } };
});

vi.mock('webextension-polyfill', () => ({ default: fake.browser }));

const { createLiveSource, RECONCILE_LIMIT } = await import('../../src/devtools/live-source.js');

const START = Date.parse('2026-11-22T10:00:00Z');
const TOKEN_ENDPOINT = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
const TOKEN_BODY = '{"token_type":"Bearer","access_token":"eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJ4In0.c2ln","expires_in":3599}';

/** A HAR entry as DevTools shapes it; `n` makes it distinct. */
function entry(n: number, url = `https://contoso.sharepoint.com/_api/web?n=${n}`, mimeType = 'application/json; odata=verbose') {
  return {
    startedDateTime: new Date(START + n).toISOString(),
    time: 12,
    request: { method: 'GET', url, headers: [{ name: 'Authorization', value: `Bearer t${n}` }] },
    response: { status: 200, headers: [], content: { mimeType, size: TOKEN_BODY.length } },
  };
}

const fire = (req: unknown) => fake.state.finished.forEach((l: Listener) => l(req));
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: START + 60_000 });
  fake.state.har = [];
  fake.state.getHarCalls = 0;
  fake.state.finished.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('response bodies', () => {

  it("reads Chrome's getContent(callback) with its encoding as the second value", async () => {
    const source = createLiveSource();
    const got: any[] = [];
    source.onEntry((e) => got.push(e));
    await source.backfill();
    const b64 = Buffer.from(TOKEN_BODY).toString('base64');
    fire({ ...entry(1, TOKEN_ENDPOINT), getContent: (cb: (c: string, enc: string) => void) => cb(b64, 'base64') });
    await flush();
    expect(got).toHaveLength(1);
    expect(got[0].response.content).toMatchObject({ text: b64, encoding: 'base64' });
    expect(got[0].getContent).toBeUndefined();
  });

  it("reads Firefox's getContent() promise of [content, mimeType] without taking the MIME type for an encoding", async () => {
    const source = createLiveSource();
    const got: any[] = [];
    source.onEntry((e) => got.push(e));
    await source.backfill();
    fire({ ...entry(2, TOKEN_ENDPOINT), getContent: () => Promise.resolve([TOKEN_BODY, 'application/json']) });
    await flush();
    expect(got[0].response.content.text).toBe(TOKEN_BODY);
    expect(got[0].response.content.encoding).toBeUndefined();
  });

  it('does not fetch bodies that cannot hold a token response, and survives a getContent that throws', async () => {
    const source = createLiveSource();
    const got: any[] = [];
    source.onEntry((e) => got.push(e));
    await source.backfill();
    const getContent = vi.fn();
    fire({ ...entry(3), getContent });
    fire({ ...entry(4, TOKEN_ENDPOINT), getContent: () => { throw new Error('request gone'); } });
    await flush();
    expect(getContent).not.toHaveBeenCalled();
    expect(got.map((e) => e.request.url)).toEqual([entry(3).request.url, TOKEN_ENDPOINT]);
    expect(got[1].response.content.text).toBeUndefined();
  });
});

describe('response bodies of requests read from getHAR()', () => {
  /** Chrome's getHAR() entries carry getContent on their prototype, as its Request objects do. */
  const chromeHarEntry = (n: number) => Object.assign(Object.create({ getContent: (cb: (c: string, enc: string) => void) => cb(TOKEN_BODY, '') }), entry(n, TOKEN_ENDPOINT));

  it('reads the bodies of token responses sent before the panel opened', async () => {
    fake.state.har = [chromeHarEntry(1), entry(2)];
    const backfilled = (await createLiveSource().backfill()) as any[];
    expect(backfilled[0].response.content.text).toBe(TOKEN_BODY);
    expect(backfilled[1].response.content.text).toBeUndefined();
  });

  it('does not let a getContent that never answers hold up the backfill', async () => {
    const silent = Object.assign(Object.create({ getContent: () => undefined }), entry(4, TOKEN_ENDPOINT));
    fake.state.har = [silent, entry(5)];
    let backfilled: any[] | undefined;
    void createLiveSource().backfill().then((b) => (backfilled = b as any[]));
    await vi.advanceTimersByTimeAsync(500);
    expect(backfilled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(backfilled?.map((e) => e.request.url)).toEqual([entry(4, TOKEN_ENDPOINT).request.url, entry(5).request.url]);
    expect(backfilled?.[0].response.content.text).toBeUndefined();
  });

  it('reads the body of a token response the event missed', async () => {
    const source = createLiveSource();
    const live: any[] = [];
    source.onEntry((e) => live.push(e));
    await source.backfill();
    fake.state.har = [chromeHarEntry(3)];
    await vi.advanceTimersByTimeAsync(4_000);
    expect(live.map((e) => e.response.content.text)).toEqual([TOKEN_BODY]);
  });
});

describe('one delivery per request', () => {
  it('gives the backfill what DevTools held, then only requests it did not already give', async () => {
    fake.state.har = [entry(1), entry(2)];
    const source = createLiveSource();
    const live: any[] = [];
    source.onEntry((e) => live.push(e));
    // Finished while the panel was opening: reported by the event and by getHAR() alike.
    fire({ ...entry(2) });
    fire({ ...entry(3) });
    await flush();
    const backfilled = (await source.backfill()) as any[];
    expect(backfilled.map((e) => e.request.url)).toEqual([entry(1), entry(2), entry(3)].map((e) => e.request.url));
    fire({ ...entry(3) });
    fire({ ...entry(4) });
    await flush();
    expect(live.map((e) => e.request.url)).toEqual([entry(4).request.url]);
  });

  it('takes from a later getHAR() what onRequestFinished never reported, once it has settled', async () => {
    const source = createLiveSource();
    const live: any[] = [];
    source.onEntry((e) => live.push(e));
    await source.backfill();
    const missed = { ...entry(5), startedDateTime: new Date(Date.now()).toISOString() };
    fake.state.har = [missed];
    await vi.advanceTimersByTimeAsync(2_000);
    expect(live).toHaveLength(0); // too young: the event may still bring it, with its body
    await vi.advanceTimersByTimeAsync(2_000);
    expect(live.map((e) => e.request.url)).toEqual([missed.request.url]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(live).toHaveLength(1);
  });

  it(`stops re-reading the HAR once more than ${RECONCILE_LIMIT} requests have been seen`, async () => {
    const source = createLiveSource();
    source.onEntry(() => {});
    await source.backfill();
    for (let n = 0; n <= RECONCILE_LIMIT; n++) fire(entry(n));
    await flush();
    const calls = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fake.state.getHarCalls).toBe(calls);
  });

  it('keeps re-reading below the limit', async () => {
    const source = createLiveSource();
    source.onEntry(() => {});
    await source.backfill();
    const calls = fake.state.getHarCalls;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.state.getHarCalls).toBeGreaterThan(calls + 3);
  });
});

it('reports the DevTools theme', () => {
  expect(createLiveSource().theme()).toBe('dark');
});
