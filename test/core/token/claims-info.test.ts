import { describe, expect, it } from 'vitest';
import { claimInfo, headerInfo, proofClaimInfo, proofHeaderInfo } from '../../../src/core/token/claims-info.js';

describe('proof claims are explained as proof claims', () => {
  it('DPoP (RFC 9449): nonce is the server’s (§8), typ is dpop+jwt, and each claim says what it binds', () => {
    expect(proofClaimInfo('dpop', 'nonce')).toMatch(/DPoP-Nonce header.*RFC 9449 §8/);
    expect(proofClaimInfo('dpop', 'nonce')).not.toBe(claimInfo('nonce'));
    expect(proofHeaderInfo('dpop', 'typ')).toMatch(/^Must be "dpop\+jwt"/);
    expect(proofHeaderInfo('dpop', 'typ')).not.toBe(headerInfo('typ'));
    for (const name of ['htm', 'htu', 'ath', 'jti', 'iat']) expect(proofClaimInfo('dpop', name)).toBeTruthy();
    expect(proofClaimInfo('dpop', 'ath')).toMatch(/SHA-256/);
    expect(proofHeaderInfo('dpop', 'jwk')).toMatch(/cnf\.jkt/);
  });

  it('Microsoft PoP signed requests: at, ts, m, u, p, q, h', () => {
    for (const name of ['at', 'ts', 'm', 'u', 'p', 'q', 'h']) expect(proofClaimInfo('pop', name), name).toBeTruthy();
    expect(proofClaimInfo('pop', 'u')).toMatch(/host/);
    expect(proofHeaderInfo('pop', 'typ')).toMatch(/"pop"/);
    // A DPoP claim is not a PoP one.
    expect(proofClaimInfo('pop', 'htu')).toBeNull();
  });
});
