#!/usr/bin/env node
// `npm run bench`: the CLI's scan of a large HAR against JSON.parse of the same file, and its peak memory.
// Then the panel under load in real Chromium (bench/panel.mjs).
// Options: --entries N (default 50000), --huge (also a HAR over V8's ~512 MB string limit), --keep (reuse bench/out),
// --hostile-only (one hostile entry through the Analyzer: bench/hostile.mjs), --filter-only (the filter's keystrokes at
// 2,000 tokens: bench/filter.mjs), --import-only (the large HAR imported into the panel beside the CLI:
// bench/import.mjs), --no-panel, --panel-only, --soak (the
// live panel with PANEL_REQUESTS=100000 requests), --latency-only (live latency
// per browser: the default Chromium, each one in E2E_CHROMIUMS, and Firefox; --no-latency skips it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeHar } from './make-har.mjs';
import { benchLatency } from './latency.mjs';
import { benchHostile, benchHostilePanel } from './hostile.mjs';
import { benchFilter } from './filter.mjs';
import { benchImport } from './import.mjs';
import { benchPanel } from './panel.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { values: args } = parseArgs({
  options: {
    entries: { type: 'string', default: '50000' },
    huge: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-panel': { type: 'boolean', default: false },
    'panel-only': { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    'latency-only': { type: 'boolean', default: false },
    'hostile-only': { type: 'boolean', default: false },
    'filter-only': { type: 'boolean', default: false },
    'import-only': { type: 'boolean', default: false },
    'no-latency': { type: 'boolean', default: false },
  },
});
const out = path.join(here, 'out');
fs.mkdirSync(out, { recursive: true });
// The build's output is shown, and a failed build stops the bench: numbers from a stale dist/ would mislead.
if (spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' }).status !== 0) process.exit(1);

const MB = (n) => `${(n / 1e6).toFixed(1)} MB`;

/** Runs node with the RSS reporter preloaded; returns wall time and peak RSS. */
function measure(nodeArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', path.join(here, 'rss.mjs'), ...nodeArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const rss = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}').maxRssBytes;
  return { ms, rss, status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** The run with the median time of `runs` (alternating runs share the machine's ups and downs fairly). */
const median = (list) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)];

function bench(label, file, { baseline, runs = 3 }) {
  const size = fs.statSync(file).size;
  console.log(`\n${label}: ${path.relative(root, file)}, ${MB(size)} (median of ${runs} runs each)`);
  const scans = [];
  const parses = [];
  for (let i = 0; i < runs; i++) {
    scans.push(measure([path.join(root, 'dist', 'cli.js'), 'scan', file, '--json', '--fail-on', 'never']));
    if (scans[i].status !== 0) throw new Error(`scan failed: ${scans[i].stderr}`);
    if (baseline)
      parses.push(
        measure(['-e', `const fs = require('fs'); JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8'));`]),
      );
  }
  const scan = median(scans);
  const report = JSON.parse(scan.stdout);
  console.log(
    `  bearerscope scan --json: ${(scan.ms / 1000).toFixed(2)} s, peak RSS ${MB(scan.rss)} (${(scan.rss / size).toFixed(2)} × the file); ${report.entries} entries, ${report.tokens.length} tokens`,
  );
  if (!baseline) return { scan, size };
  const parse = median(parses);
  if (parse.status !== 0) throw new Error(`JSON.parse failed: ${parse.stderr.slice(0, 300)}`);
  const ratio = scan.ms / parse.ms;
  console.log(`  JSON.parse(readFileSync(file)): ${(parse.ms / 1000).toFixed(2)} s, peak RSS ${MB(parse.rss)}`);
  console.log(`  ratio scan / JSON.parse: ${ratio.toFixed(2)}   (target ≤ 1.0: ${ratio <= 1 ? 'met' : 'NOT met'})`);
  console.log(
    `  peak RSS / file size: ${(scan.rss / size).toFixed(2)}   (target ≤ 1.5: ${scan.rss / size <= 1.5 ? 'met' : 'NOT met'})`,
  );
  return { scan, parse, size, ratio };
}

const file = path.join(out, `bench-${args.entries}.har`);
if (args['latency-only']) {
  process.chdir(root);
  await benchLatency();
  process.exit(0);
}
if (args['hostile-only']) {
  await benchHostile(root);
  await benchHostilePanel(root);
  process.exit(0);
}
if (args['filter-only']) {
  await benchFilter(root, out);
  process.exit(0);
}
function ensureHar() {
  if (!(args.keep && fs.existsSync(file))) {
    console.log(`generating ${args.entries} entries…`);
    makeHar(file, { entries: Number(args.entries) });
  }
}
if (args['import-only']) {
  ensureHar();
  await benchImport(root, file);
  process.exit(0);
}
if (!args['panel-only']) {
  ensureHar();
  bench('Large HAR', file, { baseline: true });
  await benchHostile(root);
  await benchFilter(root, out);
  if (!args['no-panel']) {
    await benchHostilePanel(root);
    await benchImport(root, file);
  }
}
if (!args['no-panel']) {
  process.chdir(root);
  await benchPanel(out);
}
if (!args['no-latency'] && !args['no-panel']) {
  process.chdir(root);
  await benchLatency();
}
if (args.soak) {
  // 100,000 requests through the live capture path (set PANEL_REQUESTS to change it): minutes, not seconds.
  process.chdir(root);
  await benchPanel(out, { imported: false });
}

if (args.huge) {
  const huge = path.join(out, 'bench-huge.har');
  if (!(args.keep && fs.existsSync(huge))) {
    console.log('\ngenerating a HAR over 512 MB…');
    makeHar(huge, { entries: 180_000 });
  }
  bench('HAR larger than V8’s longest string (JSON.parse cannot read it at all)', huge, { baseline: false, runs: 1 });
}
