// Functions that run inside the panel's document (in Chromium through puppeteer, in Firefox through a frame
// script). Each must be self-contained: it is sent as source text.

/** What the list shows. */
export function readPanel(doc) {
  return {
    ready: doc.querySelector('[data-ready]')?.dataset.ready === '1',
    theme: doc.documentElement.dataset.theme ?? null,
    rows: [...doc.querySelectorAll('.row')].map((r) => ({
      id: r.dataset.id,
      kind: r.dataset.kind,
      text: r.textContent,
      findings: r.querySelector('.icons')?.getAttribute('title') ?? '',
    })),
    banners: [...doc.querySelectorAll('.banner[data-code]')].map((b) => b.dataset.code),
    // Every notice's text, newest first, one a line (null: none), the earlier ones folded away included.
    notice: [...doc.querySelectorAll('[data-notice] > span')].map((s) => s.textContent).join('\n') || null,
  };
}

/** What the detail pane shows for the selected token. */
export function readDetail(doc) {
  const d = doc.querySelector('.detail[data-id]');
  if (!d) return null;
  const cells = (sel) => [...d.querySelectorAll(sel)].map((c) => c.textContent);
  return {
    id: d.dataset.id,
    findings: [...d.querySelectorAll('.finding')].map((f) => f.dataset.code),
    times: Object.fromEntries(
      [...d.querySelectorAll('.times tr[data-claim]')].map((tr) => [
        tr.dataset.claim,
        {
          local: tr.querySelector('.local').textContent,
          utc: tr.querySelector('.utc').textContent,
          rel: tr.querySelector('.rel').textContent,
        },
      ]),
    ),
    claimNames: cells('.claims[aria-label="Claims"] .claim-name'),
    claimValues: cells('.claims[aria-label="Claims"] .claim-value'),
    principals: cells('.principals tbody tr'),
    cacheKey: d.querySelector('[data-field="CacheKey"]')?.textContent ?? null,
    lifetimeBar: Boolean(d.querySelector('.lifetime .now-marker')),
    elementsInClaims: d.querySelectorAll('.claims img, .claims script, .claims b, .claims a').length,
  };
}

/**
 * Starts noting, on the panel's root element, when each token's row first appears (`data-seen-<id>`) and when
 * onRequestFinished reports each test request (`data-ev-<k>`, from its `?k=` parameter), in epoch ms. Its own
 * listener on the same event the panel listens to: that tells whether a token came by the event or by a re-read.
 * In Firefox it runs from a frame script, so it reaches the panel's `browser` through wrappedJSObject.
 */
export function watchArrivals(doc, win) {
  const root = doc.documentElement;
  const note = (name) => {
    if (!root.hasAttribute(name)) root.setAttribute(name, String(Date.now()));
  };
  const seeRows = () =>
    doc.querySelectorAll('.row[data-id]').forEach((r) => note(`data-seen-${r.getAttribute('data-id')}`));
  new win.MutationObserver(seeRows).observe(doc.body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-id'],
  });
  seeRows();
  const onFinished = (req) => {
    const k = /[?&]k=([^&]+)/.exec(String(req.request.url))?.[1];
    if (k) note(`data-ev-${decodeURIComponent(k).toLowerCase()}`);
  };
  const page = win.wrappedJSObject;
  // eslint-disable-next-line no-undef
  if (page) page.browser.devtools.network.onRequestFinished.addListener(Cu.exportFunction(onFinished, win));
  else win.chrome.devtools.network.onRequestFinished.addListener(onFinished);
  return true;
}

/** What watchArrivals noted so far: { seen: { tokenId: ms }, events: { k: ms } }. */
export function readArrivals(doc) {
  const out = { seen: {}, events: {} };
  for (const a of doc.documentElement.attributes) {
    if (a.name.startsWith('data-seen-')) out.seen[a.name.slice(10)] = Number(a.value);
    if (a.name.startsWith('data-ev-')) out.events[a.name.slice(8)] = Number(a.value);
  }
  return out;
}

/** The selected token's signature status from captured keys and its proofs of possession, each check's verdict. */
export function readProofs(doc) {
  const d = doc.querySelector('.detail[data-id]');
  if (!d) return null;
  const sig = d.querySelector('.signature-status');
  return {
    id: d.dataset.id,
    signature: sig?.dataset.status ?? null,
    signatureText: sig?.textContent ?? '',
    findings: [...d.querySelectorAll('.finding')].map((f) => f.dataset.code),
    proofs: [...d.querySelectorAll('.proof')].map((p) => ({
      kind: p.dataset.kind,
      verdict: p.dataset.verdict,
      open: p.hasAttribute('open'),
      // How many lines the proof takes on screen: its summary's line boxes, and whether anything shows below it.
      ...(() => {
        const summary = p.querySelector('summary');
        if (!summary) return { lines: 0, below: 0 };
        const range = doc.createRange();
        range.selectNodeContents(summary);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        return {
          lines: tops.size,
          below: Math.round(p.getBoundingClientRect().height - summary.getBoundingClientRect().height),
          summary: summary.textContent,
        };
      })(),
      checks: Object.fromEntries(
        [...p.querySelectorAll('tr[data-check]')].map((tr) => [tr.dataset.check, tr.dataset.ok]),
      ),
    })),
  };
}

/** The token table as a person sees it: headers and their sort, rows in screen order with their marks, the session. */
export function readTable(doc) {
  const rows = [...doc.querySelectorAll('.row')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
  const picker = doc.querySelector('select.sessions');
  return {
    headers: [...doc.querySelectorAll('.th')].map((h) => ({
      column: h.dataset.column,
      sort: h.getAttribute('aria-sort'),
    })),
    rows: rows.map((r) => ({
      id: r.dataset.id,
      kind: r.dataset.kind,
      severity: r.dataset.severity,
      chips: [...r.querySelectorAll('.chip')].map((c) => c.textContent),
      status: r.querySelector('.status')?.textContent ?? null,
    })),
    newRows: doc.querySelector('.new-rows')?.textContent ?? null,
    sessions: picker ? [...picker.options].map((o) => o.textContent) : [],
    session: picker ? (picker.options[picker.selectedIndex]?.textContent ?? null) : null,
    sessionBar: doc.querySelector('.session-bar')?.textContent ?? null,
    filter: doc.querySelector('input.filter')?.value ?? null,
    count: doc.querySelector('.count')?.textContent ?? null,
    empty: doc.querySelector('.list.empty')?.textContent ?? null,
  };
}

/** Whether the selected token's findings are on screen: the pinned summary inside the pane's visible box. */
export function readDetailView(doc) {
  const d = doc.querySelector('.detail[data-id]');
  if (!d) return null;
  const box = d.getBoundingClientRect();
  const pinned = d.querySelector('[data-pinned="findings"]');
  const p = pinned?.getBoundingClientRect();
  const first = d.querySelector('.finding')?.getBoundingClientRect();
  return {
    id: d.dataset.id,
    scrollTop: d.scrollTop,
    pinned: pinned ? [...pinned.querySelectorAll('.chip')].map((c) => c.textContent) : [],
    pinnedOnScreen: Boolean(p && p.height > 0 && p.top >= box.top - 1 && p.bottom <= box.bottom + 1),
    firstFindingOnScreen: Boolean(first && first.top < box.bottom && first.bottom > box.top),
  };
}
