// The panel under load in real Chromium: 10,000 requests carrying 2,000 distinct tokens, (a) imported as a HAR
// into the panel page, (b) sent live by a page while DevTools shows the panel. Reports the time until every token
// is listed, how long a click on a row takes to show its details, and the panel's JS heap.
import path from 'node:path';
import { startDemo } from '../demo/server.mjs';
import { launchChromium, openChromiumPanel } from '../scripts/browsers.mjs';
import { makeHar } from './make-har.mjs';
import { printTimeline, timelineInPage } from './timeline.mjs';

const REQUESTS = Number(process.env.PANEL_REQUESTS ?? 10_000);
const TOKENS = 2_000;

/**
 * Polls the panel until its list says it holds `tokens` tokens and `requests` requests. From Node, in short calls:
 * one long-running call into the page would outlive puppeteer's protocol timeout on a long soak.
 */
async function untilCounted(panel, tokens, requests, timeoutMs) {
  const t0 = Date.now();
  for (;;) {
    const text = await panel.evaluate(() => document.querySelector('.count')?.textContent ?? '');
    const [t, r] = (text.match(/\d+/g) ?? []).map(Number);
    if (t >= tokens && r >= requests) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`only "${text}" after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs in the panel: click a row far down the list and time until its details are on screen. */
const clickLatency = async () => {
  const list = document.querySelector('.list');
  list.scrollTop = list.scrollHeight / 2;
  await new Promise((r) => setTimeout(r, 100));
  const row = /** @type {HTMLElement} */ ([...document.querySelectorAll('.row')].at(-3));
  const t0 = performance.now();
  row.click();
  await new Promise((resolve) => {
    const wait = () =>
      /** @type {HTMLElement | null} */ (document.querySelector('.detail'))?.dataset.id === row.dataset.id
        ? resolve(undefined)
        : requestAnimationFrame(wait);
    wait();
  });
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  return { ms: performance.now() - t0, rowsInDom: document.querySelectorAll('.row').length };
};

/** Runs in the page: sends requests [from, to) fifty at a time; returns how long that took. */
const sendSlice = async (from, to, tokens, base) => {
  const t = performance.now();
  for (let i = from; i < to; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, to - i) }, (_, k) =>
        fetch(`/api/ping?n=${i + k}`, { headers: { Authorization: `Bearer ${base}${(i + k) % tokens}` } }),
      ),
    );
  }
  return performance.now() - t;
};
const SLICE = 5_000;

/** Runs in the panel while it captures: counts, heap, and the time a click on the second row takes to show it. */
const clickWhileBusy = async () => {
  const count = document.querySelector('.count')?.textContent;
  const heap = performance.memory?.usedJSHeapSize;
  const rows = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.row'));
  const row = rows[rows.length > 1 ? 1 : 0];
  if (!row) return { count, heap };
  const t0 = performance.now();
  row.click();
  await new Promise((resolve) => {
    const wait = () =>
      /** @type {HTMLElement | null} */ (document.querySelector('.detail'))?.dataset.id === row.dataset.id
        ? resolve(undefined)
        : requestAnimationFrame(wait);
    wait();
  });
  return { count, heap, clickMs: performance.now() - t0 };
};

const heapMB = () => (performance.memory ? performance.memory.usedJSHeapSize / 1e6 : NaN);

export async function benchPanel(outDir, { live = true, imported = true } = {}) {
  const results = {};
  console.log(`\nPanel, ${REQUESTS} requests with ${TOKENS} distinct tokens (Chromium)`);
  if (imported) await benchImport(outDir, results);
  if (live) await benchLive(results);
  return results;
}

async function benchImport(outDir, results) {
  const har = path.join(outDir, `panel-${REQUESTS}.har`);
  makeHar(har, { entries: REQUESTS, distinctTokens: TOKENS, bearerEvery: 1 });
  const browser = await launchChromium({ args: ['--enable-precise-memory-info'] });
  try {
    const extId = await browser.installExtension(path.resolve('dist/chrome'));
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`chrome-extension://${extId}/panel.html`);
    const input = await page.waitForSelector('input[type=file]');
    const counted = untilCounted(page, TOKENS, REQUESTS, 120_000);
    const t0 = Date.now();
    await input.uploadFile(har);
    await counted;
    results.importMs = Date.now() - t0;
    results.importClick = await page.evaluate(clickLatency);
    results.importHeapMB = await page.evaluate(heapMB);
    results.timeline = await page.evaluate(timelineInPage);
  } finally {
    await browser.close();
  }
  console.log(
    `  import as HAR: all listed after ${(results.importMs / 1000).toFixed(2)} s; click → details ${results.importClick.ms.toFixed(0)} ms (${results.importClick.rowsInDom} rows in the DOM); JS heap ${results.importHeapMB.toFixed(1)} MB`,
  );
  printTimeline(results.timeline);
}

async function benchLive(results) {
  const demo = await startDemo();
  const session = await (await fetch(`${demo.origin}/demo/session`)).json();
  const ui = await openChromiumPanel({
    extDir: path.resolve('dist/chrome'),
    url: `${demo.origin}/?auto=0`,
    args: ['--enable-precise-memory-info'],
  });
  try {
    await ui.panel.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
        type: 'longtask',
      });
    });
    const t0 = Date.now();
    // Every 5 s while the page sends: the count, the heap, and how long a click on a row takes to show its details,
    // so a long soak shows whether the panel keeps answering and how its memory moves.
    const clicks = [];
    let peakHeap = 0;
    const progress = setInterval(async () => {
      /** @type {{ count?: string, heap?: number, clickMs?: number, error?: string }} */
      const p = await ui.panel.evaluate(clickWhileBusy).catch((e) => ({ error: e.message }));
      if (p.clickMs !== undefined) clicks.push(p.clickMs);
      if (p.heap) peakHeap = Math.max(peakHeap, p.heap);
      console.log(
        `    ${((Date.now() - t0) / 1000).toFixed(0)} s: ${p.count ?? p.error}${p.heap ? `, heap ${(p.heap / 1e6).toFixed(1)} MB` : ''}${p.clickMs !== undefined ? `, click → details ${p.clickMs.toFixed(0)} ms` : ''}`,
      );
    }, 5000);
    const counted = untilCounted(ui.panel, TOKENS, REQUESTS, Math.max(300_000, REQUESTS * 10)).finally(() =>
      clearInterval(progress),
    );
    // Distinct tokens: the demo's user+add-in token with a different (unsigned, harmless) suffix per token. Sent in
    // slices, so that no single protocol call outlives puppeteer's timeout on a long soak.
    let sent = 0;
    for (let from = 0; from < REQUESTS; from += SLICE) {
      sent += await ui.page.evaluate(sendSlice, from, Math.min(REQUESTS, from + SLICE), TOKENS, session.userAddIn);
    }
    await counted;
    results.liveMs = Date.now() - t0;
    results.liveSendMs = sent;
    results.liveClick = await ui.panel.evaluate(clickLatency);
    results.liveHeapMB = await ui.panel.evaluate(heapMB);
    results.liveClicksWhileBusy = { count: clicks.length, maxMs: Math.max(0, ...clicks) };
    results.livePeakHeapMB = Math.max(peakHeap / 1e6, results.liveHeapMB);
    results.liveLongTasks = await ui.panel.evaluate(() => ({
      count: window.__longTasks.length,
      maxMs: Math.max(0, ...window.__longTasks),
    }));
  } finally {
    await ui.close();
    await demo.close();
  }
  console.log(
    `  live in DevTools: the page sent them in ${(results.liveSendMs / 1000).toFixed(2)} s; all listed after ${(results.liveMs / 1000).toFixed(2)} s; click → details ${results.liveClick.ms.toFixed(0)} ms; panel JS heap ${results.liveHeapMB.toFixed(1)} MB at the end, highest seen ${results.livePeakHeapMB.toFixed(1)} MB; main-thread tasks over 50 ms while capturing: ${results.liveLongTasks.count}, longest ${results.liveLongTasks.maxMs.toFixed(0)} ms; clicks while capturing: ${results.liveClicksWhileBusy.count}, slowest ${results.liveClicksWhileBusy.maxMs.toFixed(0)} ms`,
  );
}
