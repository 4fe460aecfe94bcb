// `bearerscope/playwright` in Playwright Test itself (test/playwright/: the demo site on Debian's Chromium, no
// Playwright browser download). Here rather than in the unit suite because it needs a browser, as every e2e file
// does; scripts/e2e.mjs runs it on each Chromium it covers (CHROME_PATH reaches the Playwright config).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from './helpers.mjs';

const cli = path.join(root, 'node_modules', '@playwright', 'test', 'cli.js');

test('the fixture fails the test whose traffic leaks a token in a cookie, attaches the report, and passes a clean flow', () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'playwright.js')), 'no dist/playwright.js: run npm run build first');
  const r = spawnSync(
    process.execPath,
    [cli, 'test', '--config', 'test/playwright/playwright.config.mjs', '--reporter=json'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      timeout: 120_000,
    },
  );
  // The leak test is marked test.fail(): the run passes only if the fixture failed it.
  assert.equal(r.status, 0, `${r.stderr}\n${r.stdout.slice(0, 4000)}`);
  const json = JSON.parse(r.stdout);
  const results = Object.fromEntries(
    json.suites.flatMap((s) => s.specs).map((spec) => [spec.title, spec.tests[0].results[0]]),
  );
  const leak = results['the add-in start page keeps an access token in a cookie scripts can read'];
  const clean = results['a signed-in page and an API call without tokens pass'];
  assert.equal(leak.status, 'failed');
  assert.equal(leak.errors.length, 1);
  assert.match(
    leak.errors[0].message,
    /^Error: Bearerscope: 1 finding at --fail-on error in this test's traffic \(the report is attached\):\n {2}✖ cookie-leak \[user\+add-in [0-9a-f]{16}\] This user\+add-in token is kept in a cookie \(spAccessToken\)/,
  );
  const [attachment] = leak.attachments;
  assert.equal(attachment.name, 'bearerscope-report.html');
  assert.equal(attachment.contentType, 'text/html');
  const html = Buffer.from(attachment.body, 'base64').toString('utf8');
  assert.match(html, /<h1>Bearerscope report<\/h1>/);
  assert.match(html, /cookie-leak/);
  assert.equal(clean.status, 'passed', JSON.stringify(clean.errors));
  assert.deepEqual(
    clean.attachments.map((a) => a.name),
    ['bearerscope-report.html'],
  );
});
