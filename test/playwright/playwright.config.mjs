// Playwright Test over the demo site with the `bearerscope/playwright` fixture, on the Chromium the e2e suite uses
// (Debian's, or CHROME_PATH): Playwright's own browser builds are never downloaded. Run by
// test/e2e/playwright-fixture.e2e.test.mjs, which reads the JSON reporter's output.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { findBrowser } from '../../scripts/browsers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  testDir: here,
  testMatch: '*.spec.mjs',
  outputDir: path.join(here, '../../.tmp/playwright-results'),
  globalSetup: path.join(here, 'demo-setup.mjs'),
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: findBrowser('chromium') ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
