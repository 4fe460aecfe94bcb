import { harText } from '../fixtures/capture.js';
import { inThreadPort } from '../../src/panel/import/client.js';
import type { Clock } from '../../src/panel/store/index.js';
import { type ImportedSession, createSessionsStore } from '../../src/panel/store/sessions.js';
import type { ThemeName, TokenSource } from '../../src/panel/source.js';

/** A clock the test moves by hand: timers fire only when `advance` passes them. */
export function fakeClock(startMs: number) {
  let now = startMs;
  let timers: Array<{ at: number; every: number | null; fn: () => void }> = [];
  const clock: Clock & { advance(ms: number): void; flushNow(): void } = {
    now: () => now,
    every: (ms, fn) => void timers.push({ at: now + ms, every: ms, fn }),
    later: (ms, fn) => void timers.push({ at: now + ms, every: null, fn }),
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        now = next.at;
        if (next.every === null) timers = timers.filter((t) => t !== next);
        else next.at += next.every;
        next.fn();
      }
      now = end;
    },
    flushNow() {
      this.advance(0);
    },
  };
  return clock;
}

/** A source the test drives: entries before the panel opened, then live ones, navigations and theme changes. */
export function fakeSource(backfill: unknown[] = [], theme: ThemeName = 'light') {
  const entryListeners: Array<(e: unknown) => void> = [];
  const navListeners: Array<(url: string) => void> = [];
  const themeListeners: Array<(t: ThemeName) => void> = [];
  const source: TokenSource & { send(e: unknown): void; navigate(url: string): void; setTheme(t: ThemeName): void } = {
    backfill: async () => backfill,
    onEntry: (l) => entryListeners.push(l),
    onNavigated: (l) => navListeners.push(l),
    theme: () => theme,
    onThemeChanged: (l) => themeListeners.push(l),
    send: (e) => entryListeners.forEach((l) => l(e)),
    navigate: (url) => navListeners.forEach((l) => l(url)),
    setTheme: (t) => themeListeners.forEach((l) => l(t)),
  };
  return source;
}

export const bearerEntry = (
  token: string,
  started: string,
  url = 'https://graph.microsoft.com/v1.0/me',
  status = 200,
) => ({
  startedDateTime: started,
  time: 40,
  request: { method: 'GET', url, headers: [{ name: 'Authorization', value: `Bearer ${token}` }] },
  response: { status, headers: [] },
});

/** A HAR file's bytes holding these entries. */
export const harBytes = (entries: unknown[]) => new TextEncoder().encode(harText(entries)).buffer;

/** An imported session as the panel gets one: the file read by the import handler (in this thread, as in Node). */
export async function importedSession(name: string, entries: unknown[]): Promise<ImportedSession> {
  let session: ImportedSession | undefined;
  const store = createSessionsStore({
    notify: () => {},
    imported: (s) => void (session = s),
    changed: () => {},
    spawn: inThreadPort,
  });
  await store.importHar(name, harBytes(entries));
  return session!;
}
