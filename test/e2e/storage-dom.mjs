// Functions that run inside the panel's document for the storage tests (self-contained: sent as source text).

/** The rows, the capture-wide banners with their messages, the notes, and when storage was last read. */
export function readStorageView(doc) {
  return {
    rows: [...doc.querySelectorAll('.row')].map((r) => ({
      id: r.dataset.id,
      kind: r.dataset.kind,
      findings: r.querySelector('.icons')?.getAttribute('title') ?? '',
    })),
    banners: [...doc.querySelectorAll('.banner[data-code]')].map((b) => ({
      code: b.dataset.code,
      severity: (b.className.match(/banner-(\w+)/) ?? [])[1],
      text: b.textContent,
    })),
    notes: [...doc.querySelectorAll('.banner li')].map((li) => li.textContent),
    storageTime: doc.querySelector('[data-storage-time]')?.dataset.storageTime ?? null,
  };
}

/** The selected token's findings (code and severity) and where it was seen. */
export function readPlaces(doc) {
  const d = doc.querySelector('.detail[data-id]');
  if (!d) return null;
  return {
    id: d.dataset.id,
    findings: [...d.querySelectorAll('.finding')].map((f) => ({
      code: f.dataset.code,
      severity: (f.className.match(/sev-(\w+)/) ?? [])[1],
      text: f.textContent,
    })),
    places: [...d.querySelectorAll('.sightings td[data-where]')].map((td) => ({
      where: td.dataset.where,
      text: td.textContent,
    })),
  };
}
