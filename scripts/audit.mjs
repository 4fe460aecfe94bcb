#!/usr/bin/env node
// `npm audit --omit=dev` for CI: fails on a high or critical advisory in what ships. When the advisory service
// cannot be reached at all (some mirrors answer 405), it says so plainly instead of failing the build on it.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit printed no report:\n${run.stderr}`);
  process.exit(1);
}
const unreachable = report.error?.summary || report.error?.code || report.message || (report.metadata ? null : 'no metadata in the answer');
if (unreachable) {
  console.log(`npm audit: the advisory service could not be reached (${unreachable}); no advisories were checked.`);
  process.exit(0);
}
const v = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit (production dependencies): ${v.critical ?? 0} critical, ${v.high ?? 0} high, ${v.moderate ?? 0} moderate, ${v.low ?? 0} low`);
process.exit((v.critical ?? 0) + (v.high ?? 0) > 0 ? 1 : 0);
