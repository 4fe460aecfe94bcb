// A machine as busy as CI's: one process spinning per core but one (at least one), so that timers run late and the
// browsers share the CPU, as on the 2-core CI machine where the Firefox burst test used to lose requests.
// `startCpuHog()` in a test, or E2E_CPU_HOG=1 for a whole `npm run test:e2e` (scripts/e2e.mjs); run alone
// (`node test/e2e/cpu-hog.mjs`), it spins until stopped.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** How many spinning processes: every core but one, at least one. */
export const hogCount = () => Math.max(1, os.availableParallelism() - 1);

/** Starts the hogs; the returned function stops them (and they stop with this process). */
export function startCpuHog(count = hogCount()) {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  const stop = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.once('exit', stop);
  return stop;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stop = startCpuHog();
  console.log(`${hogCount()} busy process(es) running; Ctrl-C to stop`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(0)));
}
