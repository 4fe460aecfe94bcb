/**
 * Every pattern that reads page or file text, fed the classic attack strings for its shape at 240 KB to 1.3 MB.
 * A regex that backtracks or restarts super-linearly takes tens of seconds on these (the review of issue 19 measured
 * 25–47 s for `${${…` and `content-disposition:` heads); linear code takes milliseconds. The bound of 2 s leaves room
 * for a busy shared machine; the times are printed so that a slow drift shows before it fails.
 */
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src/core/analysis/analyzer.js';
import { claimsChallenge } from '../../../src/core/checks/token.js';
import { isRedaction, isTemplate } from '../../../src/core/checks/stripped.js';
import { normalizeUri } from '../../../src/core/crypto/proofs.js';
import { isPlaceholder, locate, splitAuthorization } from '../../../src/core/find/locate.js';
import { findSecrets, redactKey } from '../../../src/core/find/secrets.js';
import { tokensInItem } from '../../../src/core/find/storage.js';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import { parseCookieHeader, parseMultipart, parseSetCookie, parseUrlEncoded } from '../../../src/core/har/forms.js';
import { classify } from '../../../src/core/token/classify.js';
import { decode } from '../../../src/core/token/decode.js';
import { principalName } from '../../../src/core/token/principals.js';
import { jwtsIn, maskJwts } from '../../../src/core/token/jwt-text.js';
import { esc, visible } from '../../../src/core/util/escape.js';
import { cpuMs } from '../../cpu-time.js';

const BOUND_MS = 2000;
const KB240 = 240_000;
const MB1_3 = 1_300_000;

/** `unit` repeated to about `size` characters, then `tail` (the rejecting suffix most attacks need). */
const repeat = (unit: string, size: number, tail = '') => unit.repeat(Math.ceil(size / unit.length)) + tail;

/** Runs `f`, prints its CPU time, and fails past BOUND_MS. */
function timed<T>(label: string, f: () => T): T {
  const { ms, out } = cpuMs(f);
  console.log(`${label}: ${ms.toFixed(1)} ms of CPU`);
  expect(ms, label).toBeLessThan(BOUND_MS);
  return out;
}

describe('the shapes that backtracked or rescanned', () => {
  it('a template check reads `${${…` and `{{{{…` of 1.3 MB once', () => {
    for (const [name, value, expected] of [
      ['${ repeated', repeat('${', MB1_3), false],
      ['{{ repeated', repeat('{{', MB1_3), false],
      ['${ repeated, then }', repeat('${', MB1_3, '}'), true],
      ['{{a} repeated', repeat('{{a}', MB1_3), false],
      ['{{a} repeated, then }}', repeat('{{a}', MB1_3, '{{b}}'), true],
    ] as const) {
      expect(timed(`isTemplate(${name})`, () => isTemplate(value))).toBe(expected);
      timed(`isRedaction(${name})`, () => isRedaction(value));
      timed(`isPlaceholder(${name})`, () => isPlaceholder(value));
    }
  });

  it('a template check still finds `${token}` and `{{token}}`, and only those', () => {
    for (const v of [
      '${token}',
      'Bearer ${token}',
      '${}',
      '{{bearer_auth_token}}',
      '{{}}',
      'a{{b}c {{d}}',
      '${{x}',
      '$${a}',
    ])
      expect(isTemplate(v), v).toBe(true);
    for (const v of ['abc123', '${', '{{a}', '{{a} }', '}{{', '}${', '$ {a}', '{ {a}}', '{{a}b}'])
      expect(isTemplate(v), v).toBe(false);
  });

  it('a multipart head of `content-disposition:` repeated to 1.3 MB is read once', () => {
    const head = repeat('content-disposition: ', MB1_3);
    const body = `--b\r\n${head}\r\n\r\nvalue\r\n--b\r\nContent-Disposition: form-data; name="token"\r\n\r\nsecret\r\n--b--\r\n`;
    expect(
      timed('parseMultipart(content-disposition: × N)', () => parseMultipart('multipart/form-data; boundary=b', body)),
    ).toEqual([{ name: 'token', value: 'secret' }]);
    for (const [name, h] of [
      ['name=" repeated', `Content-Disposition: form-data; ${repeat('name="', MB1_3)}`],
      ['name= repeated', `Content-Disposition: form-data; ${repeat('name=', MB1_3)}`],
      ['filename= repeated', `Content-Disposition: form-data; name="a"; ${repeat('filename=', MB1_3)}`],
      ['a line of spaces', `Content-Disposition:${repeat(' ', MB1_3)}`],
    ] as const) {
      timed(`parseMultipart(${name})`, () =>
        parseMultipart('multipart/form-data; boundary=b', `--b\r\n${h}\r\n\r\nv\r\n--b--`),
      );
    }
    timed('parseMultipart(boundary=" repeated)', () => parseMultipart(repeat('boundary="', KB240), 'x'));
    timed('parseMultipart(newlines)', () =>
      parseMultipart(
        'multipart/form-data; boundary=b',
        `--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n${repeat('\r\n', MB1_3)}x`,
      ),
    );
  });

  it('the JWT-in-text pattern on `eyJ-ey-…` and its cousins of 1.3 MB', () => {
    for (const [name, text] of [
      ['eyJ-ey- repeated', repeat('eyJ-ey-', MB1_3)],
      ['eyJhbGci. repeated', repeat('eyJhbGci.', MB1_3)],
      ['ey_ repeated before a payload', repeat('ey_', MB1_3, '.eyJzdWIi.')],
      ['a long header run, then a dot', repeat('eyJhbGciOiJ-', MB1_3, '.eyJ')],
      ['dots', repeat('eyJ.', MB1_3)],
      ['a run of a', repeat('a', MB1_3, '.')],
    ] as const) {
      timed(`jwtsIn(${name})`, () => jwtsIn(text));
      timed(`maskJwts(${name})`, () => maskJwts(text, () => '…'));
    }
  });
});

describe('every other pattern over page text', () => {
  // The classic attack strings for the shapes used in src/core: runs of one character that a class or a
  // quantifier accepts, the literal prefix of a pattern repeated, and quotes that are never closed.
  const ATTACKS: Array<[string, string]> = [
    ['a run of a', repeat('a', KB240, '!')],
    ['a run of -', repeat('-', KB240, '!')],
    ['a run of =', repeat('=', KB240, '!')],
    ['a run of %', repeat('%', KB240, '!')],
    ['a run of /', repeat('/', KB240, '!')],
    ['a run of *', repeat('*', KB240, '!')],
    ['a run of spaces', `x${repeat(' ', KB240, 'x')}`],
    ['a run of base64', `Ew${repeat('A', KB240, '\u0000')}`],
    ['unterminated quotes', repeat('"a', KB240)],
    ['escaped quotes', repeat('\\"', KB240)],
    ['${ repeated', repeat('${', KB240)],
    ['{{ repeated', repeat('{{', KB240)],
    ['< repeated', repeat('<', KB240)],
    ['[ repeated', repeat('[', KB240)],
    ['eyJ-ey- repeated', repeat('eyJ-ey-', KB240)],
    ['claims=" repeated', `error="insufficient_claims", ${repeat('claims="', KB240)}`],
    ['error= repeated', repeat('error =', KB240)],
    ['Basic then a run', `Basic ${repeat('A', KB240, ' !')}`],
    ['xoxb- repeated', repeat('xoxb-1234567890-', KB240)],
    ['xapp- repeated', repeat('xapp-1-A', KB240)],
    ['-----BEGIN repeated', repeat('-----BEGIN ', KB240)],
    ['PRIVATE KEY header repeated', repeat('-----BEGIN PRIVATE KEY-----', KB240)],
    ['ghp_ repeated', repeat('ghp_', KB240)],
    ['sk-proj- repeated', repeat('sk-proj-', KB240)],
    ['AccountKey= repeated', repeat('AccountKey=', KB240)],
    ['Q~ repeated', repeat('abc1Q~', KB240)],
    ['https:// repeated', repeat('https://', KB240)],
    ['?# repeated', repeat('?#', KB240)],
    ['content-disposition: repeated', repeat('content-disposition:', KB240)],
  ];

  it.each(ATTACKS)('the pattern helpers on %s', (name, s) => {
    timed(`findSecrets(${name})`, () => findSecrets(s, 'body'));
    timed(`isPlaceholder/isRedaction/isTemplate(${name})`, () => [isPlaceholder(s), isRedaction(s), isTemplate(s)]);
    timed(`splitAuthorization(${name})`, () => splitAuthorization(s));
    timed(`claimsChallenge(${name})`, () => claimsChallenge(s));
    timed(`cookie and form parsers(${name})`, () => [
      parseCookieHeader(`a=${s}`),
      parseSetCookie(`a=${s}`),
      parseUrlEncoded(`a=${s}&${s}`),
    ]);
    timed(`normalizeUri(${name})`, () => normalizeUri(`https://h.example/${s}`));
    timed(`principalName(${name})`, () => principalName(s));
    timed(`classify(${name})`, () => classify(decode(s), { roles: new Set(), responseHosts: new Set() }, s));
    timed(`storage item(${name})`, () => [tokensInItem('local-storage', s, s), redactKey(s)]);
    timed(`escapes(${name})`, () => [esc(s), visible(s)]);
  });

  it.each(ATTACKS)('one entry holding %s in every place (Analyzer.add)', (name, s) => {
    const raw = hostileEntry(s);
    expect(normalizeEntry(raw, 0).requestHeaders.length).toBeGreaterThan(5);
    timed(`locate(${name})`, () => locate(normalizeEntry(raw, 0)));
    const a = new Analyzer();
    timed(`Analyzer.add(${name})`, () => a.add(raw));
    timed(`Analyzer.report(${name})`, () => a.report(Date.parse('2026-01-01T00:00:00Z')));
  });
});

/** A HAR entry with `s` in every header, cookie, query, form and body place the core reads. */
function hostileEntry(s: string) {
  const q = encodeURIComponent(s);
  const headers = [
    { name: 'Authorization', value: `Bearer ${s}` },
    { name: 'Cookie', value: `a=${s}; b=${s}` },
    { name: 'X-Api-Key', value: s },
    { name: 'X-Custom', value: s },
    { name: 'DPoP', value: s },
    { name: 'Date', value: s },
    { name: 'User-Agent', value: `Mozilla/5.0 ${s}` },
    { name: 'Content-Type', value: `multipart/form-data; boundary=${s.slice(0, 70)}` },
  ];
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 5,
    request: {
      method: 'POST',
      url: `https://api.example/oauth2/token?access_token=${q}&x=${q}#id_token=${q}`,
      httpVersion: 'HTTP/1.1',
      headers,
      cookies: [{ name: 'c', value: s }],
      queryString: [],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: `token=${q}&client_secret=${q}` },
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: 401,
      statusText: 'Unauthorized',
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'WWW-Authenticate', value: `Bearer error="insufficient_claims", claims="${s}` },
        { name: 'Set-Cookie', value: `t=${s}; Path=/` },
        { name: 'Location', value: `https://app.example/cb#access_token=${q}` },
        { name: 'Content-Type', value: 'application/json' },
      ],
      cookies: [{ name: 't', value: s }],
      content: {
        size: s.length,
        mimeType: 'application/json',
        text: JSON.stringify({
          access_token: s,
          error: s,
          error_description: s,
          keys: [{ kty: 'RSA', kid: s, n: s, e: s }],
        }),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  };
}
