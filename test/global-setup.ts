import { execFileSync } from 'node:child_process';

/** Tests that run the CLI run the real build of it: build once before any test file. */
export default function setup() {
  execFileSync(process.execPath, ['esbuild.mjs', '--browser', 'chrome'], { stdio: 'ignore' });
}
