// The storage reader against a fake `chrome.devtools.inspectedWindow.eval` that does what the real one does: runs the
// expression in the page's own world (here a vm context standing in for a hostile page) and calls back with
// (result, exceptionInfo).
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: { devtools: { inspectedWindow: { eval: async () => [undefined, undefined] } } } }));
const { readInspectedStorage, PANEL_TIMEOUT_MS } = await import('../../src/devtools/storage-reader.js');

type Page = Record<string, unknown>;
const g = globalThis as { chrome?: unknown };

/** A Storage-like object as a page may present it; `entries` may be huge, `getItem` may misbehave. */
function storage(count: number, getItem: (key: string) => unknown) {
  return { get length() { return count; }, key: (i: number) => (i < count ? `k${i}` : null), getItem };
}

function inPage(page: Page) {
  g.chrome = {
    devtools: {
      inspectedWindow: {
        eval: (expression: string, _options: object, callback: (result: unknown, exception: unknown) => void) => {
          // Descriptors, not a spread: a page's getters must run in the page, when the reader touches them.
          const context = vm.createContext(Object.defineProperties({ location: { href: 'https://app.contoso.com/' } }, Object.getOwnPropertyDescriptors(page)));
          vm.runInContext('window = this', context);
          try {
            callback(vm.runInContext(expression, context), undefined);
          } catch (err) {
            callback(undefined, { isException: true, value: String(err) });
          }
        },
      },
    },
  };
}

afterEach(() => {
  delete g.chrome;
  vi.useRealTimers();
});

describe('readInspectedStorage', () => {
  it('reads keys, values and document.cookie as plain data', async () => {
    inPage({ localStorage: storage(2, (k) => `value of ${k}`), sessionStorage: storage(0, () => null), document: { cookie: 'a=1; b=2' } });
    const snap = (await readInspectedStorage()) as Record<string, unknown>;
    expect(snap).toMatchObject({ url: 'https://app.contoso.com/', local: [{ key: 'k0', value: 'value of k0' }, { key: 'k1', value: 'value of k1' }], session: [], cookie: 'a=1; b=2', notes: [] });
    expect(typeof snap.time).toBe('string');
  });

  it('a hostile page: 100,000 keys, a throwing getItem, a 50 MB value and a throwing cookie getter', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const page = {
      localStorage: storage(100_000, (k) => (k === 'k7' ? huge : '1')),
      sessionStorage: storage(3, (k) => { if (k === 'k1') throw new Error('getItem refused'); return 'ok'; }),
      document: Object.defineProperty({}, 'cookie', { get() { throw new Error('cookie getter refused'); } }),
    };
    inPage(page);
    const snap = (await readInspectedStorage()) as { local: Array<{ key: string; value: string | null; size?: number }>; session: unknown[]; cookie: string; notes: string[] };
    expect(snap.local).toHaveLength(10_000);
    expect(snap.local[7]).toEqual({ key: 'k7', value: null, size: 52_428_800 });
    expect(snap.session).toEqual([{ key: 'k0', value: 'ok' }, { key: 'k2', value: 'ok' }]);
    expect(snap.cookie).toBe('');
    expect(snap.notes).toEqual([
      'localStorage holds 100000 keys: only the first 10000 were read.',
      'sessionStorage: key #1 could not be read: getItem refused',
      'document.cookie could not be read: cookie getter refused',
    ]);
  });

  it('a page whose localStorage getter throws (an opaque origin) still gives sessionStorage', async () => {
    const page = Object.defineProperty({ sessionStorage: storage(1, () => 'v'), document: { cookie: '' } }, 'localStorage', { get() { throw new Error('The operation is insecure.'); }, enumerable: true });
    inPage(page);
    const snap = (await readInspectedStorage()) as { local: unknown[]; session: unknown[]; notes: string[] };
    expect(snap.local).toEqual([]);
    expect(snap.session).toEqual([{ key: 'k0', value: 'v' }]);
    expect(snap.notes).toEqual(['localStorage could not be opened: The operation is insecure.']);
  });

  it('stops reading after 1.5 s in the page when each read is slow', async () => {
    const slow = (k: string) => {
      const until = Date.now() + 200;
      while (Date.now() < until) { /* a page that makes every read slow */ }
      return k;
    };
    inPage({ localStorage: storage(50, slow), sessionStorage: storage(0, () => null), document: { cookie: '' } });
    const snap = (await readInspectedStorage()) as { local: unknown[]; notes: string[] };
    expect(snap.local.length).toBeGreaterThan(5);
    expect(snap.local.length).toBeLessThan(12);
    expect(snap.notes[0]).toMatch(/^localStorage: stopped at key #\d+ of 50 after 1500 ms\.$/);
  }, 10_000);

  it('a page that never answers: the panel stops waiting and says so', async () => {
    vi.useFakeTimers();
    g.chrome = { devtools: { inspectedWindow: { eval: () => {} } } };
    const result = readInspectedStorage();
    await vi.advanceTimersByTimeAsync(PANEL_TIMEOUT_MS);
    expect(await result).toMatchObject({ local: [], session: [], cookie: '', notes: ['The page did not answer the storage read within 5 s; nothing from its storage is shown.'] });
  });

  it('an exception in the page becomes a note', async () => {
    g.chrome = { devtools: { inspectedWindow: { eval: (_e: string, _o: object, cb: (r: unknown, x: unknown) => void) => cb(undefined, { isException: true, value: 'ReferenceError: window is not defined' }) } } };
    expect(await readInspectedStorage()).toMatchObject({ notes: ['The storage read failed in the page: ReferenceError: window is not defined'] });
  });
});
