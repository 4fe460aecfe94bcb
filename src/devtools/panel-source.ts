/**
 * The panel's side of the hand-off (handoff.ts): a TokenSource over the capture Bearerscope's DevTools page has run
 * since DevTools opened. The DevTools page sets the CaptureHandle on this window when the panel is first shown; the
 * panel may load just before or just after that. Everything that arrives is cloned into this window first.
 */
import type { SourceProblem, TokenSource } from '../panel/source.js';
import type { CaptureHandle, PanelSink } from './handoff.js';

/** Where the DevTools page leaves the handle, and the callback it calls if the panel is already waiting. */
export interface HandoffWindow {
  bearerscopeCapture?: CaptureHandle;
  bearerscopeCaptureArrived?: (handle: CaptureHandle) => void;
}

/** The DevTools page's side: gives `win` the handle (on every onShown: the first one counts). */
export function offerCapture(win: HandoffWindow, handle: CaptureHandle) {
  if (win.bearerscopeCapture) return;
  win.bearerscopeCapture = handle;
  win.bearerscopeCaptureArrived?.(handle);
}

const handleOf = (win: HandoffWindow) =>
  new Promise<CaptureHandle>((resolve) => {
    if (win.bearerscopeCapture) resolve(win.bearerscopeCapture);
    else win.bearerscopeCaptureArrived = resolve;
  });

type Listener<T> = (value: T) => void;

/** What of the panel's window the hand-off uses. */
export interface PanelWindow extends HandoffWindow {
  addEventListener(type: 'pagehide', listener: () => void): void;
  structuredClone(value: unknown): unknown;
}

export function handedSource(
  win: PanelWindow,
): Pick<TokenSource, 'backfill' | 'onEntry' | 'onNavigated' | 'onProblem'> {
  const entryListeners: Array<Listener<unknown>> = [];
  const navigationListeners: Array<Listener<string>> = [];
  const problemListeners: Array<Listener<SourceProblem>> = [];
  // What a listener throws stays here: the DevTools page takes a throw for a panel that is gone.
  const each = <T>(listeners: Array<Listener<T>>, value: T) =>
    listeners.forEach((l) => {
      try {
        l(value);
      } catch (err) {
        console.error(err);
      }
    });
  const clone = (value: unknown) => win.structuredClone(value);
  const sink: PanelSink = {
    entries: (list) => {
      for (const e of Array.from(list)) each(entryListeners, clone(e));
    },
    navigated: (url) => each(navigationListeners, String(url)),
    problem: ({ text, at, topic, action }) =>
      // Copied field by field into this window: the problem came from the DevTools page's.
      each(problemListeners, {
        text: String(text),
        at: Number(at),
        ...(topic === undefined ? {} : { topic: String(topic) }),
        ...(action
          ? { action: { id: String(action.id), label: String(action.label), arg: String(action.arg ?? '') } }
          : {}),
      }),
  };
  return {
    async backfill() {
      const { entries, detach } = await (await handleOf(win)).attach(sink);
      win.addEventListener('pagehide', detach);
      return Array.from(entries, clone);
    },
    onEntry: (l) => void entryListeners.push(l),
    onNavigated: (l) => void navigationListeners.push(l),
    onProblem: (l) => void problemListeners.push(l),
  };
}
