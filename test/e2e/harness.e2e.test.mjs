// The e2e harness refuses a browser older than the extension's declared minimum within seconds, saying why,
// instead of hanging in DevTools (Firefox ESR 140 against a 142 minimum once hung for minutes).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openChromiumPanel, openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, root } from './helpers.mjs';

/** A copy of a build whose manifest asks for a version no browser has yet. */
function buildAsking(browser, edit) {
  const dir = fs.mkdtempSync(path.join(root, '.tmp', `too-new-${browser}-`));
  fs.cpSync(dist(browser), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  edit(manifest);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

for (const [
  browser,
  open,
  edit,
  pattern,
] of /** @type {Array<[string, (o: { extDir: string, url: string }) => Promise<unknown>, (m: any) => void, RegExp]>} */ ([
  [
    'firefox',
    openFirefoxPanel,
    (m) => (m.browser_specific_settings.gecko.strict_min_version = '999.0'),
    /Mozilla Firefox [\d.]+esr is older than the 999\.0 the extension's manifest requires/,
  ],
  [
    'chrome',
    openChromiumPanel,
    (m) => (m.minimum_chrome_version = '999'),
    /Chromium [\d.]+ is older than the 999 the extension's manifest requires/,
  ],
])) {
  test(`${browser}: a browser older than the manifest minimum fails at once with the reason`, async () => {
    const dir = buildAsking(browser, edit);
    const t0 = Date.now();
    try {
      await assert.rejects(open({ extDir: dir, url: 'about:blank' }), pattern);
      assert.ok(Date.now() - t0 < 10_000, `failed after ${Date.now() - t0} ms`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
