import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { readHarBytes } from '../../../src/core/har/reader.js';
import type { Report } from '../../../src/core/model/report.js';
import { isRedaction, isTemplate } from '../../../src/core/checks/stripped.js';

const NOW = Date.parse('2023-11-14T23:00:00Z');
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
function analyze(entries: unknown[]): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(NOW);
}
/** A browser's request, as Chrome exports it; `headers` are added to the user agent. */
const call = (
  method: string,
  url: string,
  headers: Array<[string, string]> = [],
  extra: Record<string, unknown> = {},
) => ({
  startedDateTime: '2023-11-14T22:00:00Z',
  time: 90,
  _resourceType: 'fetch',
  request: {
    method,
    url,
    headers: [['user-agent', UA], ...headers].map(([name, value]) => ({ name, value })),
    cookies: [],
  },
  response: { status: 200, headers: [{ name: 'content-type', value: 'application/json' }], cookies: [] },
  ...extra,
});

describe('capture-stripped: credentials left out', () => {
  const sanitized = [
    call('GET', 'https://contoso.sharepoint.com/sites/dev/_api/web'),
    call('GET', 'https://contoso.sharepoint.com/sites/dev/_api/web/lists'),
    call('POST', 'https://contoso.sharepoint.com/sites/dev/_api/contextinfo'),
    call('GET', 'https://graph.microsoft.com/v1.0/me'),
  ];

  it('fires when a browser capture of API calls holds no Authorization, Cookie or Set-Cookie at all, and says how to export', () => {
    const r = analyze(sanitized);
    expect(r.findings.map((f) => [f.code, f.severity, f.entry])).toEqual([['capture-stripped', 'warning', 0]]);
    const m = r.findings[0]!.message;
    expect(m).toContain('4 of its requests are API calls or form posts (first: entry #1)');
    expect(m).toContain('Export HAR (with sensitive data)');
    expect(m).toContain('Firefox');
  });

  it('reads the same through the streaming reader, which skims such entries', () => {
    const a = new Analyzer();
    readHarBytes(new TextEncoder().encode(JSON.stringify({ log: { entries: sanitized } }, null, 2)), (e) => a.add(e));
    expect(a.report(NOW).findings.map((f) => f.code)).toEqual(['capture-stripped']);
  });

  it('does not fire when one request carries a cookie, nor for a static site’s GETs, nor for a hand-trimmed file without a user agent', () => {
    expect(
      analyze([
        ...sanitized,
        call('GET', 'https://contoso.sharepoint.com/', [['cookie', 'FedAuth=77u/PD94bWwgdmVyc2lvbj0iMS4wIj8+']]),
      ]).findings,
    ).toEqual([]);
    const assets = ['/', '/style.css', '/app.js', '/logo.png', '/data/stats.json'].map((p) => ({
      ...call('GET', `https://static.example${p}`),
      _resourceType: 'script',
    }));
    expect(analyze(assets).findings).toEqual([]);
    const trimmed = sanitized.map((e) => ({
      ...e,
      request: { ...e.request, headers: [{ name: 'Content-Type', value: 'application/json' }] },
    }));
    expect(analyze(trimmed).findings).toEqual([]);
    // two calls are not yet enough
    expect(analyze(sanitized.slice(0, 2)).findings).toEqual([]);
  });

  it('does not count the browser’s own OCSP requests as the app’s calls (Firefox exports them without a body: pagexray’s frontendredirect.har)', () => {
    const post = (type: string) => ({
      ...call('POST', 'http://ocsp.digicert.com/', [['Content-Type', type]]),
      _resourceType: undefined,
    });
    const page = { ...call('GET', 'http://127.0.0.1:8000/index.html'), _resourceType: 'document' };
    const ocsp = [page, ...[1, 2, 3].map(() => post('application/ocsp-request'))];
    const json = [page, ...[1, 2, 3].map(() => post('application/json'))];
    const streamed = (entries: unknown[]) => {
      const a = new Analyzer();
      readHarBytes(new TextEncoder().encode(JSON.stringify({ log: { entries } }, null, 2)), (e) => a.add(e));
      return a.report(NOW).findings.map((f) => f.code);
    };
    expect(analyze(ocsp).findings).toEqual([]);
    expect(streamed(ocsp)).toEqual([]);
    // the same POSTs of an app's JSON are its calls
    expect(analyze(json).findings.map((f) => f.code)).toEqual(['capture-stripped']);
    expect(streamed(json)).toEqual(['capture-stripped']);
  });
});

describe('capture-stripped: credentials redacted', () => {
  it('fires when most Authorization, Cookie and Set-Cookie values are redactions', () => {
    const r = analyze([
      call('GET', 'https://api.example/v1/me', [['Authorization', 'Bearer [REDACTED]']]),
      call('GET', 'https://api.example/v1/orders', [['Authorization', 'Bearer ***']]),
      call('GET', 'https://api.example/', [['Cookie', 'session=REDACTED; theme=dark']]),
    ]);
    expect(r.findings.map((f) => f.code)).toEqual(['capture-stripped']);
    expect(r.findings[0]!.message).toContain(
      '3 of its 3 Authorization, Cookie and Set-Cookie values are redacted or placeholders (first: entry #1)',
    );
    expect(r.tokens).toEqual([]);
  });

  it('does not fire when a few of many are redacted', () => {
    const r = analyze([
      call('GET', 'https://api.example/v1/me', [['Authorization', 'Bearer [REDACTED]']]),
      ...Array.from({ length: 3 }, (_, i) =>
        call('GET', `https://api.example/v1/orders/${i}`, [
          ['Cookie', `session=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08; n=${i}`],
        ]),
      ),
    ]);
    expect(r.findings).toEqual([]);
  });

  it('template variables (${token}, {{token}}) make a note, not a warning: such a file is a recipe for a replay tool', () => {
    const r = analyze([
      call('GET', 'https://api.example/v1/me', [['Authorization', 'Bearer ${token}']]),
      call('GET', 'https://api.example/v1/you', [['Authorization', 'Bearer {{token}}']]),
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tokens).toEqual([]);
    expect(r.notes).toEqual([
      '2 credential values are template variables (such as ${token}), not tokens: this file looks like a recipe for a replay tool rather than a capture.',
    ]);
  });

  it('reads every cookie of a Set-Cookie header that Chromium joined from several, not only the first', () => {
    const joined = (value: string) => ({
      ...call('GET', 'https://api.example/v1/me'),
      response: { status: 200, headers: [{ name: 'set-cookie', value }], cookies: [] },
    });
    expect(
      analyze([joined('theme=dark; Path=/\nsession=[REDACTED]; Secure; HttpOnly')]).findings.map((f) => f.code),
    ).toEqual(['capture-stripped']);
    expect(
      analyze([joined('theme=dark; Path=/\nsession=9f86d081884c7d659a2feaa0c55ad015; Secure; HttpOnly')]).findings,
    ).toEqual([]);
  });

  it('tells redactions from ordinary values', () => {
    for (const v of ['[REDACTED]', 'REDACTED', '***', '********', 'xxxxxxxx', '<hidden>', '[filtered]', 'SANITIZED'])
      expect(isRedaction(v), v).toBe(true);
    for (const v of ['true', 'null', '0', 'dark', 'GA1.2.1085478273.1366082592', '${token}'])
      expect(isRedaction(v), v).toBe(false);
    expect(isTemplate('Bearer ${token}')).toBe(true);
    expect(isTemplate('{{bearer_auth_token}}')).toBe(true);
    expect(isTemplate('abc123')).toBe(false);
  });
});

describe('capture-stripped: several files read together', () => {
  it('names the file of the first redacted value', () => {
    const a = new Analyzer();
    a.setFile('clean.har');
    a.add(call('GET', 'https://api.example/v1/health'));
    a.setFile('redacted.har');
    a.add(call('GET', 'https://api.example/v1/me', [['Authorization', 'Bearer [REDACTED]']]));
    a.add(call('GET', 'https://api.example/v1/orders', [['Authorization', 'Bearer ***']]));
    const f = a.report(NOW).findings.find((x) => x.code === 'capture-stripped')!;
    expect(f).toMatchObject({ entry: 0, file: 'redacted.har' });
    expect(f.message).toContain('(first: entry #1 of redacted.har)');
  });
});
