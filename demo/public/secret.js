// Sends a made-up Stripe secret key and a made-up Google browser key to the demo server (127.0.0.1 only).
const steps = document.getElementById('steps');
const log = (text) => steps.append(Object.assign(document.createElement('li'), { textContent: text }));

async function run() {
  // The mistake: a secret key in browser code. Reading each body makes Chromium report the request to DevTools.
  await (
    await fetch('/api/ping?charge=1', {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_live_yRh6nRuyLeXE7At07YbTCyAE' },
    })
  ).text();
  log('POST /api/ping with a Stripe live secret key in the Authorization header');
  await (await fetch('/api/ping?key=AIza17ZvBiv7E2tsfPsRn5RUaAb1MXtGeg0CPuo&callback=initMap')).text();
  log('GET /api/ping with a Google browser API key in the URL');
  document.body.dataset.done = '1';
}

run().catch((err) => log(`failed: ${err}`));
