// The storage reader over fake-devtools.ts's inspectedWindow.eval, which answers as each browser does (Chrome's
// callback, Firefox's callback with a null second argument, the promise forms) and runs the expression in a vm
// context standing in for a hostile page; the REAL webextension-polyfill is loaded over each browser in turn.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeDevtools, type Flavour } from './fake-devtools.js';

type Page = Record<string, unknown>;
type Reader = typeof import('../../src/devtools/storage-reader.js');

/** A Storage-like object as a page may present it; `entries` may be huge, `getItem` may misbehave. */
function storage(count: number, getItem: (key: string) => unknown) {
  return {
    get length() {
      return count;
    },
    key: (i: number) => (i < count ? `k${i}` : null),
    getItem,
  };
}

let fake: ReturnType<typeof installFakeDevtools> | undefined;
afterEach(() => {
  fake?.uninstall();
  vi.useRealTimers();
});

describe.each(['chrome150', 'chrome156', 'firefox'] as const)('%s', (flavour: Flavour) => {
  let reader: Reader;
  const readInspectedStorage = () => reader.readInspectedStorage();
  async function inPage(page: Page | 'never') {
    fake = installFakeDevtools(flavour);
    fake.state.page = page;
    vi.resetModules(); // the polyfill decides at import which browser it runs in
    reader = await import('../../src/devtools/storage-reader.js');
  }

  it('reads keys, values and document.cookie as plain data', async () => {
    await inPage({
      localStorage: storage(2, (k) => `value of ${k}`),
      sessionStorage: storage(0, () => null),
      document: { cookie: 'a=1; b=2' },
    });
    const snap = (await readInspectedStorage()) as Record<string, unknown>;
    expect(snap).toMatchObject({
      url: 'https://app.contoso.com/',
      local: [
        { key: 'k0', value: 'value of k0' },
        { key: 'k1', value: 'value of k1' },
      ],
      session: [],
      cookie: 'a=1; b=2',
      notes: [],
    });
    expect(typeof snap.time).toBe('string');
  });

  it('a hostile page: 100,000 keys, a throwing getItem, a 50 MB value and a throwing cookie getter', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const page = {
      localStorage: storage(100_000, (k) => (k === 'k7' ? huge : '1')),
      sessionStorage: storage(3, (k) => {
        if (k === 'k1') throw new Error('getItem refused');
        return 'ok';
      }),
      document: Object.defineProperty({}, 'cookie', {
        get() {
          throw new Error('cookie getter refused');
        },
      }),
    };
    await inPage(page);
    const snap = (await readInspectedStorage()) as {
      local: Array<{ key: string; value: string | null; size?: number }>;
      session: unknown[];
      cookie: string;
      notes: string[];
    };
    expect(snap.local).toHaveLength(10_000);
    expect(snap.local[7]).toEqual({ key: 'k7', value: null, size: 52_428_800 });
    expect(snap.session).toEqual([
      { key: 'k0', value: 'ok' },
      { key: 'k2', value: 'ok' },
    ]);
    expect(snap.cookie).toBe('');
    expect(snap.notes).toEqual([
      'localStorage holds 100000 keys: only the first 10000 were read.',
      'sessionStorage: key #1 could not be read: getItem refused',
      'document.cookie could not be read: cookie getter refused',
    ]);
  });

  it('a page whose localStorage getter throws (an opaque origin) still gives sessionStorage', async () => {
    const page = Object.defineProperty(
      { sessionStorage: storage(1, () => 'v'), document: { cookie: '' } },
      'localStorage',
      {
        get() {
          throw new Error('The operation is insecure.');
        },
        enumerable: true,
      },
    );
    await inPage(page);
    const snap = (await readInspectedStorage()) as { local: unknown[]; session: unknown[]; notes: string[] };
    expect(snap.local).toEqual([]);
    expect(snap.session).toEqual([{ key: 'k0', value: 'v' }]);
    expect(snap.notes).toEqual(['localStorage could not be opened: The operation is insecure.']);
  });

  /** A page with a Storage interface whose prototype a logging or quota shim replaced; items are own properties, as in a browser. */
  function shimmed(proto: { key: unknown; getItem: unknown }, items: Record<string, string>) {
    function Storage() {
      /* the page's Storage interface */
    }
    Object.assign(Storage.prototype, proto);
    const store = (entries: Record<string, string>) => {
      const st = Object.create(Storage.prototype) as Record<string, unknown>;
      Object.defineProperty(st, 'length', { get: () => Object.keys(entries).length });
      return Object.assign(st, entries);
    };
    return { Storage, localStorage: store(items), sessionStorage: store({}), document: { cookie: '' } };
  }
  const MSAL_KEY =
    '00000000-0000-0000-a1b2-c3d4e5f60718.9188040d-6c67-4c5b-b112-36a304b66dad-login.windows.net-refreshtoken-7d3f1a2b-0c4e-4f6a-9b8c-1d2e3f4a5b6c----';

  it('a page that wraps Storage.prototype.key (it throws): the keys are read from the storage’s own properties', async () => {
    const logged = {
      key() {
        throw new Error('quota shim: key() is not allowed');
      },
      getItem(this: Record<string, string>, k: string) {
        return this[k] ?? null;
      },
    };
    await inPage(
      shimmed(logged, { [MSAL_KEY]: '{"credentialType":"RefreshToken","secret":"0.AXEAv4j5c"}', theme: 'dark' }),
    );
    const snap = (await readInspectedStorage()) as { local: unknown[]; notes: string[] };
    expect(snap.local).toEqual([
      { key: MSAL_KEY, value: '{"credentialType":"RefreshToken","secret":"0.AXEAv4j5c"}' },
      { key: 'theme', value: 'dark' },
    ]);
    expect(snap.notes).toEqual([
      "localStorage: the page replaced Storage.prototype.key and getItem: read from the storage's own properties instead.",
      "sessionStorage: the page replaced Storage.prototype.key and getItem: read from the storage's own properties instead.",
    ]);
  });

  it('a key() that passes for the browser’s own but throws, and a getItem that lies: both bypassed', async () => {
    // A bound function prints as native code: only its failure gives it away.
    const native = {
      key: function () {
        throw new Error('key refused');
      }.bind(null),
      getItem: ((k: string) => `not ${k}`).bind(null),
    };
    await inPage(shimmed(native, { a: '1', b: '2' }));
    const snap = (await readInspectedStorage()) as { local: unknown[]; notes: string[] };
    expect(snap.local).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    expect(snap.notes).toEqual([
      "localStorage: key() failed (key refused): read from the storage's own properties instead.",
    ]);
  });

  it('stops reading after 1.5 s in the page when each read is slow', async () => {
    const slow = (k: string) => {
      const until = Date.now() + 200;
      while (Date.now() < until) {
        /* a page that makes every read slow */
      }
      return k;
    };
    await inPage({ localStorage: storage(50, slow), sessionStorage: storage(0, () => null), document: { cookie: '' } });
    const snap = (await readInspectedStorage()) as { local: unknown[]; notes: string[] };
    // Each read takes at least 200 ms of wall time, more on a busy machine: some 8 fit in 1.5 s, at least one.
    expect(snap.local.length).toBeGreaterThan(0);
    expect(snap.local.length).toBeLessThan(12);
    expect(snap.notes[0]).toMatch(/^localStorage: stopped at key #\d+ of 50 after 1500 ms\.$/);
  }, 10_000);

  it('a page that never answers: the panel stops waiting and says so', async () => {
    await inPage('never');
    vi.useFakeTimers();
    const result = readInspectedStorage();
    await vi.advanceTimersByTimeAsync(reader.PANEL_TIMEOUT_MS);
    expect(await result).toMatchObject({
      local: [],
      session: [],
      cookie: '',
      notes: ['The page did not answer the storage read within 5 s; nothing from its storage is shown.'],
    });
  });

  it('an exception in the page becomes a note', async () => {
    // A page that replaced Date.now with a function that throws: the reader's clock is outside its try blocks.
    await inPage({
      Date: {
        now: () => {
          throw new TypeError('Date.now is not yours');
        },
      },
      localStorage: storage(1, () => 'v'),
    });
    expect(await readInspectedStorage()).toMatchObject({
      notes: ['The storage read failed in the page: TypeError: Date.now is not yours'],
    });
  });
});
