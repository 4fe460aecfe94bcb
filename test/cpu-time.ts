/**
 * How long work took in CPU time, not wall time: the adversarial-input tests tell linear from quadratic work by a
 * bound, and on a shared 2-core CI machine a busy neighbour stretches the wall clock several times over while the
 * CPU time of the work stays what it was. Vitest runs each test file in a process of its own (the `forks` pool), so
 * the process's CPU time is this test's. Speed targets themselves are `npm run bench`'s.
 */
export function cpuMs<T>(f: () => T): { ms: number; out: T } {
  const start = process.cpuUsage();
  const out = f();
  const { user, system } = process.cpuUsage(start);
  return { ms: (user + system) / 1000, out };
}

/** The same for asynchronous work (crypto.subtle runs on libuv's threads, which are this process's too). */
export async function cpuMsAsync<T>(f: () => Promise<T>): Promise<{ ms: number; out: T }> {
  const start = process.cpuUsage();
  const out = await f();
  const { user, system } = process.cpuUsage(start);
  return { ms: (user + system) / 1000, out };
}
