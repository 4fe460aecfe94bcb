// Shared by the end-to-end tests: the built extension, the demo site, and small waiting helpers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = (browser) => {
  const dir = path.join(root, 'dist', browser);
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw new Error(`no build in ${dir}: run npm run build first`);
  return dir;
};
export const screenshotDir = () => {
  const dir = path.join(root, '.tmp', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
const SHOT_WAIT_MS = 40_000;

/**
 * A screenshot into .tmp/screenshots/`name`, and with UPDATE_DOCS=1 into docs/`docs` (when given) for the README. On
 * a loaded machine Chromium can take over a minute to paint a frame for one (Page.captureScreenshot timed out at 60 s
 * beside a CPU hog): it is asked twice, and where the picture is only a record of the run (not asserted on, not for
 * the docs) one that never comes is said in the log instead of failing a test that asserts other things. Resolves
 * the file's path, or null.
 * @param {{ screenshot(options: object): Promise<unknown> }} target
 * @param {string} name
 * @param {{ docs?: string, asserted?: boolean, [option: string]: unknown }} [options]
 */
export async function screenshot(target, name, { docs, asserted = false, ...options } = {}) {
  const file = path.join(screenshotDir(), name);
  const required = asserted || (docs && process.env.UPDATE_DOCS);
  let failure;
  for (let attempt = 0; attempt < 2; attempt++) {
    const shot = target.screenshot({ path: file, ...options });
    shot.catch(() => {}); // one given up on below may still fail later
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no screenshot within ${SHOT_WAIT_MS / 1000} s`)), SHOT_WAIT_MS);
    });
    try {
      await Promise.race([shot, late]);
      if (docs && process.env.UPDATE_DOCS) {
        fs.mkdirSync(path.dirname(path.join(root, 'docs', docs)), { recursive: true });
        fs.copyFileSync(file, path.join(root, 'docs', docs));
      }
      return file;
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(timer);
    }
  }
  if (required) throw failure;
  console.log(
    `# screenshot ${name} not taken (${failure instanceof Error ? failure.message : failure}); the test goes on`,
  );
  return null;
}

export const tokenId = (raw) => crypto.createHash('sha256').update(raw).digest('hex').slice(0, 16);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs in a page or panel (self-contained): resolves once two frames have been drawn, so that whatever the last
 * render set off (an image's onerror, an injected handler) has had its turn.
 */
export function painted(doc, win = globalThis) {
  return new Promise((resolve) => win.requestAnimationFrame(() => win.requestAnimationFrame(() => resolve(true))));
}

/** Polls `read` until `ok(value)` holds; fails with the last value seen. */
export async function waitFor(read, ok, { timeout = 20000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last).slice(0, 1500)}`);
    await sleep(150);
  }
}

/**
 * Selects a token's row in a Chromium panel and waits for its details. The list re-sorts as requests arrive, so a
 * click at a row's place on screen can land on its neighbour: the click is repeated until the details shown are
 * the ones asked for. `readDetail` is panel-dom.mjs's.
 */
export function selectRow(panel, id, readDetail) {
  return waitFor(
    async () => {
      // A DOM click, not a mouse click at the row's coordinates: banners coming and going move the list between
      // finding the row and clicking, and a click that lands on a column header sorts (and saves the setting).
      await panel.$eval(`.row[data-id="${id}"]`, (row) => row.click()).catch(() => {}); // not rendered yet: try again next round
      return panel.evaluate(`(${readDetail})(document, window)`);
    },
    (d) => d?.id === id,
    { what: `detail of ${id}` },
  );
}

const t0 = Date.now();
export const lap = (m) => console.log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);

/**
 * The demo's expired token's chips, worst first: the errors, then the warnings (the expiry, and the server's error on
 * the 401, repeated on its row) while the cell has room, the rest counted in a "+N".
 * @param {string[]} chips
 */
export function assertExpiredChips(chips) {
  assert.deepEqual(chips.slice(0, 2), ['expired when sent', '401']);
  const rest = chips.slice(2);
  const more = rest.at(-1)?.startsWith('+') ? Number(rest.pop()?.slice(1)) : 0;
  assert.deepEqual([rest.length + more, rest], [2, ['expired', 'IdP error'].slice(0, rest.length)], `chips: ${chips}`);
}
