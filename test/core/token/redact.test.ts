import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/core/token/decode.js';
import { CREDENTIAL_CLAIMS, redactClaims, redacted } from '../../../src/core/token/redact.js';
import * as T from '../../fixtures/tokens.js';

describe('redactClaims', () => {
  it('replaces each credential claim’s value by its length, whatever the case of its name, and keeps the rest', () => {
    const claims = {
      aud: 'https://contoso.example',
      refreshtoken: 'IAAAAC1Lv5w0-refresh',
      ActorToken: 'eyJ.actor.sig',
      Access_Token: 'abc',
      id_token: 'x'.repeat(40),
      exp: 1700003600,
    };
    expect(redactClaims(claims)).toEqual({
      aud: 'https://contoso.example',
      refreshtoken: '[redacted: 20 characters]',
      ActorToken: '[redacted: 13 characters]',
      Access_Token: '[redacted: 3 characters]',
      id_token: '[redacted: 40 characters]',
      exp: 1700003600,
    });
    expect(claims.refreshtoken).toBe('IAAAAC1Lv5w0-refresh'); // the input is not changed
  });

  it('leaves a credential-named claim that is not a string as it is (nothing to replay), and null as null', () => {
    expect(redactClaims({ refresh_token: { nested: true }, access_token: 12 })).toEqual({
      refresh_token: { nested: true },
      access_token: 12,
    });
    expect(redactClaims(null)).toBeNull();
  });

  it('redacts the context token’s refresh token', () => {
    const out = redactClaims(decode(T.ACS_CONTEXT).claims)!;
    expect(out.refreshtoken).toMatch(/^\[redacted: \d+ characters\]$/);
    expect(JSON.stringify(out)).not.toContain('IAAAAC1Lv5w0');
  });

  it('keeps "__proto__" and "constructor" claims as own keys, in order, so they are shown and exported as data', () => {
    // JSON.parse makes "__proto__" an own key, as a token's payload would.
    const claims = JSON.parse(
      '{"sub":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"refreshtoken":"secret-value"}',
    ) as Record<string, unknown>;
    const out = redactClaims(claims)!;
    expect(Object.keys(out)).toEqual(['sub', '__proto__', 'constructor', 'refreshtoken']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(JSON.stringify(out)).toBe(
      '{"sub":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"refreshtoken":"[redacted: 12 characters]"}',
    );
  });

  it('names the credential claims of SharePoint and OAuth', () => {
    expect([...CREDENTIAL_CLAIMS].sort()).toEqual([
      'access_token',
      'actortoken',
      'id_token',
      'refresh_token',
      'refreshtoken',
    ]);
    expect(redacted('abcd')).toBe('[redacted: 4 characters]');
  });
});
