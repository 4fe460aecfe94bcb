// Firefox drops the requests that start while an extension reads DevTools' log (README, "Firefox drops requests
// during a read"). Bearerscope reads it once, as the panel opens, after a quiet moment (at most 2 s); a page that is
// still busy then gets a notice. Each test opens the panel while the page sends requests of its own, each with a token
// of its own, and counts what the panel lists once the page has stopped.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openFirefoxPanel } from '../../scripts/browsers.mjs';
import { dist, lap, sleep } from './helpers.mjs';
import { readPanel } from './panel-dom.mjs';
import { startLiveSite } from './live-site.mjs';

let site;
before(async () => (site = await startLiveSite()));
after(async () => site?.close());

/** Sends `count` requests (or until stopped), one every `every` ms, from the page; `window.sent` counts them. */
function sendEvery(every, count) {
  const w = /** @type {any} */ (window);
  w.sent = 0;
  w.poll = setInterval(() => {
    const n = ++w.sent;
    if (n >= count) clearInterval(w.poll);
    const token = `eyJhbGciOiJub25lIn0.${btoa(JSON.stringify({ sub: `poll-${n}`, exp: 4102444800 })).replace(/=+$/, '')}.`;
    void fetch(`/api/normal?k=poll-${n}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.text());
  }, every);
}

/** Opens the panel while the page sends; then stops it and says what was sent, listed and noticed. */
async function openWhileSending(every, count) {
  const ui = await openFirefoxPanel({ extDir: dist('firefox'), url: `${site.origin}/`, beforePanel: (page) => page.evaluate(sendEvery, every, count) });
  try {
    const sent = await ui.page.evaluate(() => {
      const w = /** @type {any} */ (window);
      clearInterval(w.poll);
      return w.sent;
    });
    await sleep(3000);
    const counts = (doc) => (doc.querySelector('.count')?.textContent.match(/\d+/g) ?? []).map(Number);
    const [tokens] = await ui.evalInPanel(counts);
    const { notice } = await ui.evalInPanel(readPanel);
    lap(`the page sent ${sent} requests, one every ${every} ms, while the panel opened; the panel lists ${tokens} of their tokens; notice: ${notice ?? 'none'}`);
    return { sent, tokens, notice };
  } finally {
    await ui.close();
  }
}

test('Firefox: the panel opened during a burst of requests reads the log once it is over, and lists every one', async () => {
  const { sent, tokens, notice } = await openWhileSending(10, 150);
  assert.equal(sent, 150, 'the burst was over by the time the panel was ready');
  assert.equal(tokens, sent);
  assert.equal(notice, null);
});

test('Firefox: a page still busy 2 s after the panel opened gets a notice that requests may have been dropped', async () => {
  const { sent, tokens, notice } = await openWhileSending(10, Infinity);
  assert.match(notice ?? '', /^Firefox may have dropped requests the page sent while Bearerscope read its network log as the panel opened/);
  assert.ok(tokens > 0 && tokens <= sent);
});
