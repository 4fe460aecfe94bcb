import { describe, expect, it } from 'vitest';
import { MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_TOKEN_CHARS } from '../../../src/core/util/limits.js';
import { looksLikeJwt } from '../../../src/core/token/jwt-text.js';
import { decode } from '../../../src/core/token/decode.js';
import { tokensInItem } from '../../../src/core/find/storage.js';
import { RFC7519_JWT } from '../../fixtures/tokens.js';

/** RFC 7519's example JWT with its signature padded out to exactly `length` characters. */
const jwtOfLength = (length: number) => RFC7519_JWT + 'A'.repeat(length - RFC7519_JWT.length);

describe('limits', () => {
  it('a field holds a whole token: what a field keeps is never too long to be read as one', () => {
    expect(MAX_FIELD_CHARS).toBeGreaterThanOrEqual(MAX_TOKEN_CHARS);
  });

  it('takes a JWT of MAX_TOKEN_CHARS characters, and not one character more', () => {
    expect(looksLikeJwt(jwtOfLength(MAX_TOKEN_CHARS))).toBe(true);
    expect(looksLikeJwt(jwtOfLength(MAX_TOKEN_CHARS + 1))).toBe(false);
  });

  it('a storage value as long as a field allows still yields its token', () => {
    const raw = jwtOfLength(MAX_FIELD_CHARS);
    expect(tokensInItem('local-storage', 'k', raw).map((c) => c.raw.length)).toEqual([MAX_FIELD_CHARS]);
    expect(tokensInItem('local-storage', 'k', jwtOfLength(MAX_FIELD_CHARS + 1))).toEqual([]);
  });

  it('shows claims to MAX_JSON_DEPTH levels and marks what is deeper', () => {
    const nest = (n: number): unknown => (n === 0 ? 'leaf' : { a: nest(n - 1) });
    const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const claims = decode(`${b64({ alg: 'none' })}.${b64(nest(MAX_JSON_DEPTH + 5))}.`).claims;
    let v: unknown = claims;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) v = (v as Record<string, unknown>).a;
    expect(v).toBe(`[nested more than ${MAX_JSON_DEPTH} levels deep: not shown]`);
  });
});
