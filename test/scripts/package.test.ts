// `npm run package` (scripts/package.mjs): the store zips are the same bytes from two builds of the same sources
// made at different times, hold exactly the built extension, and the Firefox one passes `web-ext lint` as AMO runs
// it (not self-hosted: the listing's checks too). The builds run in a copy of the sources, so that they never rewrite
// the dist/ other test files are reading.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk } from '../run.js';

const root = process.cwd();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-store-'));
const src = path.join(tmp, 'src');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const zips = (out: string) => fs.readdirSync(out).sort();

/** Builds and packages the copy into `out`, every source file first given the time `when` (seconds). */
async function build(out: string, when: number) {
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.parentPath.includes('node_modules'))
      fs.utimesSync(path.join(entry.parentPath, entry.name), when, when);
  }
  fs.rmSync(path.join(src, 'dist'), { recursive: true, force: true });
  await runOk(process.execPath, ['esbuild.mjs'], { cwd: src });
  await runOk(process.execPath, ['scripts/package.mjs', '--out', out], { cwd: src });
}

function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const files = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

const tree = (dir: string) =>
  new Map(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => [
        path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'),
        fs.readFileSync(path.join(d.parentPath, d.name)),
      ]),
  );

beforeAll(async () => {
  for (const dir of ['src', 'public', 'scripts', 'types'])
    fs.cpSync(path.join(root, dir), path.join(src, dir), { recursive: true });
  for (const file of ['package.json', 'esbuild.mjs', 'manifest.json'])
    fs.copyFileSync(path.join(root, file), path.join(src, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  await build(path.join(tmp, 'first'), 1_000_000_000);
  await build(path.join(tmp, 'second'), 1_700_000_000);
}, 120_000);

describe('npm run package', () => {
  it('makes the same bytes from two builds at different times', () => {
    const version = JSON.parse(fs.readFileSync('package.json', 'utf8')).version;
    expect(zips(path.join(tmp, 'first'))).toEqual([
      `bearerscope-chrome-${version}.zip`,
      `bearerscope-firefox-${version}.zip`,
    ]);
    for (const name of zips(path.join(tmp, 'first'))) {
      const [a, b] = [fs.readFileSync(path.join(tmp, 'first', name)), fs.readFileSync(path.join(tmp, 'second', name))];
      expect(a.equals(b), name).toBe(true);
    }
  });

  it('holds exactly the built extension of each browser, with the manifest each store expects', async () => {
    for (const browser of ['chrome', 'firefox']) {
      const [zip] = zips(path.join(tmp, 'second')).filter((n) => n.includes(browser));
      const files = await unzip(path.join(tmp, 'second', zip!));
      const built = tree(path.join(src, 'dist', browser));
      expect([...files.keys()].sort()).toEqual([...built.keys()].sort());
      for (const [name, data] of files) expect(data.equals(built.get(name)!), name).toBe(true);
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      // Chrome: webRequest, which sees nothing until the user grants a site (optional_host_permissions); Firefox: none.
      expect(manifest.permissions ?? []).toEqual(browser === 'chrome' ? ['webRequest'] : []);
      expect(manifest.host_permissions ?? []).toEqual([]);
      if (browser === 'firefox')
        expect([manifest.background, manifest.optional_host_permissions]).toEqual([undefined, undefined]);
      if (browser === 'firefox')
        expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ['none'] });
      else expect(manifest.browser_specific_settings).toBeUndefined();
    }
  });

  it('the Firefox zip passes web-ext lint with warnings as errors', async () => {
    const dir = path.join(tmp, 'firefox-lint');
    const [zip] = zips(path.join(tmp, 'second')).filter((n) => n.includes('firefox'));
    for (const [name, data] of await unzip(path.join(tmp, 'second', zip!))) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), data);
    }
    const r = await run(path.join(root, 'node_modules', '.bin', 'web-ext'), [
      'lint',
      '--source-dir',
      dir,
      '--warnings-as-errors',
      '--output',
      'json',
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ errors: 0, notices: 0, warnings: 0 });
  }, 60_000);
});
