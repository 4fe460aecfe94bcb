import { describe, expect, it } from 'vitest';
import { curlFor } from '../../src/panel/curl.js';

const JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.';
const at = (where: string, name: string, scheme?: string) => ({
  method: 'GET',
  url: 'https://api.contoso.com/orders',
  where: where as never,
  name,
  ...(scheme ? { scheme } : {}),
});

describe('curlFor', () => {
  it('sends the token the way the request did: its Authorization scheme, or the other header it came in', () => {
    expect(curlFor(at('authorization-header', 'Authorization'), JWT, true)).toBe(
      `curl 'https://api.contoso.com/orders' -H 'Authorization: Bearer ${JWT}'`,
    );
    expect(curlFor(at('authorization-header', 'Authorization', 'DPoP'), JWT, true)).toBe(
      `curl 'https://api.contoso.com/orders' -H 'Authorization: DPoP ${JWT}'`,
    );
    expect(curlFor(at('header', 'X-Auth-Token'), JWT, true)).toBe(
      `curl 'https://api.contoso.com/orders' -H 'X-Auth-Token: ${JWT}'`,
    );
  });

  it('redacts the token unless raw values are asked for', () => {
    expect(curlFor(at('header', 'apikey'), JWT, false)).toBe(
      `curl 'https://api.contoso.com/orders' -H 'apikey: [redacted]'`,
    );
  });
});

describe('curlFor, redacted', () => {
  const RT = '0.AXkAsecondRefreshToken8Kd2Lq7Wm3Rt';
  const SECRET = 'Zx8Q~curlClientSecret0001';
  it('masks the URL’s refresh_token and client_secret, and the token itself when the URL percent-encodes a character of it', () => {
    const encoded = JWT.replace(/\./g, '%2e');
    const s = {
      method: 'GET',
      url: `https://login.contoso.example/cb?refresh_token=${RT}&client_secret=${encodeURIComponent(SECRET)}&access_token=${encoded}&state=af0ifjsldkj`,
      where: 'query' as const,
      name: 'access_token',
    };
    const curl = curlFor(s, JWT, false);
    for (const secret of [RT, SECRET, encodeURIComponent(SECRET), JWT, encoded, 'eyJzdWIiOiJhIn0'])
      expect(curl).not.toContain(secret);
    expect(curl).toContain('&state=af0ifjsldkj');
    // With raw values asked for, the token goes back where the request sent it; the other credentials stay masked.
    const revealed = curlFor(s, JWT, true);
    expect(revealed).toContain(`access_token=${encodeURIComponent(JWT)}`);
    for (const secret of [RT, encodeURIComponent(SECRET)]) expect(revealed).not.toContain(secret);
  });
});
