// A large HAR imported into the panel (its page in headless Chromium, the extension's own import worker) beside
// `bearerscope scan` on the same file, alternating runs. For the panel: the time from the file being chosen to the
// "Imported N requests" notice, the time to the first progress shown, the longest main-thread task meanwhile, and
// whether the toolbar moved. Target: the import within 2 × the CLI's time; progress within 100 ms.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from '../scripts/browsers.mjs';

const RATIO_TARGET = 2;
const PROGRESS_TARGET_MS = 100;

/** Runs in the panel before the file is chosen: timestamps of the import's stages, the long tasks, the toolbar. */
const watchImport = () => {
  const w = /** @type {any} */ (window);
  w.__import = { longTasks: [], toolbar: new Set(), chosen: null, progress: null, moved: null, done: null };
  new PerformanceObserver((list) => w.__import.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
    type: 'longtask',
  });
  document.addEventListener('change', () => (w.__import.chosen = performance.now()), true);
  const frame = () => {
    const s = w.__import;
    const bar = document.querySelector('.toolbar');
    const exportButton = document.querySelector('.export');
    if (s.chosen !== null && s.done === null && bar && exportButton) {
      const r = exportButton.getBoundingClientRect();
      s.toolbar.add(`${bar.getBoundingClientRect().height}:${r.left}:${r.top}`);
    }
    const progress = /** @type {HTMLProgressElement | null} */ (document.querySelector('.importing progress'));
    if (progress && s.progress === null) s.progress = performance.now();
    if (progress && progress.value > 0 && s.moved === null) s.moved = performance.now();
    if (/^Imported \d+ requests/.test(document.querySelector('[data-notice]')?.textContent ?? '')) {
      s.done ??= performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

const readImport = () => {
  const s = /** @type {any} */ (window).__import;
  if (s.done === null) return null;
  return {
    importMs: s.done - s.chosen,
    progressMs: s.progress === null ? null : s.progress - s.chosen,
    movedMs: s.moved === null ? null : s.moved - s.chosen,
    longestTaskMs: Math.max(0, ...s.longTasks),
    toolbarLayouts: s.toolbar.size,
    notice: document.querySelector('[data-notice]')?.textContent,
  };
};

/** Runs in the panel page: the import worker itself, asked to read a small HAR; how many threads it read with. */
const workerThreads = (har) =>
  new Promise((resolve, reject) => {
    const worker = new Worker('import-worker.js');
    worker.onmessage = ({ data }) => {
      if (data.type !== 'read') return;
      worker.terminate();
      resolve(data.threads);
    };
    worker.onerror = () => reject(new Error('the import worker did not start'));
    worker.postMessage({ type: 'import', name: 'small.har', data: new Blob([har]) });
  });

async function panelImport(browser, extId, file) {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1400, height: 800 });
    await page.goto(`chrome-extension://${extId}/panel.html`);
    const input = await page.waitForSelector('input[type=file]');
    await page.evaluate(watchImport);
    await input.uploadFile(file);
    for (const t0 = Date.now(); Date.now() - t0 < 600_000;) {
      const r = await page.evaluate(readImport);
      if (r) return r;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the import did not end in 10 minutes');
  } finally {
    await page.close();
  }
}

function cliScan(root, file) {
  const t = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'scan', file, '--json', '--fail-on', 'never'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, entries: JSON.parse(r.stdout).entries };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

export async function benchImport(root, file, { runs = 3 } = {}) {
  const size = fs.statSync(file).size;
  console.log(
    `\nImport into the panel beside the CLI: ${path.relative(root, file)}, ${(size / 1e6).toFixed(1)} MB (median of ${runs} alternating runs)`,
  );
  const browser = await launchChromium();
  const cli = [];
  const panel = [];
  try {
    const extId = await browser.installExtension(path.join(root, 'dist', 'chrome'));
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${extId}/panel.html`);
    const small = fs.readFileSync(path.join(root, 'test/fixtures/sharepoint-addin.har'), 'utf8');
    console.log(`  the import worker reads with ${await page.evaluate(workerThreads, small)} thread(s)`);
    await page.close();
    for (let i = 0; i < runs; i++) {
      cli.push(cliScan(root, file));
      panel.push(await panelImport(browser, extId, file));
      const p = panel.at(-1);
      console.log(
        `  run ${i + 1}: CLI ${(cli.at(-1).ms / 1000).toFixed(2)} s; panel ${(p.importMs / 1000).toFixed(2)} s, progress at ${p.progressMs?.toFixed(0)} ms (moving at ${p.movedMs?.toFixed(0)} ms), longest task ${p.longestTaskMs.toFixed(0)} ms, toolbar layouts ${p.toolbarLayouts}`,
      );
    }
  } finally {
    await browser.close();
  }
  const cliMs = median(cli.map((c) => c.ms));
  const panelMs = median(panel.map((p) => p.importMs));
  const progressMs = median(panel.map((p) => p.progressMs ?? Infinity));
  const ratio = panelMs / cliMs;
  console.log(`  bearerscope scan --json: ${(cliMs / 1000).toFixed(2)} s (${cli[0].entries} entries)`);
  console.log(`  panel import: ${(panelMs / 1000).toFixed(2)} s (${panel[0].notice})`);
  console.log(
    `  ratio panel / CLI: ${ratio.toFixed(2)}   (target ≤ ${RATIO_TARGET}: ${ratio <= RATIO_TARGET ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  first progress shown: ${progressMs.toFixed(0)} ms   (target ≤ ${PROGRESS_TARGET_MS} ms: ${progressMs <= PROGRESS_TARGET_MS ? 'met' : 'NOT met'}); longest main-thread task ${Math.max(...panel.map((p) => p.longestTaskMs)).toFixed(0)} ms; toolbar ${panel.every((p) => p.toolbarLayouts <= 1) ? 'still' : 'MOVED'} during the import`,
  );
  return { cliMs, panelMs, ratio, progressMs };
}
