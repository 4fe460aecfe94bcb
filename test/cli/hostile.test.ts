/**
 * The inputs of issue 19's review (test/fixtures/hostile-corpus.mjs), through the whole CLI: a 240 KB header value
 * of `eyJ-ey-…` (34–41 s before the JWT pattern was made linear), a 240 KB `Cookie` of `${${…` (25–47 s), a 1.28 MB
 * multipart head of `content-disposition:` repeated (39–42 s), and runs that other patterns could backtrack on. Each
 * scans in well under a second on a quiet machine (`npm run bench` times the analysis alone); the bound of 10 s only
 * tells linear from quadratic on a busy shared machine (node's start included, 2–3.5 s there at load 10), and the
 * measured times are printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adversarialEntries } from '../fixtures/hostile-corpus.mjs';

const BOUND_MS = 10_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-hostile-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const INPUTS = adversarialEntries();

function writeHar(name: string, entries: unknown[]): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(
    file,
    JSON.stringify({ log: { version: '1.2', creator: { name: 'hostile', version: '1' }, entries } }),
  );
  return file;
}

function scan(file: string) {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    ['dist/cli.js', 'scan', file, '--json', '--fail-on', 'never', '--now', '2026-01-01T00:01:00Z'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  return { ms: performance.now() - start, code: r.status, out: r.stdout, err: r.stderr };
}

describe('bearerscope scan of the review’s hostile inputs', () => {
  it.each(Object.entries(INPUTS))('%s', (name, e) => {
    const r = scan(writeHar(`${name.length}.har`, [e]));
    console.log(`scan of ${name}: ${r.ms.toFixed(0)} ms (node start included)`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).entries).toBe(1);
    expect(r.ms).toBeLessThan(BOUND_MS);
  });

  it('all of them in one HAR', () => {
    const r = scan(writeHar('all.har', Object.values(INPUTS)));
    console.log(`scan of all of them: ${r.ms.toFixed(0)} ms (node start included)`);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.entries).toBe(Object.keys(INPUTS).length);
    // The multipart body was read past its hostile head: the field after it is found.
    expect(report.tokens.map((t: { kind: string; sightingCount: number }) => t.kind)).toContain('refresh');
    expect(r.ms).toBeLessThan(BOUND_MS);
  });
});
