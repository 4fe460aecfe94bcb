import { describe, expect, it } from 'vitest';
import { normalizeEntry } from '../../../src/core/har/entry.js';
import {
  formDecode,
  parseCookieHeader,
  parseMultipart,
  parseSetCookie,
  parseUrlEncoded,
  percentDecode,
  urlParams,
} from '../../../src/core/har/forms.js';

/** A standard-base64 opaque token: `+`, `/` and `=` are where decoding goes wrong. */
const PLUS_TOKEN = 'AbC+dEf/GhI+jKl/MnO+pQr/StU+vWx/Yz0+1a2/3b4+5c6/7d8+9e0==';

describe('the two decoders', () => {
  it.each([
    // [input, percent-decoded (cookies), form-decoded (form bodies, query strings)]
    [PLUS_TOKEN, PLUS_TOKEN, PLUS_TOKEN.replace(/\+/g, ' ')],
    ['AbC%2BdEf%2F%3D%3D', 'AbC+dEf/==', 'AbC+dEf/=='],
    ['a+b%20c', 'a+b c', 'a b c'],
    ['%E2%9C%93', '✓', '✓'],
    ['100%', '100%', '100%'],
    ['%zz%41', '%zz%41', '%zz%41'],
    ['', '', ''],
  ])('%j', (input, percent, form) => {
    expect(percentDecode(input)).toBe(percent);
    expect(formDecode(input)).toBe(form);
  });
});

describe('cookies: percent-decoding only, never `+` as a space', () => {
  it.each([
    [`access_token=${PLUS_TOKEN}`, [{ name: 'access_token', value: PLUS_TOKEN }]],
    [
      `a=1; access_token="${PLUS_TOKEN}"; b=2`,
      [
        { name: 'a', value: '1' },
        { name: 'access_token', value: PLUS_TOKEN },
        { name: 'b', value: '2' },
      ],
    ],
    [
      't=AbC%2BdEf; flag; =x',
      [
        { name: 't', value: 'AbC+dEf' },
        { name: '', value: 'x' },
      ],
    ],
  ])('Cookie: %s', (header, expected) => {
    expect(parseCookieHeader(header)).toEqual(expected);
  });

  it.each([
    [`access_token=${PLUS_TOKEN}; Path=/; Secure; HttpOnly`, [{ name: 'access_token', value: PLUS_TOKEN }]],
    [
      `a=x+y; Path=/\nb="p+q=="; Max-Age=60`,
      [
        { name: 'a', value: 'x+y' },
        { name: 'b', value: 'p+q==' },
      ],
    ],
    ['=nameless; Path=/\nnovalue', []],
  ])('Set-Cookie: %j', (header, expected) => {
    expect(parseSetCookie(header).map(({ name, value }) => ({ name, value }))).toEqual(expected);
  });

  it('Set-Cookie attributes: names in any case, values as written, the first line of a joined header apart from the second', () => {
    expect(
      parseSetCookie(
        'SPContextToken=abc; path=/; SECURE; HttpOnly; SameSite=None; Domain=.contoso.com; Max-Age=3600\ntheme=dark; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      ),
    ).toEqual([
      {
        name: 'SPContextToken',
        value: 'abc',
        httpOnly: true,
        secure: true,
        sameSite: 'None',
        domain: '.contoso.com',
        path: '/',
        maxAge: '3600',
        expires: null,
      },
      {
        name: 'theme',
        value: 'dark',
        httpOnly: false,
        secure: false,
        sameSite: null,
        domain: null,
        path: null,
        maxAge: null,
        expires: 'Wed, 21 Oct 2026 07:28:00 GMT',
      },
    ]);
  });
});

describe('form bodies and URLs: form decoding, once', () => {
  it.each([
    [
      `refresh_token=${encodeURIComponent(PLUS_TOKEN)}&x=a+b`,
      [
        { name: 'refresh_token', value: PLUS_TOKEN },
        { name: 'x', value: 'a b' },
      ],
    ],
    [
      'a&&b=&=c',
      [
        { name: 'a', value: '' },
        { name: 'b', value: '' },
        { name: '', value: 'c' },
      ],
    ],
    ['my+name=%41', [{ name: 'my name', value: 'A' }]],
  ])('%s', (text, expected) => {
    expect(parseUrlEncoded(text)).toEqual(expected);
  });

  it('reads query and fragment parameters, not the path', () => {
    expect(urlParams('https://app.example/a+b?x=1%2B1#access_token=abc&state=s+t')).toEqual([
      { name: 'x', value: '1+1' },
      { name: 'access_token', value: 'abc' },
      { name: 'state', value: 's t' },
    ]);
    expect(urlParams('https://app.example/plain')).toEqual([]);
  });

  const post = (postData: Record<string, unknown>, headers: unknown[] = []) =>
    normalizeEntry({ request: { method: 'POST', headers, postData } }, 0);

  it.each([
    [
      'Chromium (text, and params left encoded)',
      {
        mimeType: 'application/x-www-form-urlencoded',
        text: `access_token=${encodeURIComponent(PLUS_TOKEN)}`,
        params: [{ name: 'access_token', value: encodeURIComponent(PLUS_TOKEN) }],
      },
    ],
    [
      'Firefox (text, and params already decoded)',
      {
        mimeType: 'application/x-www-form-urlencoded',
        text: `access_token=${encodeURIComponent(PLUS_TOKEN)}`,
        params: [{ name: 'access_token', value: PLUS_TOKEN }],
      },
    ],
    [
      'params only, still encoded',
      {
        mimeType: 'application/x-www-form-urlencoded',
        params: [{ name: 'access_token', value: encodeURIComponent(PLUS_TOKEN) }],
      },
    ],
    [
      'params only, already decoded',
      { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'access_token', value: PLUS_TOKEN }] },
    ],
    [
      'text only',
      {
        mimeType: 'application/x-www-form-urlencoded; charset=UTF-8',
        text: `access_token=${encodeURIComponent(PLUS_TOKEN)}`,
      },
    ],
  ])('formFields decodes a urlencoded body once: %s', (_, postData) => {
    expect(post(postData).formFields).toEqual([{ name: 'access_token', value: PLUS_TOKEN }]);
  });

  it('takes the form kind from Content-Type when the HAR has no postData.mimeType, and reads nothing from other bodies', () => {
    expect(
      post({ text: 'a=b' }, [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]).formFields,
    ).toEqual([{ name: 'a', value: 'b' }]);
    expect(post({ mimeType: 'application/json', text: 'a=b' }).formFields).toEqual([]);
  });

  it('reads multipart text fields as they are (no decoding), skipping file parts', () => {
    const text = `--B\r\nContent-Disposition: form-data; name="t"\r\n\r\n${PLUS_TOKEN}\r\n--B\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nfile\r\n--B--\r\n`;
    expect(parseMultipart('multipart/form-data; boundary=B', text)).toEqual([{ name: 't', value: PLUS_TOKEN }]);
    expect(post({ mimeType: 'multipart/form-data; boundary="B"', text }).formFields).toEqual([
      { name: 't', value: PLUS_TOKEN },
    ]);
  });
});
