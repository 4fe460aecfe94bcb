/**
 * The panel's live source: `devtools.network` behind the small TokenSource interface. This file and
 * devtools.ts are the only ones that touch the browser's extension API.
 */
import browser from 'webextension-polyfill';
import { entryKey, wantsResponseBody } from '../core/capture.js';
import type { ThemeName, TokenSource } from '../panel/source.js';

type HarRequest = Record<string, unknown> & {
  response?: { content?: Record<string, unknown> };
  getContent?: (callback?: (content: string | null, second: string) => void) => unknown;
};

const CONTENT_TIMEOUT_MS = 1500;

/**
 * Response body of a live request. Chrome answers `getContent(callback)` with (content, encoding); Firefox's
 * promise resolves to [content, mimeType]. Whether the text is base64 is read from the HAR entry itself where
 * the browser says so, and from Chrome's encoding otherwise.
 */
function readContent(req: HarRequest): Promise<{ text: string; base64: boolean } | null> {
  return new Promise((resolve) => {
    // Chrome never answers for some requests read from getHAR(); that must not hold up the panel.
    setTimeout(() => resolve(null), CONTENT_TIMEOUT_MS);
    const done = (content: unknown, second: unknown) =>
      resolve(typeof content === 'string' ? { text: content, base64: req.response?.content?.encoding === 'base64' || second === 'base64' } : null);
    try {
      const result = req.getContent?.((content, second) => done(content, second));
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<[unknown, unknown]>).then(([content, second]) => done(content, second), () => resolve(null));
      } else if (!req.getContent) resolve(null);
    } catch {
      resolve(null);
    }
  });
}

/** A copy of the entry that is plain data: the live object carries methods and cannot cross into the core as is. */
async function toEntry(req: HarRequest): Promise<unknown> {
  const entry = { ...req } as Record<string, unknown> & { response?: Record<string, unknown> };
  delete entry.getContent;
  if (wantsResponseBody(req)) {
    const content = await readContent(req);
    if (content) {
      const response = { ...(req.response ?? {}) };
      response.content = { ...(req.response?.content ?? {}), text: content.text, ...(content.base64 ? { encoding: 'base64' } : {}) };
      entry.response = response;
    }
  }
  return entry;
}

/**
 * An entry from getHAR() with its response body where one is wanted. Chrome's HAR entries answer getContent() like
 * the event's requests do, so a token response sent before the panel opened (or missed by the event) still shows
 * its tokens; where an entry cannot, it goes on without the body.
 */
const withBody = (e: unknown): Promise<unknown> => (wantsResponseBody(e) ? toEntry(e as HarRequest) : Promise.resolve(e));

const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : 'light');

/** Requests younger than this are left to onRequestFinished, which brings their bodies; older ones missed are taken from the HAR. */
const SETTLE_MS = 2000;
/**
 * Past this many requests, re-reading the whole HAR costs more than it saves: each read copies every request into
 * the panel (about 15 KB each with token headers, so a read of 10,000 briefly holds some 150 MB), so the panel then
 * relies on onRequestFinished alone.
 */
export const RECONCILE_LIMIT = 10_000;

export function createLiveSource(): TokenSource {
  const network = browser.devtools.network;
  // One delivery per request. onRequestFinished does not fire for every request (Chromium skips some,
  // e.g. fetches answered with Cache-Control: no-store), so the HAR DevTools holds is read again now and
  // then and what the event missed is taken from it. getHAR() and the event can also both report a
  // request that finished while the panel was opening.
  const seen = new Set<string>();
  let backfilled = false;
  const early: unknown[] = [];
  const listeners: Array<(entry: unknown) => void> = [];

  const deliver = (entry: unknown) => {
    const key = entryKey(entry);
    if (seen.has(key)) return;
    seen.add(key);
    listeners.forEach((l) => l(entry));
  };

  network.onRequestFinished.addListener((req) => {
    void toEntry(req as unknown as HarRequest).then((entry) => (backfilled ? deliver(entry) : early.push(entry)));
  });

  async function harEntries(): Promise<unknown[]> {
    const har = await network.getHAR();
    return (har.entries ?? []) as unknown[];
  }

  async function reconcile() {
    // Checked before reading too: the backed-off pause may have let the log grow far past the limit.
    if (seen.size > RECONCILE_LIMIT) return;
    const started = Date.now();
    let count = 0;
    try {
      const entries = await harEntries();
      count = entries.length;
      const settled = Date.now() - SETTLE_MS;
      const missed = entries.filter((e) => finishedBefore(e, settled) && !seen.has(entryKey(e)));
      for (const e of await Promise.all(missed.map(withBody))) deliver(e);
    } catch {
      // DevTools closing or navigating: try again next time.
    }
    if (count > RECONCILE_LIMIT) return;
    // A long capture makes getHAR() dearer: spend at most a tenth of the time reading it.
    setTimeout(() => void reconcile(), Math.max(2000, 10 * (Date.now() - started)));
  }

  return {
    async backfill() {
      let entries: unknown[] = [];
      try {
        entries = await Promise.all((await harEntries()).map(withBody));
      } catch {
        entries = [];
      }
      for (const e of entries) seen.add(entryKey(e));
      const late = early.filter((e) => !seen.has(entryKey(e)));
      for (const e of late) seen.add(entryKey(e));
      backfilled = true;
      setTimeout(() => void reconcile(), 2000);
      return [...entries, ...late];
    },
    onEntry: (listener) => listeners.push(listener),
    onNavigated: (listener) => network.onNavigated.addListener(listener),
    theme: () => themeOf(browser.devtools.panels.themeName),
    onThemeChanged: (listener) => {
      const panels = browser.devtools.panels as unknown as { onThemeChanged?: { addListener(l: (name: string) => void): void } };
      panels.onThemeChanged?.addListener((name) => listener(themeOf(name)));
    },
  };
}

function finishedBefore(raw: unknown, ms: number): boolean {
  const e = raw as { startedDateTime?: unknown; time?: unknown };
  const start = typeof e.startedDateTime === 'string' ? Date.parse(e.startedDateTime) : NaN;
  const time = typeof e.time === 'number' && e.time > 0 ? e.time : 0;
  return Number.isFinite(start) && start + time < ms;
}
