import { describe, expect, it } from 'vitest';
import { cpuMs } from '../cpu-time.js';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import {
  countText,
  expiresSoon,
  hasTerm,
  matches,
  parseFilter,
  toggleTerm,
  tokenIndex,
} from '../../src/panel/filter.js';
import { scanStorage } from '../../src/core/find/storage.js';
import har from '../fixtures/sharepoint-addin.har?raw';
import * as T from '../fixtures/tokens.js';
import { bearerEntry } from './fakes.js';

const NOW = Date.parse('2023-11-14T22:30:00Z');
const analyzer = new Analyzer();
for (const e of (JSON.parse(har) as { log: { entries: unknown[] } }).log.entries) analyzer.add(e);
// As the panel's view has it: personal claims shown (exports redact them).
const tokens = analyzer.report(NOW, { redactPersonal: false }).tokens;
const kinds = (text: string) =>
  tokens
    .filter((t) => matches(t, parseFilter(text), NOW))
    .map((t) => t.kind)
    .sort();

describe('filter syntax', () => {
  it('parses free text, key:value terms, quotes and exclusions', () => {
    expect(parseFilter('  kind:context -code:cookie-leak "Alex Doe" -refresh https://x.example/a ')).toEqual([
      { key: 'kind', value: 'context', negate: false },
      { key: 'code', value: 'cookie-leak', negate: true },
      { key: null, value: 'alex doe', negate: false },
      { key: null, value: 'refresh', negate: true },
      { key: null, value: 'https://x.example/a', negate: false },
    ]);
    // Half-typed terms (`kind:`, a lone `-`) filter nothing out yet.
    expect(parseFilter('kind: -')).toEqual([]);
    // The Network panel's names for the same keys; an unknown key is free text.
    expect(parseFilter('status-code:401 domain:x.example -Status:4XX nokey:1')).toEqual([
      { key: 'status', value: '401', negate: false },
      { key: 'host', value: 'x.example', negate: false },
      { key: 'status', value: '4xx', negate: true },
      { key: null, value: 'nokey:1', negate: false },
    ]);
  });

  it('reads a pasted megabyte in linear time (a run of letters with no `:`, quotes never closed)', () => {
    for (const [text, count] of [
      ['a'.repeat(1_000_000), 1],
      [`${'a'.repeat(1_000_000)}!`, 1],
      ['"a'.repeat(500_000), 2],
      ['kind:'.repeat(200_000), 1],
      // A key may hold `-` (`status-code:`): a run of letters and dashes with no `:` is still read once.
      ['a-'.repeat(500_000), 1],
      ['status-code:'.repeat(80_000), 1],
      ['-'.repeat(1_000_000), 1],
    ] as const) {
      const { ms, out: terms } = cpuMs(() => parseFilter(text));
      console.log(`parseFilter(${JSON.stringify(text.slice(0, 6))}…): ${ms.toFixed(1)} ms of CPU`);
      expect(terms).toHaveLength(count);
      expect(ms).toBeLessThan(2000);
    }
  });

  it('matches free text against kinds, severities, hosts and claims, ANDing the terms', () => {
    expect(kinds('')).toEqual(['add-in-only', 'context', 'delegated', 'id', 'opaque', 'refresh', 'user+add-in']);
    expect(kinds('error')).toEqual(['add-in-only', 'context', 'opaque', 'user+add-in']);
    expect(kinds('Alex Doe')).toEqual(['delegated', 'id']);
    expect(kinds('graph.microsoft.com')).toEqual(['delegated']);
  });

  it('kind:, is:, code:, host: and - (exclude)', () => {
    expect(kinds('kind:context')).toEqual(['context']);
    expect(kinds('kind:user+add-in')).toEqual(['user+add-in']);
    expect(kinds('-kind:context -kind:refresh')).toEqual(['add-in-only', 'delegated', 'id', 'opaque', 'user+add-in']);
    expect(kinds('-context')).toEqual(['add-in-only', 'delegated', 'id', 'opaque', 'refresh', 'user+add-in']);
    expect(kinds('is:error')).toEqual(['add-in-only', 'context', 'opaque', 'user+add-in']);
    expect(kinds('is:warning')).toEqual(['add-in-only', 'context', 'user+add-in']);
    expect(kinds('is:error -is:warning')).toEqual(['opaque']);
    expect(kinds('is:valid')).toEqual(['delegated', 'id']);
    expect(kinds('code:cookie-leak')).toEqual(['context', 'user+add-in']);
    expect(kinds('code:url')).toEqual(['opaque']);
    expect(kinds('host:graph.microsoft.com')).toEqual(['delegated']);
    expect(kinds('host:addin.contoso.example -is:error')).toEqual([]);
    expect(kinds('host:company.sharepoint.com')).toEqual(['add-in-only', 'user+add-in']);
  });

  it('"expires soon" is five minutes or less before exp, for a token still valid', () => {
    const a = new Analyzer();
    a.add(bearerEntry(T.ENTRA_V1_DELEGATED, '2023-11-14T22:20:00Z'));
    const exp = a.report(NOW).tokens[0]!.times.exp!.epoch * 1000;
    const at = (ms: number) => a.report(ms).tokens[0]!;
    expect(expiresSoon(at(exp - 5 * 60_000 - 1000), 'valid', exp - 5 * 60_000 - 1000)).toBe(false);
    expect(expiresSoon(at(exp - 31_000), 'valid', exp - 31_000)).toBe(true);
    expect(expiresSoon(at(exp + 1000), 'expired', exp + 1000)).toBe(false);
    expect(matches(at(exp - 31_000), parseFilter('is:soon'), exp - 31_000)).toBe(true);
  });

  it('chips toggle a term in the box', () => {
    expect(toggleTerm('aud', 'is:error')).toBe('aud is:error');
    expect(toggleTerm('aud is:error', 'IS:ERROR')).toBe('aud');
    expect(hasTerm('kind:context foo', 'kind:context')).toBe(true);
    expect(hasTerm('kind:contexts', 'kind:context')).toBe(false);
  });

  it('free text finds what the row shows: chip labels, request hosts, HTTP statuses, field names, the subject', () => {
    // The 401 chip, and the 401 its request got: the one token that was refused.
    expect(kinds('401')).toEqual(['user+add-in']);
    // Chip labels as the row reads them, not only the codes behind them.
    expect(kinds('expired when sent')).toEqual(['add-in-only', 'context', 'user+add-in']);
    expect(kinds('"expired when sent" -401')).toEqual(['add-in-only', 'context']);
    // Hosts of its requests (the context token's audience is elsewhere: it was posted to the add-in).
    expect(kinds('addin.contoso.example')).toEqual(['context', 'opaque', 'user+add-in']);
    // A form field's and a cookie's name.
    expect(kinds('SPAppToken')).toEqual(['context']);
    expect(kinds('spAccessToken')).toEqual(['user+add-in']);
    // The Subject column's "user via app" text.
    expect(kinds('2303000085ff9abc via')).toEqual(['user+add-in']);
  });

  it('status: (and status-code:) is the HTTP status of its requests, exact or by class; code: also reads chip labels', () => {
    for (const q of ['status:401', 'status-code:401', 'status:4xx', 'status:40x', 'code:401', 'code:rejected'])
      expect(kinds(q), q).toEqual(['user+add-in']);
    expect(kinds('status:2xx')).toHaveLength(7);
    expect(kinds('status:403')).toEqual([]);
    expect(kinds('status:4')).toEqual([]);
    expect(kinds('-status:4xx')).toEqual(['add-in-only', 'context', 'delegated', 'id', 'opaque', 'refresh']);
    // A word rather than a number is the token's own status, as is: reads it.
    expect(kinds('status:expired')).toEqual(kinds('is:expired'));
    expect(kinds('status:expired')).toEqual(['add-in-only', 'context', 'user+add-in']);
  });

  it('host: (or domain:) and path: read its requests; path: ignores the query', () => {
    expect(kinds('domain:graph.microsoft.com')).toEqual(['delegated']);
    expect(kinds('path:_api')).toEqual(['add-in-only', 'user+add-in']);
    expect(kinds('path:/sites/dev/_api/web/lists')).toEqual(['add-in-only']);
    expect(kinds('path:oauth2/v2.0/token')).toEqual(['delegated', 'id', 'refresh']);
    expect(kinds('path:/callback')).toEqual(['opaque']);
    expect(kinds('path:access_token')).toEqual([]);
    expect(kinds('-path:_api host:sharepoint')).toEqual([]);
  });

  it('place: the place names of model/places.ts by prefix, and short names for groups of them', () => {
    expect(kinds('place:query')).toEqual(['opaque']);
    expect(kinds('place:url')).toEqual(['opaque']);
    expect(kinds('place:form')).toEqual(['context']);
    expect(kinds('place:set-cookie')).toEqual(['context']);
    expect(kinds('place:cookie')).toEqual(['context', 'user+add-in']);
    expect(kinds('place:authorization')).toEqual(['add-in-only', 'delegated', 'user+add-in']);
    expect(kinds('place:header')).toEqual(['add-in-only', 'delegated', 'user+add-in']);
    expect(kinds('place:body')).toEqual(['delegated', 'id', 'refresh']);
    expect(kinds('place:response')).toEqual(['delegated', 'id', 'refresh']);
    expect(kinds('-place:response-body -place:header')).toEqual(['context', 'opaque']);
    expect(kinds('place:local-storage')).toEqual([]);
  });

  it('storage: free text finds a storage key, place: tells local from session storage', async () => {
    const a = new Analyzer();
    a.setStorage(
      await scanStorage({
        url: 'https://app.contoso.com/home',
        time: '2023-11-14T22:25:00Z',
        local: [{ key: 'myapp.auth.accessToken', value: T.ACS_ADDIN_ONLY }],
        session: [{ key: 'oidc.user:idp', value: JSON.stringify({ id_token: T.ENTRA_V1_DELEGATED }) }],
        cookie: '',
        notes: [],
      }),
    );
    const stored = a.report(NOW).tokens;
    const found = (q: string) =>
      stored.filter((t) => matches(t, parseFilter(q), NOW)).map((t) => t.sightings[0]!.where);
    expect(stored).toHaveLength(2);
    expect(found('myapp.auth')).toEqual(['local-storage']);
    expect(found('oidc.user')).toEqual(['session-storage']);
    expect(found('place:local-storage')).toEqual(['local-storage']);
    expect(found('place:session')).toEqual(['session-storage']);
    expect(found('place:storage')).toHaveLength(2);
    expect(found('host:app.contoso.com')).toHaveLength(2);
    expect(found('path:/home')).toHaveLength(2);
    // A storage read is no request: it has no HTTP status.
    expect(found('status:0')).toEqual([]);
  });

  it('builds each token’s index once per report object, and anew for a new report', () => {
    const t = tokens[0]!;
    expect(tokenIndex(t)).toBe(tokenIndex(t));
    const again = analyzer.report(NOW, { redactPersonal: false }).tokens[0]!;
    expect(again.id).toBe(t.id);
    expect(tokenIndex(again)).not.toBe(tokenIndex(t));
    expect(tokenIndex(again)).toEqual(tokenIndex(t));
  });

  it('counts "shown / total" tokens and requests while filtered, as the Network panel does', () => {
    const report = analyzer.report(NOW, { redactPersonal: false });
    const shown = (q: string) => report.tokens.filter((t) => matches(t, parseFilter(q), NOW));
    expect(countText(report, report.tokens, false)).toBe('7 tokens · 10 requests');
    // The refused token went out twice: the 401 and a cookie on the add-in's API.
    expect(countText(report, shown('401'), true)).toBe('1 / 7 tokens · 2 / 10 requests');
    // One token response brought three tokens: one request.
    expect(countText(report, shown('place:body'), true)).toBe('3 / 7 tokens · 2 / 10 requests');
    expect(countText(report, [], true)).toBe('0 / 7 tokens · 0 / 10 requests');
  });
});
