// Launching Chromium and Firefox with the built extension and the Bearerscope panel shown in real DevTools.
// Used by `npm start` (headful) and by the end-to-end tests (headless). Technique: Puppeteer's extension support
// (https://pptr.dev/guides/chrome-extensions) and, for Firefox, WebDriver BiDi with the privileged browser.xhtml context.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

export const PANEL_TITLE = 'Bearerscope';
const CHROMIUM = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
const FIREFOX = [
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

/** The browser binary to use: $CHROME_PATH / $FIREFOX_PATH, else the first one installed. */
export function findBrowser(kind) {
  const fromEnv = kind === 'chromium' ? process.env.CHROME_PATH : process.env.FIREFOX_PATH;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  return (kind === 'chromium' ? CHROMIUM : FIREFOX).find((p) => fs.existsSync(p)) ?? null;
}

export const INSTALL_HINT = {
  chromium: 'No Chromium found. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH.',
  firefox: 'No Firefox found. Install it (Debian/Ubuntu: sudo apt-get install firefox-esr) or set FIREFOX_PATH.',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Longest any one call into a browser may take before the test fails instead of hanging. */
const PROTOCOL_TIMEOUT_MS = 60_000;

/**
 * The browser's major version, from `--version` (a few milliseconds), checked against the minimum the built
 * extension's manifest declares: an older browser fails at once, with the reason, rather than hanging somewhere in
 * DevTools minutes later.
 */
export function checkVersion(kind, executablePath, extDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extDir, 'manifest.json'), 'utf8'));
  const minimum =
    kind === 'chromium'
      ? manifest.minimum_chrome_version
      : manifest.browser_specific_settings?.gecko?.strict_min_version;
  let text;
  try {
    text = execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    throw new Error(`${executablePath} --version failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  const version = /(\d+)\.\d+/.exec(text)?.[0];
  if (!version) throw new Error(`cannot read a version from ${executablePath} --version: ${text.trim()}`);
  if (minimum && parseFloat(version) < parseFloat(minimum)) {
    throw new Error(
      `${text.trim()} is older than the ${minimum} the extension's manifest requires (${executablePath}); use a newer browser (set ${kind === 'chromium' ? 'CHROME_PATH' : 'FIREFOX_PATH'}).`,
    );
  }
  return text.trim();
}

/** A fresh profile folder, removed when the browser closes, or when this process exits if it never did. */
const profiles = new Set();
function makeProfile(kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bearerscope-${kind}-`));
  profiles.add(dir);
  return dir;
}
function removeProfile(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  profiles.delete(dir);
}
process.on('exit', () => profiles.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * Chromium with the extension installed, the inspected page open, DevTools open on it, and the Bearerscope panel
 * shown. `beforePanel` runs after DevTools and Bearerscope's DevTools page are loaded but before the panel is first
 * shown; it gets the page and the DevTools front-end (to show another panel first).
 */
/**
 * A headless Chromium that can load the built extension (`browser.installExtension(dir)`), for pages of the extension
 * opened outside DevTools (panel.html standalone) and for plain pages: the tests' screenshots and the benches.
 * `args` come after the defaults.
 */
export function launchChromium({ args = [] } = {}) {
  const executablePath = findBrowser('chromium');
  if (!executablePath) throw new Error(INSTALL_HINT.chromium);
  return puppeteer.launch({
    executablePath,
    headless: true,
    pipe: true, // Extensions.loadUnpacked (installExtension) needs the pipe transport
    enableExtensions: true,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...args,
    ],
  });
}

/**
 * @param {{ extDir: string, url: string, headless?: boolean, beforePanel?: (page: import('puppeteer-core').Page, devtools: import('puppeteer-core').Page) => Promise<void> | void, args?: string[], devtoolsPreferences?: Record<string, unknown> }} options
 */
export async function openChromiumPanel({
  extDir,
  url,
  headless = true,
  beforePanel,
  args = [],
  devtoolsPreferences = {},
}) {
  const executablePath = findBrowser('chromium');
  if (!executablePath) throw new Error(INSTALL_HINT.chromium);
  checkVersion('chromium', executablePath, extDir);
  const userDataDir = makeProfile('chromium');
  // DevTools keeps its settings in the profile as JSON-encoded strings; the ones Chrome can sync (uiTheme
  // among them) live in a second map when sync is off.
  const prefs = Object.fromEntries(Object.entries(devtoolsPreferences).map(([k, v]) => [k, JSON.stringify(v)]));
  fs.mkdirSync(path.join(userDataDir, 'Default'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ devtools: { preferences: prefs, synced_preferences_sync_disabled: prefs } }),
  );
  const browser = await puppeteer.launch({
    executablePath,
    headless,
    pipe: true, // Extensions.loadUnpacked (installExtension) needs the pipe transport
    enableExtensions: true,
    handleDevToolsAsPage: true, // the DevTools front-end becomes a Page we can drive
    userDataDir,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    defaultViewport: null,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,900',
      ...args,
    ],
  });
  const close = async () => {
    await browser.close().catch(() => {});
    removeProfile(userDataDir);
  };
  try {
    return { ...(await showChromiumPanel(browser, { extDir, url, beforePanel })), browser, close };
  } catch (err) {
    await close(); // a failed start must not leave a browser (and the test run) hanging
    throw err;
  }
}

async function showChromiumPanel(browser, { extDir, url, beforePanel }) {
  const extId = await browser.installExtension(path.resolve(extDir));
  const page = (await browser.pages()).find((p) => !p.url().startsWith('devtools://')) ?? (await browser.newPage());
  await page.goto(url);
  const devtools = await page.openDevTools();
  // DevTools loads the extension's devtools page once its extension server is up; traffic before that is in no HAR.
  await devtools.waitForFrame((f) => f.url() === `chrome-extension://${extId}/devtools.html`, { timeout: 20000 });
  if (beforePanel) await beforePanel(page, devtools);
  const panelUrl = `chrome-extension://${extId}/panel.html`;
  const deadline = Date.now() + 20000;
  let panel;
  // showPanel is undefined for a moment after opening and a silent no-op until the panel is registered: poll.
  while (!(panel = devtools.frames().find((f) => f.url() === panelUrl))) {
    if (Date.now() > deadline) throw new Error('the Bearerscope panel never appeared in DevTools');
    await devtools.evaluate(
      (id) => globalThis.InspectorFrontendAPI?.showPanel(id),
      `chrome-extension://${extId}${PANEL_TITLE}`,
    );
    await sleep(100);
  }
  await panel.waitForSelector('[data-ready="1"]', { timeout: 20000 });
  return { page, devtools, panel, extId };
}

/** Runs a function in Firefox's privileged browser.xhtml window; arguments and result must be JSON. */
async function chromeEval(browser, context, fn, ...args) {
  const r = await /** @type {any} */ (browser).connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (${fn})(...${JSON.stringify(args)})))()`,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (r.result.type === 'exception') throw new Error(`in Firefox chrome: ${r.result.exceptionDetails.text}`);
  return JSON.parse(r.result.result.value ?? 'null');
}

/**
 * Runs inside browser.xhtml: opens the toolbox on the selected tab, selects the extension's panel, and runs
 * `body` (the source of a function of `document`) in the panel's document through a frame script, returning
 * its JSON result. This leans on Firefox internals (gDevTools, webext-panels.xhtml): checked on Firefox ESR 140+.
 */
const inPanel = async (select, body, timeoutMs) => {
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox =
    gDevTools.getToolboxForTab(gBrowser.selectedTab) ??
    (await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: 'webconsole' }));
  const deadline = Date.now() + timeoutMs;
  let id;
  while (!(id = toolbox.visibleAdditionalTools.find((i) => i.startsWith('webext-devtools-panel-')))) {
    if (Date.now() > deadline) throw new Error('extension panel never registered');
    await new Promise((r) => setTimeout(r, 100));
  }
  if (select) await toolbox.selectTool(id);
  let b;
  while (
    !(b = [...toolbox.win.document.querySelectorAll('iframe')]
      .flatMap((f) => [...(f.contentDocument?.querySelectorAll('browser') ?? [])])
      .find((x) => x.currentURI?.spec.endsWith('/panel.html')))
  ) {
    if (Date.now() > deadline) throw new Error('panel browser not found');
    await new Promise((r) => setTimeout(r, 100));
  }
  const mm = b.messageManager;
  const name = `bearerscope-${Math.random()}`;
  return await new Promise((resolve, reject) => {
    mm.addMessageListener(name, function listener(m) {
      mm.removeMessageListener(name, listener);
      resolve(JSON.parse(m.data));
    });
    const script = `(async () => { let out; try { out = { ok: await (${body})(content.document, content) }; } catch (e) { out = { error: String(e) }; } sendAsyncMessage(${JSON.stringify(name)}, JSON.stringify(out)); })()`;
    mm.loadFrameScript(`data:,${encodeURIComponent(script)}`, false);
    setTimeout(() => reject(new Error('frame script timeout')), timeoutMs);
  });
};

/**
 * Runs in Firefox's browser.xhtml: gives the panel's <browser> the focus and presses `keys` through a text input
 * processor, as EventUtils.synthesizeKey does: trusted key events from the window's widget, which Firefox's focus
 * manager routes (Tab moves the focus) as it routes a person's key presses. WebDriver BiDi's input actions do not
 * reach a chrome-scope window, and puppeteer's keyboard goes to the page, not the toolbox.
 */
const pressInPanel = async (keys) => {
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox = gDevTools.getToolboxForTab(gBrowser.selectedTab);
  const panel = [...toolbox.win.document.querySelectorAll('iframe')]
    .flatMap((f) => [...(f.contentDocument?.querySelectorAll('browser') ?? [])])
    .find((x) => x.currentURI?.spec.endsWith('/panel.html'));
  window.focus();
  if (Services.focus.focusedElement !== panel) panel.focus();
  const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
  if (!tip.beginInputTransactionForTests(window)) throw new Error('no input transaction');
  const codes = {
    Tab: [9, 'Tab'],
    ArrowDown: [40, 'ArrowDown'],
    ArrowRight: [39, 'ArrowRight'],
    Enter: [13, 'Enter'],
    '+': [187, 'Equal'],
    0: [48, 'Digit0'],
  };
  for (const key of keys) {
    const [keyCode, code] = codes[key];
    const event = new KeyboardEvent('', { key, code, keyCode });
    tip.keydown(event);
    tip.keyup(event);
  }
  return true;
};

/** Runs inside browser.xhtml: opens the toolbox on the selected tab (on the console) and waits for our panel to register. */
const openToolbox = async (timeoutMs, firstTool) => {
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const toolbox =
    gDevTools.getToolboxForTab(gBrowser.selectedTab) ??
    (await gDevTools.showToolboxForTab(gBrowser.selectedTab, { toolId: firstTool }));
  const deadline = Date.now() + timeoutMs;
  while (!toolbox.visibleAdditionalTools.some((i) => i.startsWith('webext-devtools-panel-'))) {
    if (Date.now() > deadline) throw new Error('extension panel never registered');
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
};

/**
 * Firefox with the extension installed as a temporary add-on, DevTools open and the Bearerscope panel selected.
 * `beforePanel` runs once the toolbox is open but before the panel is first shown (to test backfill). `firstTool`
 * is the tool the toolbox opens on before Bearerscope is selected ('options' loads nothing that watches the network).
 */
/**
 * @param {{ extDir: string, url: string, headless?: boolean, beforePanel?: (page: import('puppeteer-core').Page) => Promise<void> | void, firstTool?: string }} options
 */
export async function openFirefoxPanel({ extDir, url, headless = true, beforePanel, firstTool = 'webconsole' }) {
  const executablePath = findBrowser('firefox');
  if (!executablePath) throw new Error(INSTALL_HINT.firefox);
  checkVersion('firefox', executablePath, extDir);
  // Our own profile folder: puppeteer's own one for Firefox was left behind in TMPDIR after close.
  const userDataDir = makeProfile('firefox');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless,
    enableExtensions: true,
    userDataDir,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
    args: ['--remote-allow-system-access'],
  });
  const close = async () => {
    await browser.close().catch(() => {});
    removeProfile(userDataDir);
  };
  try {
    return { ...(await showFirefoxPanel(browser, { extDir, url, beforePanel, firstTool })), browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function showFirefoxPanel(browser, { extDir, url, beforePanel, firstTool }) {
  await browser.installExtension(path.resolve(extDir));
  const [page] = await browser.pages();
  await page.goto(url);
  const tree = await /** @type {any} */ (browser).connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml').context;
  /** Runs `fn(document, window)` in the panel's document; returns its JSON result. */
  const evalInPanel = async (fn, { select = false, timeoutMs = 15000 } = {}) => {
    const out = await chromeEval(browser, context, inPanel, select, fn.toString(), timeoutMs);
    if (out.error) throw new Error(`in the panel: ${out.error}`);
    return out.ok;
  };
  await chromeEval(browser, context, openToolbox, 20000, firstTool);
  if (beforePanel) await beforePanel(page);
  await evalInPanel(() => true, { select: true, timeoutMs: 20000 });
  // Ready once the panel has what Bearerscope's DevTools page captured since the toolbox opened.
  const deadline = Date.now() + 20000;
  while (!(await evalInPanel((doc) => Boolean(doc.querySelector('[data-ready="1"]'))))) {
    if (Date.now() > deadline) throw new Error('the Bearerscope panel never became ready');
    await new Promise((r) => setTimeout(r, 100));
  }
  /** Presses keys in the panel as a person would (Tab moves the focus): see pressInPanel. */
  const pressKeys = (keys) => chromeEval(browser, context, pressInPanel, keys);
  return { page, evalInPanel, pressKeys, context };
}
