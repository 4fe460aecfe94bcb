#!/usr/bin/env node
// One build for everything: the extension for Chrome and Firefox (dist/chrome, dist/firefox), the CLI (dist/cli.js)
// the package's Node API (dist/api.js) and its Playwright fixture (dist/playwright.js); their types are emitted by
// `npm run build:types`.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    watch: { type: 'boolean', default: false },
    browser: { type: 'string', default: 'all' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`Usage: node esbuild.mjs [--watch] [--browser chrome|firefox|all]

Builds dist/chrome/ and dist/firefox/ (unpacked extensions), dist/cli.js (the bearerscope command) and dist/api.js
(the Node API).
  --watch       rebuild on change
  --browser     build the extension for one browser only (the CLI and the API are always built)`);
  process.exit(0);
}

// The repository root, whatever the working directory: entry points below resolve against it (absWorkingDir).
const root = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const browsers = args.browser === 'all' ? ['chrome', 'firefox'] : [args.browser];
for (const b of browsers) if (!['chrome', 'firefox'].includes(b)) throw new Error(`unknown --browser ${b}`);
const define = { BEARERSCOPE_VERSION: JSON.stringify(pkg.version) };

/**
 * The oldest Chrome the e2e suite runs on (.ci/run: Chromium 150, where DevTools pages still lack `browser`). Firefox's
 * minimum is `strict_min_version` in manifest.json. README "Browser support" says why.
 */
const MINIMUM_CHROME_VERSION = '150';

/**
 * Chrome-only keys: the service worker that watches the inspected tab's requests once the user grants a site
 * (src/devtools/background.ts; Firefox's onRequestFinished reports unread answers itself, so its build asks for none).
 */
const CHROME_ONLY_KEYS = ['background', 'permissions', 'optional_host_permissions'];

/**
 * The one manifest, adjusted per browser: Chrome does not know Firefox's settings block, Firefox not Chrome's minimum
 * nor its background worker and the permissions that serve it.
 */
function manifestFor(browser) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));
  manifest.version = pkg.version;
  if (browser === 'chrome') {
    delete manifest.browser_specific_settings;
    manifest.minimum_chrome_version = MINIMUM_CHROME_VERSION;
  } else for (const key of CHROME_ONLY_KEYS) delete manifest[key];
  return manifest;
}

function copyStatic(outdir, browser) {
  fs.mkdirSync(outdir, { recursive: true });
  fs.cpSync(path.join(root, 'public'), outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2));
}

const copyPlugin = (outdir, browser) => ({
  name: 'copy-static',
  setup(build) {
    build.onEnd(() => copyStatic(outdir, browser));
  },
});

/**
 * Token data is hostile, so the panel bundle carries no HTML sink at all: preact's support for
 * `dangerouslySetInnerHTML` (which Bearerscope never uses) is cut out of the bundle. Clearing a node's
 * children is done with textContent instead, which is the same for the DOM and parses no HTML.
 */
const noInnerHtml = {
  name: 'no-inner-html',
  setup(build) {
    build.onLoad({ filter: /[\\/]preact[\\/]dist[\\/]preact\.module\.js$/ }, async ({ path: file }) => {
      const source = await fs.promises.readFile(file, 'utf8');
      const patched = source
        .replace(
          /\(\w+\.innerHTML=\w+\.__html\)/,
          '(()=>{throw new Error("dangerouslySetInnerHTML is disabled in Bearerscope")})()',
        )
        .replace(/(\w+)\.innerHTML=""/, '$1.textContent=""');
      if (/\.innerHTML=/.test(patched)) throw new Error(`no-inner-html: preact changed; update the patch for ${file}`);
      return { contents: patched, loader: 'js' };
    });
  },
};

/** @type {esbuild.BuildOptions[]} */
const configs = [
  ...browsers.map(
    (browser) =>
      /** @type {esbuild.BuildOptions} */ ({
        // import-worker: an imported HAR is read and analysed there, off the panel's thread (src/panel/import/).
        entryPoints: {
          devtools: 'src/devtools/devtools.ts',
          panel: 'src/devtools/panel-main.tsx',
          'import-worker': 'src/panel/import/worker.ts',
          ...(browser === 'chrome' ? { background: 'src/devtools/background.ts' } : {}),
        },
        absWorkingDir: root,
        outdir: path.join(root, 'dist', browser),
        bundle: true,
        format: 'iife',
        target: ['chrome120', 'firefox128'],
        jsx: 'automatic',
        jsxImportSource: 'preact',
        minify: false,
        sourcemap: false,
        legalComments: 'none',
        define,
        plugins: [noInnerHtml, copyPlugin(path.join(root, 'dist', browser), browser)],
      }),
  ),
  ...[
    { entry: 'src/cli/main.ts', out: 'cli.js', shebang: '#!/usr/bin/env node\n' },
    { entry: 'src/cli/api.ts', out: 'api.js', shebang: '' },
    { entry: 'src/playwright/index.ts', out: 'playwright.js', shebang: '' },
  ].map(
    ({ entry, out, shebang }) =>
      /** @type {esbuild.BuildOptions} */ ({
        entryPoints: [entry],
        absWorkingDir: root,
        outfile: path.join(root, 'dist', out),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Everything is bundled, so the package installs with no dependency. The zip reader (yauzl) is CommonJS and
        // `require`s Node's modules, which an ES module can do only through a `require` made for it.
        // The Playwright fixture extends the test runner the project has installed (a peer dependency), never a copy.
        external: ['@playwright/test'],
        banner: {
          js: `${shebang}import { createRequire as bearerscopeCreateRequire } from 'node:module';\nconst require = bearerscopeCreateRequire(import.meta.url);`,
        },
        define,
      }),
  ),
];

/**
 * dist/bundled-packages.json: the npm packages whose code the bundles carry, with their versions. Everything ships
 * bundled, so the package has no runtime dependency for `npm audit --omit=dev` to see; scripts/audit.mjs reads this
 * list instead.
 */
function writeBundled(results) {
  const seen = new Map();
  for (const { metafile } of results) {
    for (const input of Object.keys(metafile?.inputs ?? {})) {
      const file = input.replaceAll('\\', '/');
      const at = file.lastIndexOf('node_modules/');
      const m = at < 0 ? null : /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(at));
      if (!m || seen.has(m[1])) continue;
      const manifest = JSON.parse(
        fs.readFileSync(path.join(root, file.slice(0, at), 'node_modules', m[1], 'package.json'), 'utf8'),
      );
      seen.set(m[1], manifest.version);
    }
  }
  const list = Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(path.join(root, 'dist', 'bundled-packages.json'), `${JSON.stringify(list, null, 2)}\n`);
}

if (args.watch) {
  for (const config of configs) await (await esbuild.context(config)).watch();
  console.log('watching for changes…');
} else {
  const results = await Promise.all(configs.map((config) => esbuild.build({ ...config, metafile: true })));
  fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  writeBundled(results);
  console.log(`built ${browsers.map((b) => `dist/${b}/`).join(', ')}, dist/cli.js, dist/api.js and dist/playwright.js`);
}
