// The store listings' screenshots (docs/store/): 1280×800, as the Chrome Web Store asks and AMO accepts, each under
// 300 KB. The panel outside DevTools with the SharePoint capture imported (light and dark), from the Chrome store
// zip itself (scripts/package.mjs) unpacked and loaded, and the HTML report of the same capture. Written to
// .tmp/screenshots/; with UPDATE_DOCS=1 also to docs/store/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';
import { launchChromium } from '../../scripts/browsers.mjs';
import { zipDirectory } from '../../scripts/package.mjs';
import { dist, root, screenshot, screenshotDir } from './helpers.mjs';

const WIDTH = 1280;
const HEIGHT = 800;
const MAX_BYTES = 300 * 1024;
const HAR = path.join(root, 'test/fixtures/sharepoint-addin.har');
let browser;
let extId;

/** The store zip of the Chrome build, unpacked into a folder, as the Web Store's review unpacks it. */
async function unpackedStoreZip() {
  const dir = fs.mkdtempSync(path.join(root, '.tmp', 'store-chrome-'));
  const zip = await new Promise((resolve, reject) =>
    yauzl.fromBuffer(zipDirectory(dist('chrome')), { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  await new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry) =>
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', () => {
          fs.mkdirSync(path.dirname(path.join(dir, entry.fileName)), { recursive: true });
          fs.writeFileSync(path.join(dir, entry.fileName), Buffer.concat(chunks));
          zip.readEntry();
        });
      }),
    );
    zip.readEntry();
  });
  return dir;
}
let unpacked;

before(async () => {
  unpacked = await unpackedStoreZip();
  browser = await launchChromium();
  extId = await browser.installExtension(unpacked);
});
after(async () => {
  await browser?.close();
  if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
});

/** The PNG's size from its IHDR chunk, as a store reads it. */
function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

async function shoot(page, name) {
  const file = await screenshot(page, `store-${name}`, {
    docs: `store/${name}`,
    asserted: true,
    captureBeyondViewport: false,
  });
  const size = pngSize(file);
  assert.deepEqual({ width: size.width, height: size.height }, { width: WIDTH, height: HEIGHT });
  assert.ok(size.bytes < MAX_BYTES, `${name} is ${size.bytes} bytes`);
}

async function panel(scheme) {
  const page = await browser.newPage();
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  // Outside DevTools the panel runs with no live source: the same UI, fed by an imported HAR.
  await page.goto(`chrome-extension://${extId}/panel.html`);
  const input = await page.waitForSelector('input[type=file]');
  await input.uploadFile(HAR);
  await page.waitForSelector('.row[data-kind="user+add-in"]');
  await page.click('.row[data-kind="user+add-in"]');
  await page.waitForSelector('.detail[data-id] .finding');
  return page;
}

test('the panel with a SharePoint capture imported, light', async () => {
  const page = await panel('light');
  await shoot(page, 'panel-light.png');
  await page.close();
});

test('the panel with a SharePoint capture imported, dark', async () => {
  const page = await panel('dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 255, 255)', 'the panel follows the dark colour scheme');
  await shoot(page, 'panel-dark.png');
  await page.close();
});

test('the HTML report of the same capture', async () => {
  const out = path.join(screenshotDir(), 'store-report.html');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'dist/cli.js'),
      'scan',
      HAR,
      '--format',
      'html',
      '--output',
      out,
      '--fail-on',
      'never',
      '--now',
      '2023-11-14T22:30:00Z',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const page = await browser.newPage();
  await page.setViewport({ width: WIDTH, height: HEIGHT });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  await page.goto(pathToFileURL(out).href);
  await shoot(page, 'html-report.png');
  await page.close();
});
