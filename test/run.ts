/**
 * A child process for tests, awaited rather than run synchronously: a synchronous one blocks the test worker's event
 * loop, and one that lasts over a minute on a loaded machine (an `npm pack` with its build) made vitest's worker time
 * out reporting to its main process ("Timeout calling onTaskUpdate"), failing a run whose every test passed.
 */
import { spawn } from 'node:child_process';

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** As `run`, rejecting (with what it printed) unless it exits 0; resolves its standard output. */
export async function runOk(command: string, args: readonly string[], options: Parameters<typeof run>[2] = {}) {
  const r = await run(command, args, options);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
