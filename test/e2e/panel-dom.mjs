// Functions that run inside the panel's document (in Chromium through puppeteer, in Firefox through a frame
// script). Each must be self-contained: it is sent as source text.

/** What the list shows. */
export function readPanel(doc) {
  return {
    ready: doc.querySelector('[data-ready]')?.dataset.ready === '1',
    theme: doc.documentElement.dataset.theme ?? null,
    rows: [...doc.querySelectorAll('.row')].map((r) => ({ id: r.dataset.id, kind: r.dataset.kind, text: r.textContent, findings: r.querySelector('.icons')?.getAttribute('title') ?? '' })),
    banners: [...doc.querySelectorAll('.banner[data-code]')].map((b) => b.dataset.code),
    notice: doc.querySelector('[data-notice]')?.textContent ?? null,
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
    times: Object.fromEntries([...d.querySelectorAll('.times tr[data-claim]')].map((tr) => [tr.dataset.claim, { local: tr.querySelector('.local').textContent, utc: tr.querySelector('.utc').textContent, rel: tr.querySelector('.rel').textContent }])),
    claimNames: cells('.claims[aria-label="Claims"] .claim-name'),
    claimValues: cells('.claims[aria-label="Claims"] .claim-value'),
    principals: cells('.principals tbody tr'),
    cacheKey: d.querySelector('[data-field="CacheKey"]')?.textContent ?? null,
    lifetimeBar: Boolean(d.querySelector('.lifetime .now-marker')),
    elementsInClaims: d.querySelectorAll('.claims img, .claims script, .claims b, .claims a').length,
  };
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
      checks: Object.fromEntries([...p.querySelectorAll('tr[data-check]')].map((tr) => [tr.dataset.check, tr.dataset.ok])),
    })),
  };
}
