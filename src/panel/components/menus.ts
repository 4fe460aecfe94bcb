/** What "copy" offers for a token, from its row's context menu and its detail pane alike. */
import type { RequestSighting, TokenReport } from '../../core/model/report.js';
import { sentByRequest } from '../../core/model/places.js';
import { curlFor } from '../curl.js';
import { copyText } from '../files.js';
import type { Store } from '../store/index.js';
import type { MenuItem } from './ContextMenu.js';

/** Header and claims as shown (credential claims redacted by the store), never the signature. */
export function decodedJson(t: TokenReport): string {
  return JSON.stringify(
    {
      header: t.header,
      claims: t.claims,
      ...(t.inner ? { inner: { header: t.inner.header, claims: t.inner.claims } } : {}),
    },
    null,
    2,
  );
}

/** The last request that carried the token out (not a response that brought it in). */
function lastRequest(t: TokenReport): RequestSighting | null {
  return (
    [...t.sightings].reverse().find((s): s is RequestSighting => s.kind === 'request' && sentByRequest(s.where)) ?? null
  );
}

export function curlOf(store: Store, t: TokenReport): string | null {
  const s = lastRequest(t);
  return s ? curlFor(s, store.rawOf(t.id), store.includeRaw.value) : null;
}

export function tokenMenu(store: Store, t: TokenReport, notify: (text: string) => void = () => {}): MenuItem[] {
  const copy = async (what: string, text: string) =>
    notify((await copyText(text)) ? `${what} copied` : `could not copy ${what}`);
  const items: MenuItem[] = [{ label: 'Copy decoded JSON', action: () => copy('decoded JSON', decodedJson(t)) }];
  if (lastRequest(t))
    items.push({
      label: store.includeRaw.value ? 'Copy as cURL (with the token)' : 'Copy as cURL (token redacted)',
      action: () => copy('cURL', curlOf(store, t) ?? ''),
    });
  items.push({ label: 'Copy token id', action: () => copy('token id', t.id) });
  return items;
}
