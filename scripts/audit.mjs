#!/usr/bin/env node
// `npm audit` for CI: fails on a high or critical advisory in a package whose code ships. Everything ships bundled
// (the package has no runtime dependency), so what ships is read from the build's list (dist/bundled-packages.json,
// written by esbuild.mjs) rather than from `dependencies`. When the advisory service cannot be reached at all (some
// mirrors answer 405), it says so plainly instead of failing the build on it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const listFile = 'dist/bundled-packages.json';
if (!fs.existsSync(listFile) && spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);
const shipped = JSON.parse(fs.readFileSync(listFile, 'utf8'));

const run = spawnSync('npm', ['audit', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit printed no report:\n${run.stderr}`);
  process.exit(1);
}
const unreachable =
  report.error?.summary ||
  report.error?.code ||
  report.message ||
  (report.metadata ? null : 'no metadata in the answer');
if (unreachable) {
  console.log(`npm audit: the advisory service could not be reached (${unreachable}); no advisories were checked.`);
  process.exit(0);
}
const serious = Object.values(report.vulnerabilities ?? {}).filter(
  (v) => Object.hasOwn(shipped, v.name) && (v.severity === 'high' || v.severity === 'critical'),
);
console.log(
  `npm audit: ${Object.keys(shipped).length} bundled packages checked, ${serious.length} with a high or critical advisory`,
);
for (const v of serious)
  console.log(`  ${v.name} (${v.severity}): ${v.via.map((x) => (typeof x === 'string' ? x : x.title)).join('; ')}`);
process.exit(serious.length ? 1 : 0);
