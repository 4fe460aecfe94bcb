// The fake DevTools page the unit tests run on must look like the real browsers where Bearerscope's code looks:
// SHAPES is what the live e2e files read in real Chromium 150, Chromium 156 and Firefox ESR 153, and they fail when
// a browser stops matching it. The DevTools page itself (devtools.ts) runs over the fake first, and the panel is
// shown, so that its hand-off reaches this window as it reaches the panel's in the browsers.
import { afterEach, expect, it, vi } from 'vitest';
import { apiShape, SHAPES } from '../e2e/api-shape.mjs';
import { installFakeDevtools, type Flavour } from './fake-devtools.js';

let fake: ReturnType<typeof installFakeDevtools> | undefined;
afterEach(() => {
  fake?.uninstall();
  delete (globalThis as { bearerscopeCapture?: unknown }).bearerscopeCapture;
});

it.each(['chrome150', 'chrome156', 'firefox'] as const)(
  'the fake %s has the shape read in the real browser',
  async (flavour: Flavour) => {
    fake = installFakeDevtools(flavour);
    vi.resetModules();
    await import('../../src/devtools/devtools.js');
    await vi.waitFor(() => expect(fake!.state.panelsCreated).toBe(1));
    await new Promise((r) => setTimeout(r, 0)); // the callback comes from the message loop
    fake.showPanel(globalThis);
    expect(await apiShape(globalThis)).toEqual(SHAPES[flavour]);
  },
);
