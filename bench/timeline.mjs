// The panel's timeline under load (used by bench/panel.mjs on the imported 2,000 tokens / 10,000 requests): the
// time from the Timeline toggle to the drawn lanes, and of each zoom and pan step, with the SVG elements drawn
// (only what is in view: src/core/output/timeline.ts `inView`) and the long tasks seen meanwhile.

/** Runs in the panel page. */
export const timelineInPage = async () => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined))));
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const label = () => document.querySelector('.timeline-bar .muted')?.textContent;
  const t0 = performance.now();
  /** @type {HTMLElement} */ (
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Timeline')
  ).click();
  while (!document.querySelector('.timeline-svg .lane')) await new Promise((r) => requestAnimationFrame(r));
  await frame();
  const openMs = performance.now() - t0;
  const svg = /** @type {Element} */ (document.querySelector('.timeline-svg'));
  const steps = [];
  for (const key of ['+', '+', '+', '+', '+', 'ArrowRight', 'PageDown', '-', '-', '-', '-', '-', '0']) {
    const before = label();
    const t = performance.now();
    svg.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    while (label() === before && performance.now() - t < 2000) await new Promise((r) => requestAnimationFrame(r));
    await frame();
    steps.push(performance.now() - t);
  }
  observer.disconnect();
  return {
    openMs,
    stepMaxMs: Math.max(...steps),
    stepMedianMs: [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)],
    elements: svg.querySelectorAll('*').length,
    lanes: label(),
    longTasks: { count: longTasks.length, maxMs: Math.max(0, ...longTasks) },
  };
};

export function printTimeline(t) {
  console.log(
    `  timeline: drawn ${t.openMs.toFixed(0)} ms after the toggle (${t.elements} SVG elements, ${t.lanes}); zoom/pan step median ${t.stepMedianMs.toFixed(0)} ms, max ${t.stepMaxMs.toFixed(0)} ms; long tasks ${t.longTasks.count} (max ${t.longTasks.maxMs.toFixed(0)} ms)`,
  );
}
