import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Newest modification time of the files under `dir` (0 when there are none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * Tests that run the CLI run the real build of it (dist/cli.js). `npm test` has just built it, so it is built
 * here only when missing or older than its sources (a lone `npx vitest run` after an edit); the build's output
 * and errors are shown, and a failed build stops the run.
 */
export default function setup() {
  const cli = 'dist/cli.js';
  const sources = Math.max(newest('src'), fs.statSync('esbuild.mjs').mtimeMs, fs.statSync('package.json').mtimeMs);
  if (fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= sources) return;
  execFileSync(process.execPath, ['esbuild.mjs', '--browser', 'chrome'], { stdio: 'inherit' });
}
