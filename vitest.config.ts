import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    // Unit tests assert behaviour, not speed (speed targets live in `npm run bench`). CI shares a 2-core machine,
    // where a test that reads 100,000 entries can take several times its idle time: only a hang should fail here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Loaded by vitest rather than Node, so that vi.resetModules() makes the polyfill look at its browser again
    // (test/devtools/live-source.test.ts runs it over a fake Chrome 150, Chrome 156 and Firefox in turn).
    server: { deps: { inline: ['webextension-polyfill'] } },
  },
});
