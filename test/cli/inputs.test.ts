import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { attachMode, HAR, writeVariants, zip } from './har-variants.js';

const NOW = '2023-11-14T22:30:00Z';
function scan(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'scan', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (args: string[]) => JSON.parse(scan([...args, '--json', '--now', NOW]).out);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-inputs-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const v = writeVariants(path.join(tmp, 'recordings'));
const plain = json([HAR]);
const write = (name: string, content: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

describe('bearerscope scan reads HARs as CI and test suites keep them', () => {
  it.each([
    ['gzipped (.har.gz)', v.gzip],
    ["Playwright's recordHar zip, bodies attached inside it", v.zip],
    ["Playwright's content: 'attach', bodies in files beside the HAR", v.attach],
  ])('%s: the same report as the plain HAR', (_what, file) => {
    expect(plain.tokens).toHaveLength(7);
    const report = json([file]);
    expect(report).toEqual(plain);
  });

  it('a directory: every .har, .har.gz and .zip in it at any depth, each with its own entry numbers and name', () => {
    const report = json([path.join(tmp, 'recordings')]);
    expect(report.entries).toBe(4 * plain.entries);
    expect(report.tokens.map((t: { id: string }) => t.id)).toEqual(plain.tokens.map((t: { id: string }) => t.id));
    // Each file's sightings are the plain HAR's, at the same entry numbers, named by that file.
    const where = (t: { sightings: Array<{ entry: number; where: string }> }) =>
      t.sightings.map((s) => `${s.entry} ${s.where}`);
    const context = (r: { tokens: Array<{ kind: string }> }) =>
      r.tokens.find((t) => t.kind === 'context') as unknown as {
        sightings: Array<{ file?: string; entry: number; where: string }>;
      };
    const files = [v.attach, v.gzip, v.plain, v.zip];
    expect(context(report).sightings.map((s) => s.file)).toEqual(
      files.flatMap((f) => context(plain).sightings.map(() => f)),
    );
    for (const f of files)
      expect(where({ sightings: context(report).sightings.filter((s) => s.file === f) })).toEqual(
        where(context(plain)),
      );
  });

  it('a zip holding several HARs: each read with the bodies beside it in the zip, and named zip:member', () => {
    const { har, bodies } = attachMode(fs.readFileSync(HAR, 'utf8'));
    const members: Array<{ name: string; data: Buffer }> = [
      { name: 'first.har', data: Buffer.from(har) },
      { name: 'second/second.har', data: Buffer.from(har) },
    ];
    for (const [name, data] of bodies) members.push({ name, data }, { name: `second/${name}`, data });
    const file = write('two.zip', zip(members));
    const report = json([file]);
    expect(report.notes).toEqual([]);
    expect(report.entries).toBe(2 * plain.entries);
    expect(report.tokens.map((t: { id: string }) => t.id)).toEqual(plain.tokens.map((t: { id: string }) => t.id));
    expect(
      new Set(report.tokens.flatMap((t: { sightings: Array<{ file: string }> }) => t.sightings.map((s) => s.file))),
    ).toEqual(new Set([`${file}:first.har`, `${file}:second/second.har`]));
  });

  it('a glob passed quoted, as CI YAML does, is expanded by the scan itself', () => {
    const report = json([path.join(tmp, 'recordings', '**', '*.har.gz')]);
    expect(report.tokens).toEqual(plain.tokens);
    expect(scan([path.join(tmp, 'nothing-*.har')])).toMatchObject({
      code: 2,
      err: `bearerscope: ${path.join(tmp, 'nothing-*.har')}: no file matches this pattern\n`,
    });
  });

  it('says each file it skips in one line, and scans the others', () => {
    const dir = path.join(tmp, 'mixed');
    fs.cpSync(v.gzip, path.join(dir, 'good.har.gz'));
    write('mixed/notes.har', 'just some text');
    write('mixed/cut.har.gz', zlib.gzipSync(fs.readFileSync(HAR)).subarray(0, 200));
    write('mixed/trace.zip', zip([{ name: 'trace.trace', data: Buffer.from('{}') }]));
    write('mixed/bzip.zip', zip([{ name: 'har.har', data: fs.readFileSync(HAR), method: 12 }]));
    write('mixed/locked.zip', zip([{ name: 'har.har', data: fs.readFileSync(HAR), encrypted: true }]));
    write('mixed/broken.zip', 'PK but not a zip');
    const r = scan([dir, '--json', '--now', NOW]);
    expect(r.err.split('\n')).toEqual([
      `bearerscope: ${dir}/broken.zip: not a zip file that can be read (End of central directory record signature not found. Either not a zip file, or file is truncated.)`,
      `bearerscope: ${dir}/bzip.zip: har.har in this zip cannot be read: its compression method (12) is not supported`,
      `bearerscope: ${dir}/cut.har.gz: the gzip data cannot be read (unexpected end of file)`,
      `bearerscope: ${dir}/locked.zip: har.har in this zip cannot be read: it is encrypted`,
      `bearerscope: ${dir}/notes.har: not a HAR file: it does not start with a JSON object`,
      `bearerscope: ${dir}/trace.zip: no .har file in this zip (a Playwright trace rather than a recorded HAR?)`,
      '',
    ]);
    const report = JSON.parse(r.out);
    expect(report.tokens.map((t: { id: string }) => t.id)).toEqual(plain.tokens.map((t: { id: string }) => t.id));
    expect(report.notes).toContain(`skipped ${dir}/notes.har: not a HAR file: it does not start with a JSON object`);
    expect(r.code).toBe(1); // the findings' exit code: the skipped files stop nothing
  });

  it('exits 2 when no file at all can be read, as for a single bad file', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    write(path.join(path.basename(empty), 'README.md'), '# not a HAR');
    expect(scan([empty])).toMatchObject({
      code: 2,
      out: '',
      err: `bearerscope: ${empty}: no .har, .har.gz or .zip file in this directory\n`,
    });
  });

  it('notes an attached body that is missing, too large or not a plain file name, and reads the rest', () => {
    const { har, bodies } = attachMode(fs.readFileSync(HAR, 'utf8'));
    const entries = (
      JSON.parse(har) as {
        log: { entries: Array<{ request: { url: string }; response: { content: Record<string, unknown> } }> };
      }
    ).log.entries;
    const dir = path.join(tmp, 'attach-faults');
    const tokenResponse = entries.findIndex((e) => e.request.url.includes('/oauth2/v2.0/token'));
    const bodyOf = (i: number) => String(entries[i]?.response.content._file);
    for (const [name, data] of bodies) write(`attach-faults/${name}`, data);
    // The token response's body lies outside the HAR's folder; another is missing; a third is over the limit.
    fs.renameSync(path.join(dir, bodyOf(tokenResponse)), path.join(tmp, 'outside.json'));
    entries[tokenResponse]!.response.content._file = '../outside.json';
    fs.rmSync(path.join(dir, bodyOf(2)));
    write(`attach-faults/${bodyOf(3)}`, `{"d":"${'x'.repeat(2_000_001)}"}`);
    const file = write('attach-faults/addin.har', JSON.stringify({ log: { entries } }));
    const report = json([file]);
    expect(report.notes).toEqual([
      `${file}: entry #3: attached body ${bodyOf(2)} is missing beside the HAR; not read`,
      `${file}: entry #4: attached body ${bodyOf(3)} is 2 MB, too large to search for tokens; not read`,
      `${file}: entry #6: attached body "../outside.json" is not a plain file name; not read`,
    ]);
    // Without the token response, the tokens only it held are not seen; the others are.
    expect(report.tokens.length).toBeLessThan(plain.tokens.length);
    expect(report.tokens.length).toBeGreaterThan(0);
  });
});
