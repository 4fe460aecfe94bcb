// The table alone, over real reports: the SharePoint add-in capture, then more traffic as a live panel would see it.
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { Analyzer, tokenId } from '../../../src/core/analysis/analyzer.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/panel/settings.js';
import { createTableStore } from '../../../src/panel/store/table.js';
import * as T from '../../fixtures/tokens.js';
import har from '../../fixtures/sharepoint-addin.har?raw';
import { bearerEntry } from '../fakes.js';

const START = Date.parse('2023-11-14T22:30:00Z');
const entries = (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries;

function table(list: unknown[] = entries) {
  const analyzer = new Analyzer();
  const judge = () => analyzer.report(START, { redactPersonal: false });
  for (const e of list) analyzer.add(e);
  const report = signal(judge());
  const settings = signal<Settings>(DEFAULT_SETTINGS);
  const sessionId = signal('live');
  const store = createTableStore({ report, at: signal(START), settings, sessionId });
  /** More traffic, judged as the view would. */
  const add = (...more: unknown[]) => {
    for (const e of more) analyzer.add(e);
    report.value = judge();
  };
  return { report, settings, sessionId, store, add };
}
const ids = (store: ReturnType<typeof table>['store']) => store.tokens.value.map((t) => t.id);

describe('table store', () => {
  it('filters on kind, host, finding code and claim text', () => {
    const { store } = table();
    const kinds = () => store.tokens.value.map((t) => t.kind).sort();
    expect(kinds()).toHaveLength(7);
    store.filter.value = 'cookie-leak';
    expect(kinds()).toEqual(['context', 'user+add-in']);
    store.filter.value = 'graph.microsoft.com';
    expect(kinds()).toEqual(['delegated']);
    store.filter.value = 'Alex Doe';
    expect(kinds()).toEqual(['delegated', 'id']);
  });

  it('sorts by the sort setting', () => {
    const { settings, store } = table();
    settings.value = { ...DEFAULT_SETTINGS, sort: { column: 'kind', dir: 'asc' } };
    expect(store.tokens.value.map((t) => t.kind)).toEqual([
      'add-in-only',
      'context',
      'delegated',
      'id',
      'opaque',
      'refresh',
      'user+add-in',
    ]);
    settings.value = { ...DEFAULT_SETTINGS, sort: { column: 'requests', dir: 'desc' } };
    expect(store.tokens.value[0]!.kind).toBe('context');
  });

  it('holds the rows in place while a token is selected; new ones go below, counted, until shown in their places', () => {
    const { store, add } = table([
      bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'),
      bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:21:00Z', 'https://orders.contoso.example/api'),
    ]);
    expect(ids(store)).toEqual([tokenId(T.ENTRA_V2_APP_ONLY), tokenId(T.ENTRA_V1_DELEGATED)]);
    store.selectedId.value = tokenId(T.ENTRA_V1_DELEGATED);
    expect(store.selected.value?.kind).toBe('delegated');
    add(
      bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:25:00Z'),
      bearerEntry(T.ENTRA_V2_ID, '2023-11-14T22:26:00Z', 'https://login.microsoftonline.com/x'),
    );
    expect(ids(store)).toEqual([tokenId(T.ENTRA_V2_APP_ONLY), tokenId(T.ENTRA_V1_DELEGATED), tokenId(T.ENTRA_V2_ID)]);
    expect(store.newCount.value).toBe(1);
    store.showNew();
    expect(ids(store)).toEqual([tokenId(T.ENTRA_V2_ID), tokenId(T.ENTRA_V1_DELEGATED), tokenId(T.ENTRA_V2_APP_ONLY)]);
    expect(store.newCount.value).toBe(0);
    store.selectedId.value = null;
    add(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:27:00Z', 'https://orders.contoso.example/api'));
    expect(ids(store)[0]).toBe(tokenId(T.ENTRA_V2_APP_ONLY)); // nothing selected: the order follows the sort again
  });

  it('re-sorts held rows when the user asks for a new order (sort, filter, session)', () => {
    const { settings, sessionId, store, add } = table([bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z')]);
    store.selectedId.value = tokenId(T.ENTRA_V1_DELEGATED);
    add(bearerEntry(T.ENTRA_V2_APP_ONLY, '2023-11-14T22:21:00Z', 'https://orders.contoso.example/api'));
    expect(store.newCount.value).toBe(1);
    settings.value = { ...DEFAULT_SETTINGS, sort: { column: 'kind', dir: 'asc' } };
    expect(store.newCount.value).toBe(0);
    expect(store.tokens.value.map((t) => t.kind)).toEqual(['app-only', 'delegated']);
    add(bearerEntry(T.ENTRA_V2_ID, '2023-11-14T22:26:00Z', 'https://login.microsoftonline.com/x'));
    expect(store.newCount.value).toBe(1);
    sessionId.value = 'import-1';
    expect(store.newCount.value).toBe(0);
  });

  it('lets go of a token that is no longer listed: hidden by the filter, or gone with a cleared capture', () => {
    const { report, store } = table();
    store.selectedId.value = tokenId(T.ACS_CONTEXT);
    store.filter.value = 'kind:context';
    expect(store.selectedId.value).toBe(tokenId(T.ACS_CONTEXT));
    store.filter.value = '-kind:context';
    expect(store.selectedId.value).toBeNull();
    store.filter.value = '';
    store.selectedId.value = tokenId(T.ACS_CONTEXT);
    report.value = new Analyzer().report(START);
    expect(store.selectedId.value).toBeNull();
    expect(store.selected.value).toBeNull();
  });
});
