import { describe, expect, it } from 'vitest';
import { isPrivateJwkMember, privateMembersOf } from '../../../src/core/crypto/jwk.js';

// RFC 7517 Appendix A.2's EC private key, and the public members of its RSA example (A.1).
const EC_PRIVATE = {
  kty: 'EC',
  crv: 'P-256',
  x: 'MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4',
  y: '4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM',
  d: '870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE',
  use: 'enc',
  kid: '1',
};
const RSA_PUBLIC = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

describe('private JWK members', () => {
  it('names the private members a key holds, and none for a public key', () => {
    expect(privateMembersOf(EC_PRIVATE)).toEqual(['d']);
    expect(privateMembersOf(RSA_PUBLIC)).toEqual([]);
    expect(privateMembersOf({ kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg' })).toEqual(['k']);
  });

  it('covers every RSA private member, and no public one', () => {
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth']) expect(isPrivateJwkMember(m)).toBe(true);
    for (const m of ['kty', 'n', 'e', 'x', 'y', 'crv', 'kid', 'alg', 'use', 'x5c'])
      expect(isPrivateJwkMember(m)).toBe(false);
  });

  it('reads own members only: an inherited "d" is not a member of the key', () => {
    expect(privateMembersOf(Object.create({ d: 'x' }) as Record<string, unknown>)).toEqual([]);
  });
});
