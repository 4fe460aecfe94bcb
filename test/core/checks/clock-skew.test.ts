import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { clockSample } from '../../../src/core/checks/clock-skew.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { readHarBytes } from '../../../src/core/har/reader.js';
import type { Report } from '../../../src/core/model/report.js';

const NOW = Date.parse('2023-11-14T23:00:00Z');

function analyze(entries: unknown[], live = false): Report {
  const a = new Analyzer();
  for (const e of entries) a.add(e);
  return a.report(NOW, live ? { clockOwner: 'this machine' } : {});
}

/** A response from `host` to a request started at `started`, stamped `date` by the server, with extra response headers / entry fields. */
const response = (
  started: string,
  date: string,
  host = 'api.contoso.example',
  headers: Array<{ name: string; value: string }> = [],
  extra: Record<string, unknown> = {},
  status = 200,
) => ({
  startedDateTime: started,
  time: 120,
  request: { method: 'GET', url: `https://${host}/v1/orders`, headers: [] },
  response: { status, headers: [{ name: 'Date', value: date }, ...headers] },
  ...extra,
});

describe('clock-skew: a genuinely skewed capture', () => {
  // The capturing machine's clock was 47 minutes slow: every server stamps Date 47 min after the request's start.
  const skewed = [
    response('2023-11-14T22:00:00.000Z', 'Tue, 14 Nov 2023 22:47:00 GMT'),
    response('2023-11-14T22:00:05.000Z', 'Tue, 14 Nov 2023 22:47:05 GMT'),
    response('2023-11-14T22:00:09.000Z', 'Tue, 14 Nov 2023 22:47:09 GMT', 'login.microsoftonline.com'),
    response('2023-11-14T22:00:10.000Z', 'Tue, 14 Nov 2023 22:47:10 GMT', 'login.microsoftonline.com'),
  ];

  it('fires with the host, the median estimate and how many responses agree, 1-based entry numbers in the text', () => {
    const r = analyze(skewed);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f).toMatchObject({
      code: 'clock-skew',
      severity: 'warning',
      entry: 0,
      clockSkew: { host: 'api.contoso.example', agreeing: 2, responses: 2 },
    });
    expect(f.clockSkew!.skewMs).toBeGreaterThan(46 * 60_000);
    expect(f.clockSkew!.skewMs).toBeLessThan(48 * 60_000);
    expect(f.message).toContain(
      "The capturing machine's clock looks 47 min behind the servers': 2 of 2 fresh responses from api.contoso.example agree (first: entry #1); 2 of the 2 hosts",
    );
  });

  it('fires on only two responses, and words it for the live panel as this machine’s clock', () => {
    const r = analyze(skewed.slice(0, 2), true);
    expect(r.findings.map((f) => f.code)).toEqual(['clock-skew']);
    expect(r.findings[0]!.message).toMatch(/^This machine's clock looks 47 min behind/);
    expect(r.findings[0]!.message).toContain("set this machine's clock right");
  });

  it('does not fire on one response alone, nor within 5 minutes', () => {
    expect(analyze(skewed.slice(0, 1)).findings).toEqual([]);
    expect(
      analyze([
        response('2023-11-14T22:00:00Z', 'Tue, 14 Nov 2023 22:04:00 GMT'),
        response('2023-11-14T22:01:00Z', 'Tue, 14 Nov 2023 22:05:00 GMT'),
      ]).findings,
    ).toEqual([]);
  });
});

describe('clock-skew: old Date headers that are old by design', () => {
  it('corrects by Age (RFC 9111 §4.2.3): a CDN answering with the origin’s Date of two days ago', () => {
    const cdn = (started: string, date: string, age: string) =>
      response(started, date, 'cdn.contoso.example', [{ name: 'Age', value: age }]);
    const r = analyze([
      cdn('2023-11-14T22:00:00Z', 'Sun, 12 Nov 2023 22:00:00 GMT', '172800'),
      cdn('2023-11-14T22:00:01Z', 'Sun, 12 Nov 2023 10:00:01 GMT', '216000'),
      cdn('2023-11-14T22:00:02Z', 'Mon, 13 Nov 2023 22:00:02 GMT', '86400'),
    ]);
    expect(r.findings).toEqual([]);
    expect(clockSample(normalizeEntry(cdn('2023-11-14T22:00:00Z', 'Sun, 12 Nov 2023 22:00:00 GMT', '172800'), 0))).toBe(
      0,
    );
  });

  it('skips browser cache hits (_fromCache, _transferSize 0), 304 revalidations, service-worker answers and unreadable Age', () => {
    const old = 'Thu, 09 Nov 2023 08:00:00 GMT';
    const entries = [
      response('2023-11-14T22:00:00Z', old, undefined, [], { _fromCache: 'disk' }),
      response('2023-11-14T22:00:01Z', old, undefined, [], { _fromCache: 'memory' }),
      {
        ...response('2023-11-14T22:00:02Z', old),
        response: { status: 200, headers: [{ name: 'Date', value: old }], _transferSize: 0 },
      },
      response('2023-11-14T22:00:03Z', old, undefined, [], {}, 304),
      response('2023-11-14T22:00:04Z', old, undefined, [], {}, 304),
      {
        ...response('2023-11-14T22:00:05Z', old),
        response: { status: 200, headers: [{ name: 'Date', value: old }], _fetchedViaServiceWorker: true },
      },
      response('2023-11-14T22:00:06Z', old, undefined, [{ name: 'age', value: 'soon' }]),
      response('2023-11-14T22:00:07Z', old, undefined, [{ name: 'age', value: 'soon' }]),
    ];
    expect(analyze(entries).findings).toEqual([]);
    for (const [i, e] of entries.entries()) expect(clockSample(normalizeEntry(e, i))).toBeNull();
  });

  it('takes the median: one stale response among fresh ones does not move it', () => {
    const r = analyze([
      response('2023-11-14T22:00:00Z', 'Tue, 14 Nov 2023 22:00:00 GMT'),
      response('2023-11-14T22:00:01Z', 'Thu, 09 Nov 2023 08:00:00 GMT'),
      response('2023-11-14T22:00:02Z', 'Tue, 14 Nov 2023 22:00:02 GMT'),
    ]);
    expect(r.findings).toEqual([]);
  });

  it('does not blame this machine for one server’s wrong clock that the other hosts do not share', () => {
    const r = analyze([
      response('2023-11-14T22:00:00Z', 'Tue, 14 Nov 2023 23:00:00 GMT', 'broken.example'),
      response('2023-11-14T22:00:01Z', 'Tue, 14 Nov 2023 23:00:01 GMT', 'broken.example'),
      response('2023-11-14T22:00:02Z', 'Tue, 14 Nov 2023 22:00:02 GMT', 'a.example'),
      response('2023-11-14T22:00:03Z', 'Tue, 14 Nov 2023 22:00:03 GMT', 'a.example'),
      response('2023-11-14T22:00:04Z', 'Tue, 14 Nov 2023 22:00:04 GMT', 'b.example'),
      response('2023-11-14T22:00:05Z', 'Tue, 14 Nov 2023 22:00:05 GMT', 'b.example'),
    ]);
    expect(r.findings).toEqual([]);
  });
});

describe('clock-skew: shared caches that stamp Date at delivery and still send Age', () => {
  /** `n` responses from `host`, a second apart from `start`, each `Date`d `dateOffsetS` after its request with `headers`. */
  const series = (
    host: string,
    start: number,
    n: number,
    dateOffsetS: number,
    headers: (i: number) => Array<{ name: string; value: string }>,
  ) =>
    Array.from({ length: n }, (_, i) => {
      const at = start + i * 1000;
      return response(new Date(at).toISOString(), new Date(at + dateOffsetS * 1000).toUTCString(), host, headers(i));
    });
  const START = Date.parse('2023-11-14T22:00:00Z');
  const age = (s: number) => [{ name: 'Age', value: String(s) }];

  // As measured on a shop behind Varnish: 8 hits Dated at delivery with an Age of about 20 h 32 min, 3 misses, all
  // within a second of the capture clock; and a CloudFront host whose hits keep the origin's Date (RFC 9111).
  const varnishHits = series('www.shop.example', START, 8, 0, (i) => [
    ...age(73_920 + i * 7),
    { name: 'X-Cache', value: 'HIT' },
    { name: 'Via', value: '1.1 varnish' },
  ]);
  const varnishMisses = series('www.shop.example', START + 9000, 3, 0, () => [
    { name: 'Age', value: '0' },
    { name: 'X-Cache', value: 'MISS' },
  ]);
  const cloudfront = [0, 1, 2].map((i) =>
    response(
      new Date(START + i * 1000).toISOString(),
      new Date(START + i * 1000 - (3600 + i * 600) * 1000).toUTCString(),
      'd1abcd.cloudfront.net',
      [...age(3600 + i * 600), { name: 'X-Cache', value: 'Hit from cloudfront' }],
    ),
  );

  it('misses and an RFC-conforming cache outweigh hits whose Date + Age overshoots', () => {
    expect(analyze([...varnishHits, ...varnishMisses, ...cloudfront]).findings).toEqual([]);
    // the same host on its own
    expect(analyze([...varnishHits, ...varnishMisses]).findings).toEqual([]);
  });

  it('hits alone, Dated at delivery with ages that differ: the reading they agree on is the delivery time', () => {
    const hits = series('cdn.shop.example', START, 5, 0, (i) => [
      ...age(600 + i * 3600),
      { name: 'CF-Cache-Status', value: 'HIT' },
    ]);
    expect(analyze(hits).findings).toEqual([]);
  });

  it('a clock really 2 h slow is still seen through either kind of cache', () => {
    const SLOW = 2 * 3600;
    const hits = series('www.shop.example', START, 6, SLOW, (i) => [
      ...age(73_920 + i * 7),
      { name: 'X-Cache', value: 'HIT' },
    ]);
    const misses = series('www.shop.example', START + 9000, 2, SLOW, () => [
      { name: 'CF-Cache-Status', value: 'DYNAMIC' },
    ]);
    const r = analyze([...hits, ...misses]);
    expect(r.findings.map((f) => f.code)).toEqual(['clock-skew']);
    expect(r.findings[0]!.clockSkew).toMatchObject({ host: 'www.shop.example', agreeing: 8, responses: 8 });
    expect(Math.abs(r.findings[0]!.clockSkew!.skewMs - SLOW * 1000)).toBeLessThan(5000);
    const conforming = [0, 1, 2].map((i) =>
      response(
        new Date(START + i * 1000).toISOString(),
        new Date(START + i * 1000 + (SLOW - 3600 - i * 600) * 1000).toUTCString(),
        'd1abcd.cloudfront.net',
        age(3600 + i * 600),
      ),
    );
    expect(analyze(conforming).findings.map((f) => f.code)).toEqual(['clock-skew']);
  });
});

describe('clock-skew through the streaming reader', () => {
  it('reads Age, _fromCache and _transferSize of skimmed entries as a full parse does', () => {
    const entries = [
      {
        ...response('2023-11-14T22:00:00Z', 'Sun, 12 Nov 2023 22:00:00 GMT', 'cdn.example', [
          { name: 'age', value: '172800' },
        ]),
        _resourceType: 'script',
      },
      {
        ...response('2023-11-14T22:00:01Z', 'Sun, 12 Nov 2023 22:00:01 GMT', 'cdn.example', [
          { name: 'age', value: '172800' },
        ]),
        _resourceType: 'script',
      },
      response('2023-11-14T22:00:02Z', 'Thu, 09 Nov 2023 08:00:00 GMT', 'cdn.example', [], { _fromCache: 'disk' }),
      {
        ...response('2023-11-14T22:00:03Z', 'Thu, 09 Nov 2023 08:00:00 GMT', 'cdn.example'),
        response: {
          status: 200,
          headers: [{ name: 'date', value: 'Thu, 09 Nov 2023 08:00:00 GMT' }],
          _transferSize: 0,
        },
      },
      {
        ...response('2023-11-14T22:00:04Z', 'Thu, 09 Nov 2023 08:00:00 GMT', 'cdn.example'),
        response: {
          status: 200,
          headers: [{ name: 'date', value: 'Thu, 09 Nov 2023 08:00:00 GMT' }],
          _transferSize: 0,
        },
      },
    ];
    const bytes = new TextEncoder().encode(JSON.stringify({ log: { entries } }, null, 2));
    const report = (skim: boolean) => {
      const a = new Analyzer();
      readHarBytes(bytes, (e) => a.add(e), { skim });
      return a.report(NOW);
    };
    expect(report(true)).toEqual(report(false));
    expect(report(true).findings).toEqual([]);
    // and a skewed one is caught through the skim as well
    const skewed = new TextEncoder().encode(
      JSON.stringify({
        log: {
          entries: [
            response('2023-11-14T22:00:00Z', 'Tue, 14 Nov 2023 22:47:00 GMT'),
            response('2023-11-14T22:00:05Z', 'Tue, 14 Nov 2023 22:47:05 GMT'),
          ],
        },
      }),
    );
    const a = new Analyzer();
    readHarBytes(skewed, (e) => a.add(e));
    expect(a.report(NOW).findings.map((f) => f.code)).toEqual(['clock-skew']);
  });
});

describe('clock-skew: several files read together', () => {
  it('names the file of the first agreeing response, since entry numbers repeat across files', () => {
    const a = new Analyzer();
    a.setFile('first.har');
    a.add(response('2023-11-14T22:00:00.000Z', 'Tue, 14 Nov 2023 22:00:00 GMT'));
    a.setFile('second.har');
    a.add(response('2023-11-14T22:00:00.000Z', 'Tue, 14 Nov 2023 22:47:00 GMT'));
    a.add(response('2023-11-14T22:00:05.000Z', 'Tue, 14 Nov 2023 22:47:05 GMT'));
    const f = a.report(NOW).findings.find((x) => x.code === 'clock-skew')!;
    expect(f).toMatchObject({ entry: 0, file: 'second.har' });
    expect(f.message).toContain(
      '2 of 2 fresh responses from api.contoso.example agree (first: entry #1 of second.har)',
    );
  });
});
