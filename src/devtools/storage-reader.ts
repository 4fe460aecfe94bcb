/**
 * Reads the inspected page's `localStorage`, `sessionStorage` and top-frame `document.cookie` through
 * `devtools.inspectedWindow.eval` (no permission needed beyond DevTools itself). Read only: the code run in the page
 * calls `length`, `key()`, `getItem()` (or lists the storage's own properties) and reads `document.cookie`, and writes nothing. What comes back stays in the
 * panel's memory; src/core/find/storage.ts makes sense of it.
 *
 * The page is hostile by assumption: it runs in the page's own world, so a page can replace `Storage.prototype`, make
 * a getter throw or loop, or hold 100,000 keys and 50 MB values. Where `key()` or `getItem()` throws or is not the
 * browser's own, the storage's own named properties are read instead (a note says so). So the code run there reads at most
 * MAX_STORAGE_ITEMS keys, skips (and sizes) any value over MAX_FIELD_CHARS, stops after PAGE_TIME_MS and at a total
 * budget, catches every throw per key; and the panel gives up waiting after PANEL_TIMEOUT_MS, whatever the page
 * does. What a page shows its own scripts is what we read: a page that fakes its storage fools this too (the panel's
 * help says so).
 *
 * Deliberately not read: IndexedDB (an async API `inspectedWindow.eval` cannot wait for; MSAL's DPoP/PoP keys live
 * there as non-extractable CryptoKeys), other frames' storage, HttpOnly cookies (the traffic shows those).
 */
import browser from 'webextension-polyfill';
import { MAX_FIELD_CHARS, MAX_STORAGE_ITEMS } from '../core/util/limits.js';

/** Total characters of keys and values taken in one read; past it, values are sized but not read. */
const BUDGET_CHARS = 8_000_000;
const PAGE_TIME_MS = 1500;
export const PANEL_TIMEOUT_MS = 5000;

/**
 * Runs in the inspected page (its source is sent as text). Self-contained and plain on purpose: it must not
 * depend on anything outside itself, and it avoids the Array and String methods a page can replace.
 */
function readPageStorage(maxKeys: number, maxValue: number, budget: number, timeMs: number) {
  let start = Date.now();
  let notes: string[] = [];
  let used = 0;
  let note = function (text: string) {
    if (notes.length < 20) notes[notes.length] = text;
  };
  let why = function (e: unknown) {
    try {
      return typeof e === 'object' && e !== null && typeof (e as Error).message === 'string'
        ? (e as Error).message.substring(0, 200)
        : typeof e;
    } catch (_) {
      return 'unknown error';
    }
  };
  // A function the page has not replaced shows `[native code]`; a page can fake that too, so a read through these is
  // best effort, and the notes say when it relied on them.
  let isNative = function (f: unknown) {
    try {
      return typeof f === 'function' && ('' + Function.prototype.toString.call(f)).indexOf('[native code]') >= 0;
    } catch (_) {
      return false;
    }
  };
  let storageProto: Storage | null = null;
  try {
    storageProto = typeof Storage === 'function' ? (Storage.prototype as Storage) : null;
  } catch (_) {
    storageProto = null;
  }
  /** The keys a Storage object holds as its own named properties, read without `key()`. */
  let ownKeys = function (name: string, s: Storage): string[] {
    let list: unknown = null;
    let how = Object.keys;
    if (!isNative(how)) how = Object.getOwnPropertyNames;
    if (!isNative(how))
      note(
        name + ": Object.keys is not the browser's own either: the keys read may be the ones the page chose to show.",
      );
    try {
      list = how(s);
    } catch (e) {
      note(name + ': its keys could not be listed: ' + why(e));
    }
    let out: string[] = [];
    if (!list || typeof (list as { length?: unknown }).length !== 'number') return out;
    let n = (list as string[]).length;
    for (let i = 0; i < n && out.length < maxKeys; i++) {
      let k = (list as unknown[])[i];
      if (typeof k === 'string') out[out.length] = k;
    }
    return out;
  };
  /** A value read as the storage's own property, without `getItem()`. */
  let ownValue = function (s: Storage, k: string): unknown {
    let get = Object.getOwnPropertyDescriptor;
    if (isNative(get)) {
      let d = get(s, k);
      return d ? d.value : null;
    }
    return (s as unknown as Record<string, unknown>)[k];
  };
  let area = function (name: 'localStorage' | 'sessionStorage') {
    let out: Array<{ key: string; value: string | null; size?: number }> = [];
    let s: Storage;
    let n = 0;
    try {
      s = window[name];
      n = Number(s.length);
    } catch (e) {
      note(name + ' could not be opened: ' + why(e));
      return out;
    }
    if (!(n >= 0)) n = 0;
    if (n > maxKeys) note(name + ' holds ' + n + ' keys: only the first ' + maxKeys + ' were read.');
    let count = n < maxKeys ? n : maxKeys;
    // Logging or quota shims wrap Storage.prototype.key/getItem; a wrapper may throw, or show what it likes. Then the
    // storage's own named properties (the Web Storage spec's supported property names) are read instead.
    let keyOwn = false;
    let valueOwn = false;
    try {
      keyOwn = storageProto !== null && !isNative(s.key);
      valueOwn = storageProto !== null && !isNative(s.getItem);
    } catch (_) {
      keyOwn = valueOwn = storageProto !== null;
    }
    if (keyOwn || valueOwn)
      note(
        name +
          ': the page replaced Storage.prototype.' +
          (keyOwn ? (valueOwn ? 'key and getItem' : 'key') : 'getItem') +
          ": read from the storage's own properties instead.",
      );
    let keys: string[] | null = keyOwn ? ownKeys(name, s) : null;
    if (keys !== null) count = keys.length;
    let usedBefore = used;
    for (let i = 0; i < count; i++) {
      if (Date.now() - start > timeMs) {
        note(name + ': stopped at key #' + i + ' of ' + count + ' after ' + timeMs + ' ms.');
        break;
      }
      let k: unknown = null;
      if (keys !== null) k = keys[i];
      else {
        try {
          k = s.key(i);
        } catch (e) {
          // key() broken for one index is broken for all: list the keys another way and start again.
          note(name + ': key() failed (' + why(e) + "): read from the storage's own properties instead.");
          keys = ownKeys(name, s);
          count = keys.length;
          valueOwn = true;
          out = [];
          used = usedBefore;
          i = -1;
          continue;
        }
      }
      if (typeof k !== 'string') continue;
      try {
        let v: unknown = null;
        if (valueOwn) v = ownValue(s, k);
        else {
          try {
            v = s.getItem(k);
          } catch (e) {
            v = ownValue(s, k);
            if (typeof v !== 'string') throw e;
          }
        }
        if (typeof v !== 'string') continue;
        if (k.length > maxValue) continue;
        if (v.length > maxValue || used + v.length + k.length > budget) {
          out[out.length] = { key: k, value: null, size: v.length };
          used += k.length;
          continue;
        }
        used += v.length + k.length;
        out[out.length] = { key: k, value: v };
      } catch (e) {
        note(name + ': key #' + i + ' could not be read: ' + why(e));
      }
    }
    return out;
  };
  let local = area('localStorage');
  let session = area('sessionStorage');
  let cookie = '';
  let url = '';
  try {
    let c = document.cookie;
    if (typeof c === 'string' && c.length <= maxValue) cookie = c;
  } catch (e) {
    note('document.cookie could not be read: ' + why(e));
  }
  try {
    url = '' + location.href;
  } catch (_) {
    url = '';
  }
  return { url: url, local: local, session: session, cookie: cookie, notes: notes };
}

type EvalException = { isException?: boolean; value?: unknown; description?: string } | undefined;

/**
 * `inspectedWindow.eval` with its callback: Chrome's own `browser` namespace (152+) does not return a promise for it
 * (measured on Chromium 156: the awaited value is not the [result, exception] pair), while both browsers answer the
 * `chrome.*` callback form. The polyfill's promise form is the fallback where `chrome` is absent.
 */
function evalInPage(expression: string): Promise<[unknown, EvalException]> {
  const api = (
    globalThis as {
      chrome?: {
        devtools?: {
          inspectedWindow?: { eval(e: string, o: object, cb: (r: unknown, x: EvalException) => void): void };
        };
      };
    }
  ).chrome?.devtools?.inspectedWindow;
  if (api)
    return new Promise((resolve) => api.eval(expression, {}, (result, exception) => resolve([result, exception])));
  return browser.devtools.inspectedWindow.eval(expression) as Promise<[unknown, EvalException]>;
}

const EXPRESSION = `(${readPageStorage.toString()})(${MAX_STORAGE_ITEMS}, ${MAX_FIELD_CHARS}, ${BUDGET_CHARS}, ${PAGE_TIME_MS})`;

/**
 * One read of the inspected page's storage, as plain data for `scanStorage`. Never throws and never waits longer than
 * PANEL_TIMEOUT_MS: a page that hangs or throws gives a snapshot with a note instead.
 */
export async function readInspectedStorage(): Promise<unknown> {
  const time = new Date().toISOString();
  const failed = (text: string) => ({ url: '', time, local: [], session: [], cookie: '', notes: [text] });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<unknown>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          failed(
            `The page did not answer the storage read within ${PANEL_TIMEOUT_MS / 1000} s; nothing from its storage is shown.`,
          ),
        ),
      PANEL_TIMEOUT_MS,
    );
  });
  const read = (async () => {
    try {
      const [value, exception] = await evalInPage(EXPRESSION);
      if (exception && (exception.isException || exception.description))
        return failed(
          `The storage read failed in the page: ${String(exception.value ?? exception.description ?? 'error').slice(0, 300)}`,
        );
      return typeof value === 'object' && value !== null
        ? { ...(value as Record<string, unknown>), time }
        : failed('The storage read returned nothing usable.');
    } catch (err) {
      return failed(`The storage read failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 400));
    }
  })();
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
