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
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const manual = `Load the extension yourself: ${kind === 'chromium' ? 'chrome://extensions → Developer mode → Load unpacked → dist/chrome' : 'about:debugging → This Firefox → Load Temporary Add-on → dist/firefox/manifest.json'}, then open ${demo.origin}/ and DevTools → Bearerscope.`;

if (args['no-browser']) {
  console.log(manual);
} else if (!findBrowser(kind)) {
  console.log(`${INSTALL_HINT[kind]}\n${manual}`);
} else if (noDisplay) {
  console.log(`There is no display to open a browser window on (no $DISPLAY). Run it under a desktop session, or with xvfb-run.\n${manual}`);
} else {
  const open = kind === 'chromium' ? openChromiumPanel : openFirefoxPanel;
  const ui = await open({ extDir: path.join(root, 'dist', kind === 'chromium' ? 'chrome' : 'firefox'), url: `${demo.origin}/`, headless: false });
  console.log(`${kind === 'chromium' ? 'Chromium' : 'Firefox'} is open with DevTools on the Bearerscope panel. Close the browser or press Ctrl+C to stop.`);
  ui.browser.on('disconnected', async () => {
    await demo.close();
    process.exit(0);
  });
}
process.on('SIGINT', async () => {
  await demo.close();
  process.exit(0);
});
