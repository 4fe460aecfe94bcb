import { describe, expect, it } from 'vitest';
import { entryKey, MAX_BODY_BYTES, wantsResponseBody } from '../../../src/core/har/capture.js';

const live = (url: string, mimeType = 'application/json; charset=utf-8', size = 2304, text?: string) => ({
  startedDateTime: '2026-11-22T10:00:00.000Z',
  request: { method: 'POST', url },
  response: { status: 200, content: { mimeType, size, ...(text === undefined ? {} : { text }) } },
});

describe('wantsResponseBody: which live responses are fetched for tokens', () => {
  it.each([
    ['Entra ID v2', 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token'],
    ['Entra ID v1', 'https://login.microsoftonline.com/common/oauth2/token'],
    ['ACS', 'https://accounts.accesscontrol.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/tokens/OAuth/2'],
    ['Microsoft account', 'https://login.live.com/oauth20_token.srf'],
    ['ADFS', 'https://sts.contoso.com/adfs/oauth2/token'],
    ['an app’s own endpoint', 'https://app.contoso.com/api/auth/token?refresh=1'],
  ])('%s token endpoint', (_, url) => {
    expect(wantsResponseBody(live(url))).toBe(true);
  });

  it.each([
    ['SharePoint lists (no "sts" inside "lists")', 'https://contoso.sharepoint.com/sites/dev/_api/web/lists'],
    ['an ordinary API', 'https://app.contoso.com/api/orders'],
    ['a token only in the query string', 'https://app.contoso.com/callback?access_token=eyJ0eXAi'],
  ])('%s is left alone', (_, url) => {
    expect(wantsResponseBody(live(url))).toBe(false);
  });

  it('skips HTML, bodies over the cap, and bodies the entry already holds', () => {
    const url = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';
    expect(wantsResponseBody(live(url, 'text/html'))).toBe(false);
    expect(wantsResponseBody(live(url, 'application/json', MAX_BODY_BYTES + 1))).toBe(false);
    expect(wantsResponseBody(live(url, 'application/json', MAX_BODY_BYTES))).toBe(true);
    expect(wantsResponseBody(live(url, 'application/json', 100, '{"access_token":"x"}'))).toBe(false);
  });

  it('does not throw on entries of the wrong shape', () => {
    for (const junk of [null, undefined, 42, 'x', {}, { request: { url: 7 } }, { response: { content: null } }]) {
      expect(wantsResponseBody(junk)).toBe(false);
    }
  });
});

describe('entryKey: the same request from getHAR() and from onRequestFinished', () => {
  it('is equal for the same request and differs by time, method or URL', () => {
    const a = live('https://contoso.sharepoint.com/_api/web');
    expect(entryKey({ ...a, response: {} })).toBe(entryKey(a));
    expect(entryKey({ ...a, startedDateTime: '2026-11-22T10:00:00.001Z' })).not.toBe(entryKey(a));
    expect(entryKey({ ...a, request: { ...a.request, method: 'GET' } })).not.toBe(entryKey(a));
    expect(
      entryKey({ ...a, request: { ...a.request, url: 'https://contoso.sharepoint.com/_api/web/lists' } }),
    ).not.toBe(entryKey(a));
  });
});
