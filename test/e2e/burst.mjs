// Bursts of bearer requests from the inspected page, for the tests that DevTools' capture misses none of them
// (firefox-busy.e2e, chromium-busy.e2e): each request carries a token of its own, so the panel's token count says
// how many it listed.
import { waitFor } from './helpers.mjs';

/**
 * Runs in the page: sends `count` requests (or until `stopBurst()`), one every `every` ms; every `refusedEvery`-th
 * (0: none) goes to a route that answers 401, whose body the page never reads. `window.sent` counts the requests
 * sent, `window.answered` those answered.
 */
export function sendEvery(every, count, refusedEvery = 0) {
  const w = /** @type {any} */ (window);
  w.sent = 0;
  w.answered = 0;
  w.poll = setInterval(() => {
    const n = ++w.sent;
    if (n >= count) clearInterval(w.poll);
    const token = `eyJhbGciOiJub25lIn0.${btoa(JSON.stringify({ sub: `poll-${n}`, exp: 4102444800 })).replace(/=+$/, '')}.`;
    const refused = refusedEvery && n % refusedEvery === 0;
    void fetch(`/api/${refused ? 'refused' : 'normal'}?k=poll-${n}`, { headers: { Authorization: `Bearer ${token}` } })
      .then((r) => (refused ? null : r.text()))
      .finally(() => w.answered++);
  }, every);
}

/** Runs in the page: stops the burst; returns how many requests it sent. */
export function stopBurst() {
  const w = /** @type {any} */ (window);
  clearInterval(w.poll);
  return w.sent;
}

/** Waits until the page's burst is over and every request in it answered; returns how many it sent. */
export async function burstOver(page, count) {
  const { sent } = await waitFor(
    () =>
      page.evaluate(() => ({ sent: /** @type {any} */ (window).sent, answered: /** @type {any} */ (window).answered })),
    (s) => s.sent >= count && s.answered === s.sent,
    { timeout: 60000, what: 'the end of the burst' },
  );
  return sent;
}

/** Runs in the panel: its counts, e.g. [tokens, requests]. */
export const panelCounts = (doc) => (doc.querySelector('.count')?.textContent.match(/\d+/g) ?? []).map(Number);

/**
 * Waits until the panel lists `sent` tokens (the listing comes in batches, later on a loaded machine); returns what
 * it lists then, or at the timeout, for the test to compare.
 */
export async function listed(readCounts, sent, timeout = 30000) {
  let last = [];
  try {
    await waitFor(
      async () => (last = await readCounts()),
      ([tokens]) => tokens >= sent,
      { timeout, what: `${sent} tokens listed` },
    );
  } catch {
    // fall through: the test compares the numbers and says both
  }
  return last[0] ?? 0;
}
