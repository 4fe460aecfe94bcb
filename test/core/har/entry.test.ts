import { describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, normalizeEntry } from '../../../src/core/har/entry.js';

/** A Chromium entry with every part filled (no cache mark, so that every one is read), each object recording the keys read from it. */
function recorded() {
  const read = {
    entry: new Set<string>(),
    request: new Set<string>(),
    response: new Set<string>(),
    postData: new Set<string>(),
    content: new Set<string>(),
  };
  const watch = <T extends object>(part: keyof typeof read, o: T): T =>
    new Proxy(o, { get: (t, k, r) => (typeof k === 'string' && read[part].add(k), Reflect.get(t, k, r)) });
  const raw = watch('entry', {
    _fetchType: 'Fetch',
    _resourceType: 'fetch',
    _fetchedViaServiceWorker: false,
    _initiator: { type: 'script' },
    _priority: 'High',
    cache: {},
    connection: '443',
    pageref: 'page_1',
    serverIPAddress: '13.107.136.10',
    startedDateTime: '2023-11-14T22:00:00.000Z',
    time: 84.2,
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 80, receive: 3 },
    request: watch('request', {
      method: 'POST',
      url: 'https://contoso.sharepoint.com/sites/dev/_api/contextinfo?x=1',
      httpVersion: 'http/2.0',
      headersSize: -1,
      bodySize: 3,
      queryString: [{ name: 'x', value: '1' }],
      headers: [
        { name: 'Cookie', value: 'FedAuth=abc' },
        { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
      ],
      cookies: [{ name: 'FedAuth', value: 'abc' }],
      postData: watch('postData', {
        mimeType: 'application/x-www-form-urlencoded',
        text: 'a=b',
        params: [{ name: 'a', value: 'b' }],
      }),
    }),
    response: watch('response', {
      status: 200,
      statusText: 'OK',
      httpVersion: 'http/2.0',
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 1200,
      _error: null,
      _fetchedViaServiceWorker: false,
      headers: [
        { name: 'Set-Cookie', value: 'sid=1; HttpOnly' },
        { name: 'date', value: 'Tue, 14 Nov 2023 22:00:00 GMT' },
      ],
      cookies: [{ name: 'sid', value: '1' }],
      content: watch('content', { size: 11, mimeType: 'application/json', text: 'eyJhIjoxfQ==', encoding: 'base64' }),
    }),
  });
  return { raw, read };
}

describe('ENTRY_FIELDS', () => {
  it('names every field normalizeEntry reads, parsed fields included: what the skim must keep, or parse the entry for', () => {
    const { raw, read } = recorded();
    const e = normalizeEntry(raw, 0);
    void [e.host, e.path, e.queryParams, e.formKind, e.formFields, e.sentCookies, e.setCookies];
    expect([...read.entry].sort()).toEqual([...ENTRY_FIELDS.entry, 'request', 'response'].sort());
    expect([...read.request].sort()).toEqual(
      [...ENTRY_FIELDS.request, ...ENTRY_FIELDS.requestLists, 'postData'].sort(),
    );
    expect([...read.response].sort()).toEqual(
      [...ENTRY_FIELDS.response, ...ENTRY_FIELDS.responseLists, 'content'].sort(),
    );
    expect([...read.postData].sort()).toEqual([...ENTRY_FIELDS.postData].sort());
    expect([...read.content].sort()).toEqual([...ENTRY_FIELDS.content].sort());
  });
});

describe('the parsed fields of an Entry', () => {
  const e = normalizeEntry(
    {
      request: {
        method: 'POST',
        url: 'https://Login.Contoso.example/tenant/oauth2/v2.0/token?client_secret=s#state=a+b',
        headers: [
          { name: 'content-type', value: 'application/x-www-form-urlencoded' },
          { name: 'Cookie', value: 'a=1; b=%2B' },
        ],
        cookies: [{ name: 'c', value: '3' }],
        postData: { text: 'grant_type=refresh_token&x=%41' },
      },
      response: { headers: [{ name: 'Set-Cookie', value: 'sid=abc; Secure; HttpOnly; SameSite=Lax\nlang=en' }] },
    },
    0,
  );

  it('reads the URL, the form, the cookies and each Set-Cookie with its attributes', () => {
    expect([e.host, e.path]).toEqual(['login.contoso.example', '/tenant/oauth2/v2.0/token']);
    expect(e.queryParams).toEqual([
      { name: 'client_secret', value: 's' },
      { name: 'state', value: 'a b' },
    ]);
    expect(e.formKind).toBe('urlencoded');
    expect(e.formFields).toEqual([
      { name: 'grant_type', value: 'refresh_token' },
      { name: 'x', value: 'A' },
    ]);
    expect(e.sentCookies).toEqual([
      { name: 'c', value: '3' },
      { name: 'a', value: '1' },
      { name: 'b', value: '+' },
    ]);
    expect(e.setCookies.map((c) => [c.name, c.value, c.httpOnly, c.secure, c.sameSite])).toEqual([
      ['sid', 'abc', true, true, 'Lax'],
      ['lang', 'en', false, false, null],
    ]);
  });

  it('parses each once: the same list on every read', () => {
    expect(e.queryParams).toBe(e.queryParams);
    expect(e.formFields).toBe(e.formFields);
    expect(e.setCookies).toBe(e.setCookies);
  });

  it('gives an unparseable URL no host and no path', () => {
    const bad = normalizeEntry({ request: { url: 'not a url?error=x' } }, 0);
    expect([bad.host, bad.path]).toEqual(['', null]);
    expect(bad.queryParams).toEqual([{ name: 'error', value: 'x' }]);
  });
});
