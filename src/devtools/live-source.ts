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

/**
 * Response body of a live request. Chrome answers `getContent(callback)` with (content, encoding); Firefox's
 * promise resolves to [content, mimeType]. Whether the text is base64 is read from the HAR entry itself where
 * the browser says so, and from Chrome's encoding otherwise.
 */
function readContent(req: HarRequest): Promise<{ text: string; base64: boolean } | null> {
  return new Promise((resolve) => {
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

const themeOf = (name: string | undefined): ThemeName => (name === 'dark' ? 'dark' : 'light');

export function createLiveSource(): TokenSource {
  const network = browser.devtools.network;
  // Requests that finish while getHAR() is still answering can arrive twice: once in each.
  const seenInBackfill = new Set<string>();
  let backfilled = false;
  const early: unknown[] = [];
  const listeners: Array<(entry: unknown) => void> = [];

  network.onRequestFinished.addListener((req) => {
    void toEntry(req as unknown as HarRequest).then((entry) => {
      if (!backfilled) early.push(entry);
      else if (!seenInBackfill.has(entryKey(entry))) listeners.forEach((l) => l(entry));
    });
  });

  return {
    async backfill() {
      try {
        const har = await network.getHAR();
        const entries = (har.entries ?? []) as unknown[];
        for (const e of entries) seenInBackfill.add(entryKey(e));
        const late = early.filter((e) => !seenInBackfill.has(entryKey(e)));
        backfilled = true;
        return [...entries, ...late];
      } catch {
        backfilled = true;
        return early;
      }
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
