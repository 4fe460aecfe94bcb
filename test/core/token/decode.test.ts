import { describe, expect, it } from 'vitest';
import { decode } from '../../../src/core/token/decode.js';
import { explain } from '../../../src/core/token/explain.js';
import * as T from '../../fixtures/tokens.js';

describe('decode', () => {
  it('reads RFC 7519’s example JWT, header line breaks and all', () => {
    const d = decode(T.RFC7519_JWT);
    expect(d).toMatchObject({ format: 'jwt', error: null, header: { typ: 'JWT', alg: 'HS256' } });
    expect(d.claims).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  });

  it('reads an unsecured JWT with an empty signature', () => {
    expect(decode(T.RFC7519_UNSECURED)).toMatchObject({
      format: 'jwt',
      header: { alg: 'none' },
      claims: { iss: 'joe' },
    });
  });

  it('recognises a five-part JWE and reads only its protected header', () => {
    expect(decode(T.RFC7516_JWE)).toEqual({
      format: 'jwe',
      header: { alg: 'RSA-OAEP', enc: 'A256GCM' },
      claims: null,
      error: null,
    });
  });

  it('says which part is broken and why, without throwing', () => {
    const cut = decode(T.BAD_JSON);
    expect(cut.format).toBe('jwt');
    expect(cut.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(cut.claims).toBeNull();
    expect(cut.error).toMatch(/^invalid json for part #2/);
    expect(decode(T.NOT_OBJECT).error).toBe('payload is JSON but not an object');
    expect(decode('eyJhbGciOiJIUzI1NiJ9.e$30.x').format).toBe('opaque');
    expect(decode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0x.sig').error).toMatch(/part #2/);
    expect(decode('eyJub3QganNvbg.eyJzdWIiOiJ4In0.sig').error).toMatch(/part #1/);
  });

  it('treats anything that is not JWT-shaped as opaque', () => {
    expect(decode(T.MSA_OPAQUE)).toEqual({ format: 'opaque', header: null, claims: null, error: null });
    expect(decode('')).toMatchObject({ format: 'opaque' });
  });

  it('keeps "__proto__" and "constructor" claims as plain data and leaves Object.prototype alone', () => {
    const d = decode(T.HOSTILE);
    expect(Object.hasOwn(d.claims!, '__proto__')).toBe(true);
    expect(Object.hasOwn(d.claims!, 'constructor')).toBe(true);
    expect(Object.getPrototypeOf(d.claims)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(d.claims!, '__proto__')?.value).toEqual({ polluted: true });
    expect(d.claims!.sub).toBe('<script>window.__pwned=1</script>');
  });
});

describe('explain', () => {
  it('splits aud, iss and actor of a user+add-in token into principal, host and realm, and names SharePoint and ACS', () => {
    const { principals } = explain(decode(T.ACS_USER_ADDIN).claims);
    expect(principals.find((p) => p.claim === 'aud')).toMatchObject({
      principal: '00000003-0000-0ff1-ce00-000000000000',
      host: 'company.sharepoint.com',
      realm: '040f2415-e6e3-4480-96ce-26ef73275f73',
      name: 'SharePoint',
    });
    expect(principals.find((p) => p.claim === 'iss')).toMatchObject({
      principal: '00000001-0000-0000-c000-000000000000',
      host: null,
      name: 'Azure Access Control Service (ACS)',
    });
    expect(principals.find((p) => p.claim === 'actor')).toMatchObject({
      principal: '964de6ad-6d28-4dc7-8e05-3acd8006e5c9',
      name: null,
    });
  });

  it('parses a context token’s appctx JSON and surfaces its CacheKey, and names the appctxsender', () => {
    const e = explain(decode(T.ACS_CONTEXT).claims);
    expect(e.appctx).toMatchObject({ cacheKey: 'KQAIUpDUD0sm5Tr83U+jZGYVuPPCPu8BGwoWiAACqNw=', error: null });
    expect(e.appctx!.securityTokenServiceUri).toMatch(/^https:\/\/accounts\.accesscontrol/);
    expect(e.principals.find((p) => p.claim === 'appctxsender')).toMatchObject({
      name: 'SharePoint',
      realm: '040f2415-e6e3-4480-96ce-26ef73275f73',
    });
  });

  it('reports an appctx that is not JSON instead of failing', () => {
    expect(explain({ appctx: '{CacheKey' }).appctx).toMatchObject({
      cacheKey: null,
      error: 'appctx is not valid JSON',
    });
    expect(explain({ appctx: '[1]' }).appctx).toMatchObject({ error: 'appctx is not a JSON object' });
  });

  it('leaves URL audiences whole and names Microsoft Graph', () => {
    const { principals } = explain(decode(T.ENTRA_V1_DELEGATED).claims);
    expect(principals.find((p) => p.claim === 'aud')).toMatchObject({
      principal: 'https://graph.microsoft.com',
      realm: null,
      name: 'Microsoft Graph',
    });
  });
});
