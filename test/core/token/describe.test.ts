import { describe, expect, it } from 'vitest';
import { KIND_LABELS, audienceText, valueText } from '../../../src/core/token/describe.js';
import { visible } from '../../../src/core/util/escape.js';
import { explain } from '../../../src/core/token/explain.js';
import { plural } from '../../../src/core/util/plural.js';
import type { Sighting } from '../../../src/core/model/report.js';

const sighting = (url: string): Sighting => ({
  kind: 'request',
  entry: 0,
  time: null,
  method: 'GET',
  url,
  status: 200,
  where: 'authorization-header',
  name: 'Authorization',
  validityWhenSent: 'valid',
});
const audienceOf = (aud: unknown, url = 'https://sent.example/api') =>
  audienceText({ explain: explain(aud === undefined ? {} : { aud }), sightings: [sighting(url)] });

describe('audienceText', () => {
  it.each([
    [
      '00000003-0000-0ff1-ce00-000000000000/company.sharepoint.com@040f2415-e6e3-4480-96ce-26ef73275f73',
      'company.sharepoint.com',
    ],
    ['https://graph.microsoft.com', 'graph.microsoft.com'],
    ['https://Contoso.SharePoint.com/sites/dev', 'contoso.sharepoint.com'],
    ['00000003-0000-0000-c000-000000000000', 'graph.microsoft.com'],
    ['00000002-0000-0ff1-ce00-000000000000', 'Exchange Online'],
    ['api://contoso-orders', 'api://contoso-orders'],
  ])('%s → %s', (aud, text) => {
    expect(audienceOf(aud)).toBe(text);
  });

  it('falls back to the host the token was sent to, then to nothing', () => {
    expect(audienceOf(undefined)).toBe('sent.example');
    expect(audienceText({ explain: explain(null), sightings: [] })).toBe('');
  });
});

describe('visible', () => {
  it('shows direction overrides, zero-width and control characters as code points, and leaves the rest', () => {
    expect(visible('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(visible('ad\u200Bmin\u0000\u001b[31m')).toBe('ad⟨U+200B⟩min⟨U+0000⟩⟨U+001B⟩[31m');
    expect(visible('\uFEFFbom')).toBe('⟨U+FEFF⟩bom');
    expect(visible('Zoë <b>ok</b> ✓ 東京')).toBe('Zoë <b>ok</b> ✓ 東京');
  });
});

describe('valueText', () => {
  it('gives strings as they are, anything else as JSON, on one line', () => {
    expect(valueText('plain')).toBe('plain');
    expect(valueText({ roles: ['a', 'b'], n: 1 })).toBe('{"roles":["a","b"],"n":1}');
    expect(valueText(null)).toBe('null');
    expect(valueText(undefined)).toBe('undefined');
  });

  it('cuts long values, says how long they were, and still shows hidden characters', () => {
    expect(valueText('x'.repeat(30), 10)).toBe('xxxxxxxxxx… (30 characters)');
    expect(valueText('\u202E'.repeat(3), 2)).toBe('⟨U+202E⟩⟨U+202E⟩… (3 characters)');
  });
});

describe('KIND_LABELS and plural', () => {
  it('label every kind', () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([
      'access',
      'add-in-only',
      'app-only',
      'context',
      'delegated',
      'encrypted',
      'id',
      'opaque',
      'refresh',
      'unknown',
      'user+add-in',
    ]);
    expect(KIND_LABELS.id).toBe('ID');
  });

  it('plural: singular for exactly one', () => {
    expect([0, 1, 2].map((n) => plural(n, 'request'))).toEqual(['0 requests', '1 request', '2 requests']);
    expect(plural(1, 'complete entry', 'complete entries')).toBe('1 complete entry');
    expect(plural(3, 'complete entry', 'complete entries')).toBe('3 complete entries');
  });
});
