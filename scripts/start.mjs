#!/usr/bin/env node
// `npm start`: build, start the demo site, and open a browser with the extension loaded and DevTools showing
// the Bearerscope panel on the demo page. Chromium by default; `npm start -- --firefox` for Firefox.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemo } from '../demo/server.mjs';
import { INSTALL_HINT, findBrowser, openChromiumPanel, openFirefoxPanel } from './browsers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    firefox: { type: 'boolean', default: false },
    port: { type: 'string', default: '4173' },
    'no-browser': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npm start [-- --firefox] [-- --port 4173] [-- --no-browser]

Builds Bearerscope, starts the demo site on 127.0.0.1, and opens Chromium (or Firefox) with the extension loaded
and DevTools showing the Bearerscope panel. --no-browser only builds and serves the demo site.`);
  process.exit(0);
}

execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { stdio: 'inherit' });
const demo = await startDemo({ port: Number(args.port) }).catch(() => startDemo({ port: 0 }));
console.log(`Demo site: ${demo.origin}/`);

const kind = args.firefox ? 'firefox' : 'chromium';
/** The open browser, if any: closing it through `ui.close()` also removes its temporary profile. */
let ui = null;
let stopping = false;
/** Ctrl+C, a kill or a closed browser: close the browser (and its profile) and the demo site, leave nothing behind. */
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await ui?.close().catch(() => {});
  await demo.close().catch(() => {});
  process.exit(code);
}
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) process.on(signal, () => stop(0));
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const manual = `Load the extension yourself: ${kind === 'chromium' ? 'chrome://extensions → Developer mode → Load unpacked → dist/chrome' : 'about:debugging → This Firefox → Load Temporary Add-on → dist/firefox/manifest.json'}, then open ${demo.origin}/ and DevTools → Bearerscope.`;

if (args['no-browser']) {
  console.log(manual);
} else if (!findBrowser(kind)) {
  console.log(`${INSTALL_HINT[kind]}\n${manual}`);
} else if (noDisplay) {
  console.log(
    `There is no display to open a browser window on (no $DISPLAY). Run it under a desktop session, or with xvfb-run.\n${manual}`,
  );
} else {
  const open = kind === 'chromium' ? openChromiumPanel : openFirefoxPanel;
  // ?auto=0: the demo's flows wait until DevTools shows the panel, which then sees every request they make
  // (on a cold start DevTools can take longer than the page's own 1.5 s delay).
  ui = await open({
    extDir: path.join(root, 'dist', kind === 'chromium' ? 'chrome' : 'firefox'),
    url: `${demo.origin}/?auto=0`,
    headless: false,
  });
  // puppeteer's own signal handlers kill the browser and exit at once, before `stop` can close it and remove its
  // profile; from here on ours alone decide (its 'exit' handler stays, as a last resort).
  for (const signal of SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, () => stop(0));
  }
  await ui.page
    .evaluate(() => globalThis.runAll())
    .catch((err) => console.error(`The demo's flows did not run: ${err.message}`));
  console.log(
    `${kind === 'chromium' ? 'Chromium' : 'Firefox'} is open with DevTools on the Bearerscope panel, and the demo's flows have run. Close the browser or press Ctrl+C to stop.`,
  );
  ui.browser.on('disconnected', () => stop(0));
}
