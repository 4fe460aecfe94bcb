// The fake DevTools page the unit tests run on must look like the real browsers where Bearerscope's code looks:
// SHAPES is what the live e2e files read in real Chromium 150, Chromium 156 and Firefox ESR 153, and they fail when
// a browser stops matching it.
import { afterEach, expect, it } from 'vitest';
import { apiShape, SHAPES } from '../e2e/api-shape.mjs';
import { installFakeDevtools, type Flavour } from './fake-devtools.js';

let fake: ReturnType<typeof installFakeDevtools> | undefined;
afterEach(() => fake?.uninstall());

it.each(['chrome150', 'chrome156', 'firefox'] as const)('the fake %s has the shape read in the real browser', async (flavour: Flavour) => {
  fake = installFakeDevtools(flavour);
  expect(await apiShape(globalThis)).toEqual(SHAPES[flavour]);
});
