// One hostile entry through the Analyzer, as the live panel meets it: `add()` of an entry carrying a 240 KB
// adversarial header (or a 1.28 MB multipart head), median and worst of RUNS runs after a warm-up. The panel runs
// `add()` for each request as it ends, so this is how long one hostile `fetch` can hold its thread; target < 50 ms.
// The analyzer is bundled from src/ by esbuild, so the numbers are those of the working tree; the bundle goes to .tmp/,
// outside what `npm run typecheck` reads.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { adversarialEntries } from '../test/fixtures/hostile-corpus.mjs';

const RUNS = 15;
const TARGET_MS = 50;
const CASES = adversarialEntries();

export async function benchHostile(root) {
  const outfile = path.join(root, '.tmp', 'bench-analyzer.mjs');
  await esbuild.build({
    entryPoints: [path.join(root, 'src/core/analysis/analyzer.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile,
    logLevel: 'warning',
  });
  const { Analyzer } = await import(pathToFileURL(outfile).href);
  console.log(`\nOne hostile entry, Analyzer.add (median and worst of ${RUNS} runs; target < ${TARGET_MS} ms):`);
  let met = true;
  for (const [name, raw] of Object.entries(CASES)) {
    new Analyzer().add(raw); // warm-up: the first run also compiles
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const a = new Analyzer();
      const t = performance.now();
      a.add(raw);
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    const median = times[Math.floor(RUNS / 2)];
    met &&= median < TARGET_MS;
    console.log(
      `  ${name}: median ${median.toFixed(1)} ms, worst ${times[RUNS - 1].toFixed(1)} ms  (${median < TARGET_MS ? 'met' : 'NOT met'})`,
    );
  }
  return { met };
}
