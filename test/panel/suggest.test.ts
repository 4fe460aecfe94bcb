import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { suggest } from '../../src/panel/suggest.js';
import har from '../fixtures/sharepoint-addin.har?raw';

const NOW = Date.parse('2023-11-14T22:30:00Z');
const analyzer = new Analyzer();
for (const e of (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries) analyzer.add(e);
const tokens = analyzer.report(NOW, { redactPersonal: false }).tokens;
const offered = (text: string, caret = text.length) => suggest(text, caret, tokens, NOW);
const labels = (text: string, caret?: number) => offered(text, caret).map((s) => s.label);

describe('filter suggestions', () => {
  it('offers the keys a word starts to name, by the name that was typed', () => {
    expect(offered('st')).toEqual([{ label: 'status:', text: 'status:', caret: 7 }]);
    expect(labels('status-')).toEqual(['status-code:']);
    expect(labels('dom')).toEqual(['domain:']);
    expect(labels('p')).toEqual(['path:', 'place:']);
    // After other terms, and with `-` kept.
    expect(offered('is:error -k')).toEqual([{ label: 'kind:', text: 'is:error -kind:', caret: 15 }]);
    // Nothing to offer: an empty word, a word no key starts with, an unknown key.
    expect(labels('')).toEqual([]);
    expect(labels('is:error ')).toEqual([]);
    expect(labels('alex')).toEqual([]);
    expect(labels('foo:')).toEqual([]);
  });

  it('after a key, offers the values present, each with how many tokens it finds', () => {
    expect(labels('kind:')).toEqual(['add-in-only', 'context', 'delegated', 'id', 'opaque', 'refresh', 'user+add-in']);
    expect(offered('status:').map((s) => [s.label, s.count])).toEqual([
      ['200', 7],
      ['2xx', 7],
      ['401', 1],
      ['4xx', 1],
    ]);
    expect(labels('status-code:4')).toEqual(['401', '4xx']);
    expect(labels('place:')).toEqual([
      'authorization-header',
      'response-body',
      'cookie',
      'form-field',
      'query',
      'set-cookie',
    ]);
    expect(labels('code:')).toEqual([
      'expired',
      'expired-when-sent',
      'cookie-leak',
      // The SharePoint 401's x-ms-diagnostics, on the token it refused (report.ts links it).
      'idp-error',
      'rejected',
      'url-leak',
    ]);
    expect(labels('is:')).toEqual(['error', 'clean', 'expired', 'warning', 'unknown', 'valid', 'info']);
    // Those that start with what was typed first, then those that contain it; more tokens first.
    expect(labels('host:micro')).toEqual(['login.microsoftonline.com', 'graph.microsoft.com']);
    expect(labels('host:co')).toEqual([
      'company.sharepoint.com',
      'addin.contoso.example',
      'login.microsoftonline.com',
      'fabrikam.com',
      'graph.microsoft.com',
    ]);
    expect(labels('path:_api')).toEqual(['/sites/dev/_api/web', '/sites/dev/_api/web/lists']);
  });

  it('accepting a value completes the term and leaves room for the next one', () => {
    expect(offered('-kind:con')).toEqual([{ label: 'context', count: 1, text: '-kind:context ', caret: 14 }]);
    // The word under the caret is replaced whole, the rest kept.
    const mid = offered('kind:c is:error', 6)[0]!;
    expect(mid.text).toBe('kind:context is:error');
    expect(mid.caret).toBe(13);
    // A value already typed in full has nothing left to complete.
    expect(labels('kind:context')).toEqual([]);
    expect(labels('status:401')).toEqual([]);
    expect(labels('kind:nothing')).toEqual([]);
  });
});
