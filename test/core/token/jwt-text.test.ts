import { describe, expect, it } from 'vitest';
import { jwtsIn, looksLikeJwt, maskJwts } from '../../../src/core/token/jwt-text.js';
import { cpuMs } from '../../cpu-time.js';
import { ENTRA_V2_ID, RFC7516_JWE, RFC7519_JWT, RFC7519_UNSECURED } from '../../fixtures/tokens.js';

/** Header `{ "alg":"HS256","typ":"JWT"}`: the space after the brace makes it start `eyA`, not `eyJ`. */
const SPACED_HEADER_JWT =
  'eyAiYWxnIjoiSFMyNTYiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsZXgifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('looksLikeJwt', () => {
  it('takes a whole JWS or JWE, unsigned ones included, and nothing around them', () => {
    for (const t of [RFC7519_JWT, RFC7519_UNSECURED, RFC7516_JWE, SPACED_HEADER_JWT])
      expect(looksLikeJwt(t)).toBe(true);
    expect(looksLikeJwt(`Bearer ${RFC7519_JWT}`)).toBe(false);
    expect(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0')).toBe(false); // two parts
    expect(looksLikeJwt(`${RFC7519_JWT}.x`)).toBe(false); // four parts
  });
});

describe('jwtsIn', () => {
  it('finds JWS and JWE in a URL, a Referer and JSON, whatever character their header starts with after "ey"', () => {
    expect(jwtsIn(`https://app.example/cb#id_token=${ENTRA_V2_ID}&state=1`)).toEqual([ENTRA_V2_ID]);
    expect(jwtsIn(`{"a":"${RFC7519_JWT}","b":"${SPACED_HEADER_JWT}"}`)).toEqual([RFC7519_JWT, SPACED_HEADER_JWT]);
    expect(jwtsIn(`https://app.example/?t=${RFC7516_JWE}`)).toEqual([RFC7516_JWE]);
  });

  it('takes a token glued to a name by - or _, but not one inside a longer base64url word', () => {
    expect(jwtsIn(`msal-${RFC7519_JWT}`)).toEqual([RFC7519_JWT]);
    expect(jwtsIn(`cache_${RFC7519_JWT}`)).toEqual([RFC7519_JWT]);
    expect(jwtsIn(`abc${RFC7519_JWT}`)).toEqual([]);
  });

  it('skips a header too short to be JSON with members, and stops at 50 tokens', () => {
    expect(jwtsIn('eyJhbGci.eyJzdWIi.sig')).toEqual([]);
    expect(jwtsIn(`${RFC7519_JWT} `.repeat(60))).toHaveLength(50);
  });
});

describe('maskJwts', () => {
  it('replaces each token and keeps the text around it, a name prefix included', () => {
    const masked = maskJwts(`k=${RFC7519_JWT}&msal-${SPACED_HEADER_JWT}`, (t) => `[${t.length}]`);
    expect(masked).toBe(`k=[${RFC7519_JWT.length}]&msal-[${SPACED_HEADER_JWT.length}]`);
  });
});

describe('on hostile text', () => {
  // The patterns run on 240 KB header values a page controls. Each case took seconds with a pattern that starts a
  // match at every "ey" (quadratic); linear work takes milliseconds. 2 s leaves room for a busy machine.
  const cases: Array<[string, string]> = [
    ['"eyJ-ey-" repeated', 'eyJ-ey-'.repeat(40000)],
    ['"eyJhbGci." repeated', 'eyJhbGci.'.repeat(30000)],
    ['a long header run then a payload-looking tail', `${'eyJhbGciOiJ-'.repeat(20000)}.eyJ`],
    ['runs of "ey_" behind a payload', `${'ey_'.repeat(80000)}.eyJzdWIi.`],
  ];
  it.each(cases)('%s: found and masked in well under a second', (_, text) => {
    const { ms } = cpuMs(() => {
      jwtsIn(text);
      maskJwts(text, () => '•');
      looksLikeJwt(text);
    });
    expect(ms).toBeLessThan(2000);
  });
});
