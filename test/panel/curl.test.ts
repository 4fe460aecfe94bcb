import { describe, expect, it } from 'vitest';
import { curlFor } from '../../src/panel/curl.js';

const JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.';
const at = (where: string, name: string, scheme?: string) => ({ method: 'GET', url: 'https://api.contoso.com/orders', where: where as never, name, ...(scheme ? { scheme } : {}) });

describe('curlFor', () => {
  it('sends the token the way the request did: its Authorization scheme, or the other header it came in', () => {
    expect(curlFor(at('authorization-header', 'Authorization'), JWT, true)).toBe(`curl 'https://api.contoso.com/orders' -H 'Authorization: Bearer ${JWT}'`);
    expect(curlFor(at('authorization-header', 'Authorization', 'DPoP'), JWT, true)).toBe(`curl 'https://api.contoso.com/orders' -H 'Authorization: DPoP ${JWT}'`);
    expect(curlFor(at('header', 'X-Auth-Token'), JWT, true)).toBe(`curl 'https://api.contoso.com/orders' -H 'X-Auth-Token: ${JWT}'`);
  });

  it('redacts the token unless raw values are asked for', () => {
    expect(curlFor(at('header', 'apikey'), JWT, false)).toBe(`curl 'https://api.contoso.com/orders' -H 'apikey: [redacted]'`);
  });
});
