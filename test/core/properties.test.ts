// Property-based tests: whatever a page or a HAR file holds, the core answers and never throws, hangs or
// touches Object.prototype.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/core/analysis/analyzer.js';
import { decode } from '../../src/core/token/decode.js';
import { HarEntryReader, HarFormatError } from '../../src/core/har/reader.js';
import { redactClaims } from '../../src/core/token/redact.js';
import { readTimes } from '../../src/core/token/times.js';
import * as T from '../fixtures/tokens.js';

const b64url = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const claimKey = fc.oneof(
  fc.constantFrom(
    ...DANGEROUS_KEYS,
    'exp',
    'nbf',
    'iat',
    'aud',
    'iss',
    'appctx',
    'actortoken',
    'scp',
    'roles',
    'idtyp',
  ),
  fc.string(),
);
const claimValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e300, -1e300, 1700000000000, 2 ** 53 + 1),
  fc.string(),
  fc.stringMatching(/^\d{1,20}$/),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
);
/** A claims object written as raw JSON text, so "__proto__" really is a key in it (as a page could send). */
const claimsJson = fc
  .array(fc.tuple(claimKey, claimValue), { maxLength: 12 })
  .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`);
const jwtLike = fc
  .tuple(
    fc.oneof(claimsJson, fc.string()),
    fc.oneof(claimsJson, fc.string(), fc.constantFrom('[1,2]', '"x"', '12', 'null', '{"a":')),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/),
  )
  .map(([h, p, sig]) => `${b64url(h.startsWith('{') ? h : `{"alg":${JSON.stringify(h)}}`)}.${b64url(p)}.${sig}`);
/** Strings that are token-ish, broken in the ways real traffic breaks them. */
const mutated = fc
  .tuple(
    fc.constantFrom(T.ACS_CONTEXT, T.ENTRA_V1_DELEGATED, T.RFC7516_JWE, T.HIGH_TRUST_OUTER),
    fc.nat(),
    fc.string({ maxLength: 4 }),
  )
  .map(([t, at, insert]) => t.slice(0, at % t.length) + insert + t.slice((at % t.length) + 1));
const tokenish = fc.oneof(jwtLike, mutated, fc.string(), fc.base64String());

const protoIsClean = () => {
  const probe = {} as Record<string, unknown>;
  return probe.polluted === undefined && probe.a === undefined && Object.keys(Object.prototype).length === 0;
};

describe('decode and times, on any input', () => {
  it('decode never throws and always says what it made of the token', () => {
    fc.assert(
      fc.property(tokenish, (raw) => {
        const d = decode(raw);
        expect(['jwt', 'jwe', 'opaque']).toContain(d.format);
        if (d.claims) expect(typeof d.claims).toBe('object');
        if (d.format === 'jwt' && !d.claims) expect(d.error).toEqual(expect.any(String));
      }),
      { numRuns: 400 },
    );
    expect(protoIsClean()).toBe(true);
  });

  it('redaction keeps every claim as an own key, "__proto__" and "constructor" included', () => {
    fc.assert(
      fc.property(claimsJson, (json) => {
        const claims = JSON.parse(json) as Record<string, unknown>;
        expect(Object.keys(redactClaims(claims)!)).toEqual(Object.keys(claims));
      }),
      { numRuns: 400 },
    );
  });

  it('readTimes never throws: numbers, numeric strings, milliseconds, 1e300, NaN-making strings', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('exp', 'nbf', 'iat'), claimValue), (claims) => {
        const { times, problems } = readTimes(claims);
        for (const t of Object.values(times))
          if (typeof t === 'object' && t) expect(t.utc === null || typeof t.utc === 'string').toBe(true);
        expect(Array.isArray(problems)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

/** HAR entries as exporters and hand edits make them: missing fields, wrong types, tokens in every place. */
const nameValues = fc.array(
  fc.oneof(
    fc.record({
      name: fc.constantFrom(
        'Authorization',
        'authorization',
        'Cookie',
        'cookie',
        'Date',
        'date',
        'WWW-Authenticate',
        'set-cookie',
        'content-type',
        '<script>x</script>',
      ),
      value: fc.oneof(
        tokenish.map((t) => `Bearer ${t}`),
        tokenish.map((t) => `a=b; token=${t}`),
        fc.string(),
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'x' : d.toUTCString())),
      ),
    }),
    fc.anything(),
  ),
  { maxLength: 6 },
);
const harEntry = fc.record(
  {
    startedDateTime: fc.oneof(
      fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'not a date' : d.toISOString())),
      fc.string(),
      fc.integer(),
    ),
    time: fc.oneof(fc.double(), fc.string()),
    request: fc.oneof(
      fc.record(
        {
          method: fc.oneof(fc.constantFrom('GET', 'POST'), fc.anything()),
          url: fc.oneof(
            tokenish.map((t) => `https://x.example/cb?access_token=${t}&error=invalid_grant&client_secret=s`),
            fc.webUrl(),
            fc.string(),
          ),
          headers: fc.oneof(nameValues, fc.anything()),
          cookies: fc.oneof(nameValues, fc.anything()),
          postData: fc.oneof(
            fc.record(
              {
                mimeType: fc.constantFrom(
                  'application/x-www-form-urlencoded',
                  'multipart/form-data; boundary=XX',
                  'multipart/form-data',
                  'application/json',
                  'text/plain',
                ),
                text: fc.oneof(
                  tokenish.map((t) => `SPAppToken=${t}&x=%E0%A4%A`),
                  tokenish.map(
                    (t) => `--XX\r\nContent-Disposition: form-data; name="SPAppToken"\r\n\r\n${t}\r\n--XX--`,
                  ),
                  fc.string(),
                  fc.uint8Array({ maxLength: 64 }).map((b) => String.fromCharCode(...b)),
                ),
                params: fc.oneof(nameValues, fc.anything()),
              },
              { requiredKeys: [] },
            ),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
    response: fc.oneof(
      fc.record(
        {
          status: fc.oneof(fc.constantFrom(200, 401, 403, 0), fc.anything()),
          headers: fc.oneof(nameValues, fc.anything()),
          content: fc.oneof(
            fc.record(
              {
                mimeType: fc.constantFrom('application/json', 'image/png', 'text/html'),
                encoding: fc.constantFrom('base64', undefined, 7),
                text: fc.oneof(
                  tokenish.map((t) =>
                    JSON.stringify({ access_token: t, refresh_token: t, expires_in: '3599', expires_on: 'x' }),
                  ),
                  fc.base64String(),
                  fc.string(),
                ),
              },
              { requiredKeys: [] },
            ),
            fc.anything(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

describe('the analyzer, on any HAR entry', () => {
  it('never throws, always reports, and leaves Object.prototype alone', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(harEntry, fc.anything()), { maxLength: 8 }),
        fc.integer({ min: 0, max: 4e12 }),
        (entries, now) => {
          const a = new Analyzer();
          for (const e of entries) a.add(e);
          const report = a.report(now, { reveal: true });
          expect(report.entries).toBe(entries.length);
          expect(report.notes).toEqual([]); // nothing escaped as an exception into a note
          for (const t of report.tokens) {
            expect(t.sightingCount).toBeGreaterThan(0);
            expect(typeof t.statusText).toBe('string');
            for (const f of t.findings) expect(f.message.length).toBeGreaterThan(0);
          }
          expect(JSON.parse(JSON.stringify(report)).tokens).toHaveLength(report.tokens.length);
        },
      ),
      { numRuns: 300 },
    );
    expect(protoIsClean()).toBe(true);
  });
});

describe('the HAR reader, on any bytes', () => {
  const harText = fc
    .array(harEntry, { maxLength: 5 })
    .chain((entries) =>
      fc.tuple(
        fc.constant(entries),
        fc.constantFrom(0, 2),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 6 }),
      ),
    );

  it('yields exactly what JSON.parse sees, however the bytes are split into chunks', () => {
    fc.assert(
      fc.property(harText, ([entries, indent, sizes]) => {
        const json = JSON.stringify({ log: { version: '1.2', creator: { name: 'x' }, entries } }, null, indent);
        const expected = (JSON.parse(json) as { log: { entries: unknown[] } }).log.entries;
        const bytes = new TextEncoder().encode(json);
        const got: unknown[] = [];
        const reader = new HarEntryReader((e) => got.push(e), { skim: false, elideOver: Infinity });
        for (let i = 0, k = 0; i < bytes.length; i += sizes[k++ % sizes.length]!)
          reader.push(bytes.subarray(i, i + sizes[k % sizes.length]!));
        reader.end();
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('on damaged bytes either reads entries or fails with a HarFormatError, never anything else', () => {
    const damaged = fc
      .tuple(
        fc.array(harEntry, { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.option(fc.nat()),
      )
      .map(([entries, edits, cut]) => {
        const bytes = new TextEncoder().encode(JSON.stringify({ log: { entries } }));
        for (const [at, b] of edits) if (bytes.length) bytes[at % bytes.length] = b;
        return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      });
    fc.assert(
      fc.property(damaged, (bytes) => {
        const a = new Analyzer();
        const reader = new HarEntryReader((e) => a.add(e));
        try {
          reader.push(bytes);
          reader.end();
        } catch (err) {
          expect(err).toBeInstanceOf(HarFormatError);
        }
        expect(() => a.report(0)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
});
