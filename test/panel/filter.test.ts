import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { expiresSoon, hasTerm, matches, parseFilter, toggleTerm } from '../../src/panel/filter.js';
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
  });

  it('reads a pasted megabyte in linear time (a run of letters with no `:`, quotes never closed)', () => {
    for (const [text, count] of [
      ['a'.repeat(1_000_000), 1],
      [`${'a'.repeat(1_000_000)}!`, 1],
      ['"a'.repeat(500_000), 2],
      ['kind:'.repeat(200_000), 1],
      ['-'.repeat(1_000_000), 1],
    ] as const) {
      const start = performance.now();
      const terms = parseFilter(text);
      const ms = performance.now() - start;
      console.log(`parseFilter(${JSON.stringify(text.slice(0, 6))}…): ${ms.toFixed(1)} ms`);
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
});
