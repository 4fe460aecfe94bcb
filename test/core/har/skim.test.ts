// The reader's skim (an entry with nothing token-like read from its outline, not parsed) must give the report a
// full parse gives: on random entries shaped as exporters write them, and on every real HAR in the fixtures.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { HarFormatError, readHarBytes } from '../../../src/core/har/reader.js';
import type { Report } from '../../../src/core/model/report.js';

const NOW = Date.parse('2023-11-14T22:30:00Z');

function report(bytes: Uint8Array, skim: boolean): Report | string {
  const a = new Analyzer();
  try {
    readHarBytes(bytes, (e) => a.add(e), { skim });
  } catch (err) {
    if (err instanceof HarFormatError) return err.message;
    throw err;
  }
  return a.report(NOW);
}

/** Every .har under test/fixtures (the real third-party captures and our own). */
function harFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? harFiles(p) : d.name.endsWith('.har') ? [p] : [];
  });
}

describe('skim and full parse give one report', () => {
  const files = harFiles('test/fixtures');

  it.each(files)('%s', (file) => {
    const bytes = fs.readFileSync(file);
    expect(report(bytes, true)).toEqual(report(bytes, false));
  });

  it('on four service-worker answers with an old Date: no clock-skew either way (the Date is the cached copy’s)', () => {
    const old = 'Thu, 09 Nov 2023 08:00:00 GMT';
    // Chromium's HAR writer puts the mark on the response (devtools-frontend, har/Log.ts).
    const entries = [0, 1, 2, 3].map((i) => ({
      startedDateTime: `2023-11-14T22:00:0${i}Z`,
      time: 20,
      request: { method: 'GET', url: `https://app.contoso.example/static/app${i}.js`, headers: [] },
      response: { status: 200, headers: [{ name: 'date', value: old }], _fetchedViaServiceWorker: true },
    }));
    const bytes = new TextEncoder().encode(JSON.stringify({ log: { entries } }, null, 2));
    const skimmed = report(bytes, true) as Report;
    expect(skimmed.findings).toEqual([]);
    expect(skimmed).toEqual(report(bytes, false));
  });
});

/** Header names every check reads, in the spellings exporters use, and some they do not. */
const headerName = fc.constantFrom(
  'Date',
  'date',
  'DATE',
  'dAtE',
  'Age',
  'age',
  'User-Agent',
  'user-agent',
  'Cookie',
  'cookie',
  'COOKIE',
  'Set-Cookie',
  'set-cookie',
  'SET-COOKIE',
  'set-COOKIE',
  'Authorization',
  'authorization',
  'Proxy-Authorization',
  'Content-Type',
  'WWW-Authenticate',
  'x-ms-diagnostics',
  'DPoP-Nonce',
  'X-Functions-Key',
  'X-Custom-Key',
  'x-auth',
  'X-Request-Id',
  ':path',
);
const oldDate = fc.integer({ min: 1_699_000_000, max: 1_700_100_000 }).map((s) => new Date(s * 1000).toUTCString());
const headerValue = fc.oneof(
  oldDate,
  fc.constantFrom(
    'Mozilla/5.0 (X11)',
    'a=1; b=2',
    'sid=abc; Path=/; HttpOnly',
    '[REDACTED]',
    'sid=[REDACTED]',
    'x=1\ny=***',
    '3600',
    'soon',
    'Basic dXNlcjpwYXNz',
    'abcdefghijklmnopqrstuvwxyz012345',
    'application/x-www-form-urlencoded',
  ),
  fc.string({ maxLength: 12 }),
);
const header = fc.record({ name: headerName, value: headerValue });
const cookie = fc.record({
  name: fc.constantFrom('sid', 'lang', 'theme'),
  value: fc.constantFrom('abc', '[REDACTED]', '***', '${sid}', 'x'),
});
const flags = fc.record(
  {
    _fromCache: fc.constantFrom('disk', 'memory', true, false, null),
    _fetchType: fc.constantFrom('Fetch', 'Memory Cache', 'Disk Cache'),
    _resourceType: fc.constantFrom('fetch', 'xhr', 'script', 'document', 'Image'),
    _fetchedViaServiceWorker: fc.boolean(),
  },
  { requiredKeys: [] },
);
const entry = fc
  .record(
    {
      startedDateTime: fc
        .integer({ min: 1_699_900_000, max: 1_700_000_000 })
        .map((s) => new Date(s * 1000).toISOString()),
      time: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 5000, noNaN: true })),
      request: fc.record(
        {
          method: fc.constantFrom('GET', 'POST', 'get', 'OPTIONS'),
          url: fc.oneof(
            fc.constantFrom(
              'https://api.contoso.example/api/v1/items',
              'https://app.contoso.example/',
              'http://localhost:8080/login',
              'https://cdn.example/a.js?v=1',
              'not a url',
            ),
            fc.webUrl(),
          ),
          headers: fc.array(header, { maxLength: 6 }),
          cookies: fc.array(cookie, { maxLength: 2 }),
          postData: fc.record(
            {
              mimeType: fc.constantFrom(
                'application/x-www-form-urlencoded',
                'application/json',
                'multipart/form-data; boundary=XX',
              ),
              text: fc.constantFrom('a=1&b=2', '{"a":1}', ''),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['method', 'url'] },
      ),
      response: fc
        .tuple(
          fc.record(
            {
              status: fc.constantFrom(200, 204, 304, 401, 0),
              headers: fc.array(header, { maxLength: 6 }),
              cookies: fc.array(cookie, { maxLength: 2 }),
              content: fc.record({
                mimeType: fc.constantFrom('text/html', 'application/json'),
                text: fc.constantFrom('', '<p>hello</p>'.repeat(60), '{"ok":true}'),
              }),
            },
            { requiredKeys: ['status'] },
          ),
          flags,
        )
        .map(([r, f]) => ({ ...r, ...f })),
    },
    { requiredKeys: ['request', 'response'] },
  )
  .chain((e) => flags.map((f) => ({ ...e, ...f })));

describe('skim and full parse give one report, on random entries', () => {
  it('the same report, whatever the entries hold', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.constantFrom(0, 2), (entries, indent) => {
        const bytes = new TextEncoder().encode(JSON.stringify({ log: { entries } }, null, indent));
        expect(report(bytes, true)).toEqual(report(bytes, false));
      }),
      { numRuns: 300 },
    );
  });
});
