/**
 * The npm package as a user gets it: `npm pack` (its prepack builds), the tarball installed into an empty folder
 * without dev dependencies, then `npx bearerscope scan` and the Node API used from there. Slow (a full build and an
 * install): one pack, one install. The pack runs in a copy of the sources, so that the build it does never rewrites
 * the dist/ other test files are running at the same time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, runOk } from '../run.js';
import { writeVariants, type Variants } from './har-variants.js';

const NOW = '2023-11-14T22:30:00Z';
const root = process.cwd();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bearerscope-package-'));
const app = path.join(tmp, 'app');
const installed = path.join(app, 'node_modules', 'bearerscope');
let variants: Variants;
let recordings: string;

const npm = (args: string[], cwd: string) =>
  runOk('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
  });
const npx = (args: string[]) =>
  run('npx', ['--no-install', ...args], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true' },
  });

beforeAll(async () => {
  const src = path.join(tmp, 'src');
  for (const dir of ['src', 'public', 'types', 'schema'])
    fs.cpSync(path.join(root, dir), path.join(src, dir), { recursive: true });
  for (const file of fs.readdirSync(root)) {
    if (/^(package(-lock)?\.json|esbuild\.mjs|tsconfig.*\.json|manifest\.json|README\.md|LICENSE)$/.test(file))
      fs.copyFileSync(path.join(root, file), path.join(src, file));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  await npm(['pack', '--pack-destination', tmp], src); // its prepack's build prints to the same stdout: the file is found below
  const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await npm(['install', '--omit=dev', '--offline', path.join(tmp, tarball ?? 'no tarball was made')], app);
  recordings = path.join(tmp, 'recordings');
  variants = writeVariants(recordings);
}, 300_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();

describe('the npm package, installed from its tarball', () => {
  it('holds what runs and nothing else, and installs no dependency', () => {
    const shipped = files(installed);
    expect(shipped.filter((f) => !f.startsWith('dist/types/'))).toEqual([
      'LICENSE',
      'README.md',
      'dist/api.js',
      'dist/cli.js',
      'dist/playwright.js',
      'package.json',
      'schema/bearerscope.config.schema.json',
    ]);
    expect(shipped).toContain('dist/types/cli/api.d.ts');
    expect(shipped).toContain('dist/types/playwright/index.d.ts');
    expect(fs.readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['bearerscope']);
  });

  it('npx bearerscope scan reads a directory of .har, .har.gz, .zip and attach-mode recordings', async () => {
    const one = async (file: string) =>
      JSON.parse((await npx(['bearerscope', 'scan', file, '--json', '--now', NOW])).stdout);
    const plain = await one(variants.plain);
    expect(plain.tokens).toHaveLength(7);
    for (const file of [variants.gzip, variants.zip, variants.attach]) expect(await one(file), file).toEqual(plain);
    const all = await npx(['bearerscope', 'scan', recordings, '--now', NOW]);
    expect(all.stderr).toBe('');
    expect(all.stdout).toMatch(/^Bearerscope: 40 entries, 7 tokens, /);
    expect(all.status).toBe(1);
  }, 60_000);

  it('the Node API, imported by an ES module, gives the report the CLI prints', async () => {
    const script = path.join(app, 'use-api.mjs');
    fs.writeFileSync(
      script,
      `import fs from 'node:fs';
import { analyze, scanHar } from 'bearerscope';
const [dir, plain] = process.argv.slice(2);
const now = '${NOW}';
const entries = JSON.parse(fs.readFileSync(plain, 'utf8')).log.entries;
console.log(JSON.stringify({ dir: await scanHar(dir, { now }), entries: await analyze(entries, { now }) }));
`,
    );
    const api = JSON.parse(await runOk(process.execPath, [script, recordings, variants.plain], { cwd: app }));
    expect(api.dir).toEqual(
      JSON.parse((await npx(['bearerscope', 'scan', recordings, '--json', '--now', NOW])).stdout),
    );
    expect(api.entries).toEqual(
      JSON.parse((await npx(['bearerscope', 'scan', variants.plain, '--json', '--now', NOW])).stdout),
    );
  }, 60_000);

  it('its types resolve through package.json "exports" for a TypeScript user', async () => {
    fs.writeFileSync(
      path.join(app, 'use-types.ts'),
      `import { analyze, scanHar, type Report } from 'bearerscope';
const skipped: string[] = [];
const report: Report = await scanHar(['a.har', 'recordings/'], { now: new Date(), onSkip: (line: string) => skipped.push(line) });
const count: number = report.tokens.length + (await analyze([], { reveal: true })).entries;
// @ts-expect-error: a report's tokens are not strings
const wrong: string = report.tokens;
export { count, wrong };
`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
          lib: ['es2022'],
        },
        files: ['use-types.ts'],
      }),
    );
    const tsc = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
