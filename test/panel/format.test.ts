import { describe, expect, it } from 'vitest';
import { compactTime, localDay, maskToken, maskUrl } from '../../src/panel/format.js';
import { RFC7519_JWT } from '../fixtures/tokens.js';

/** Header `{ "alg":"HS256","typ":"JWT"}`: the space after the brace makes it start `eyA`, not `eyJ`. */
const SPACED_HEADER_JWT =
  'eyAiYWxnIjoiSFMyNTYiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsZXgifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('maskUrl', () => {
  it('masks a JWT whose header starts eyA, as the core lists it as a token', () => {
    const url = `https://app.example/cb?state=1&id_token=${SPACED_HEADER_JWT}`;
    expect(maskUrl(url, null)).toBe(`https://app.example/cb?state=1&id_token=${maskToken(SPACED_HEADER_JWT)}`);
  });

  it("masks the sighting's own token percent-encoded, and any other JWT beside it", () => {
    const opaque = 'EwA4A+l3BAAU/opaque==';
    const url = `https://api.example/x?t=${encodeURIComponent(opaque)}&other=${RFC7519_JWT}`;
    expect(maskUrl(url, opaque)).toBe(`https://api.example/x?t=${maskToken(opaque)}&other=${maskToken(RFC7519_JWT)}`);
  });
});

describe('compactTime', () => {
  it('keeps the seconds, and the date only when the moment is on another day', () => {
    const ms = new Date(2023, 10, 14, 22, 20, 5).getTime();
    expect(localDay(ms)).toBe('2023-11-14');
    expect(compactTime(ms, '2023-11-14')).toBe('22:20:05');
    expect(compactTime(ms, '2026-12-07')).toBe('2023-11-14 22:20:05');
    expect(compactTime(Number.NaN, '2026-12-07')).toBe('—');
  });
});
