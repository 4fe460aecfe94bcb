#!/usr/bin/env node
// `npm run test:e2e`: every e2e file once on the default browsers (CHROME_PATH / FIREFOX_PATH or the installed
// ones), then the Chromium files again on each extra Chromium listed in E2E_CHROMIUMS (paths separated by ':'),
// e.g. an older one that takes the other code path (.ci/run adds Chromium 150). E2E_CPU_HOG=1 keeps every core but
// one busy meanwhile (test/e2e/cpu-hog.mjs), as a loaded CI machine is. Ends by saying which browsers the run covered,
// what it did not, and how long it took.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCpuHog, hogCount } from '../test/e2e/cpu-hog.mjs';
import { findBrowser } from './browsers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** No single test or hook may run longer than this: a hang fails the run with the test's name. */
const TEST_TIMEOUT_MS = 150_000;
const tmp = path.join(root, '.tmp');
fs.mkdirSync(tmp, { recursive: true });

const dir = path.join(root, 'test', 'e2e');
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.e2e.test.mjs'))
  .sort();
// Firefox-only files have "firefox" in their names (firefox.e2e…, storage-firefox.e2e…).
const chromiumFiles = all.filter((f) => !f.includes('firefox'));
const extra = (process.env.E2E_CHROMIUMS ?? '').split(path.delimiter).filter(Boolean);

const version = (bin) => spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 15_000 }).stdout?.trim() || bin;

/** What failed, per run, as failure-digest.mjs wrote it: printed again at the end. */
const digests = [];

function run(files, env, label) {
  console.log(`\n=== e2e on ${label}: ${files.join(', ')}`);
  const digest = path.join(tmp, `failures-${digests.length}.txt`);
  fs.rmSync(digest, { force: true });
  const r = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      `--test-timeout=${TEST_TIMEOUT_MS}`,
      '--test-reporter=tap',
      '--test-reporter-destination=stdout',
      `--test-reporter=${path.join(dir, 'failure-digest.mjs')}`,
      `--test-reporter-destination=${digest}`,
      ...files.map((f) => path.join(dir, f)),
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, TMPDIR: tmp, ...env },
    },
  );
  const failed = fs.existsSync(digest) ? fs.readFileSync(digest, 'utf8').trim() : '';
  if (failed) digests.push(`on ${label}:\n${failed}`);
  fs.rmSync(digest, { force: true });
  return r.status === 0;
}

const started = Date.now();
const hog = process.env.E2E_CPU_HOG === '1';
const stopHog = hog ? startCpuHog() : () => {};
const chromium = findBrowser('chromium');
const firefox = findBrowser('firefox');
const results = [];
const firefoxFiles = all.filter((f) => f.includes('firefox'));
results.push([
  `${chromium ? version(chromium) : 'no Chromium'} (and the Firefox tests in mixed files)`,
  run(chromiumFiles, {}, 'the default browsers'),
]);
const firefoxLabel = firefox ? version(firefox) : 'no Firefox';
results.push([firefoxLabel, run(firefoxFiles, {}, firefoxLabel)]);
for (const bin of extra) {
  if (!fs.existsSync(bin)) {
    results.push([`${bin} (not found)`, false]);
    continue;
  }
  results.push([version(bin), run(chromiumFiles, { CHROME_PATH: bin }, version(bin))]);
}

// Browser profiles live in .tmp while a test runs; none may stay behind.
const left = fs.readdirSync(tmp).filter((f) => /^(bearerscope-(chromium|firefox)-|puppeteer_dev_)/.test(f));
if (left.length) results.push([`profiles left behind in .tmp: ${left.join(', ')}`, false]);

stopHog();
console.log(
  `\ne2e summary (${((Date.now() - started) / 1000).toFixed(0)} s${hog ? `, with ${hogCount()} busy process(es) beside it` : ''}):`,
);
if (digests.length) console.log(`\nwhat failed:\n${digests.join('\n')}`);
for (const [what, ok] of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
if (!extra.length) {
  console.log(
    '  not covered: an older Chromium (the path Chrome before 152 takes, with no `browser` namespace in DevTools pages).',
  );
  console.log(
    '  Set E2E_CHROMIUMS to more Chromium binaries, e.g. E2E_CHROMIUMS="$(../shared/browsers/old-chromium)"; .ci/run does.',
  );
}
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
