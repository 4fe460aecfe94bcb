import { describe, expect, it } from 'vitest';
import {
  base64Text,
  base64urlText,
  decodeBase64,
  decodeBase64url,
  encodeBase64,
  encodeBase64url,
} from '../../../src/core/util/base64url.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('base64url', () => {
  it('decodes a JWT header, unpadded, to its JSON text', () => {
    expect(base64urlText('eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9')).toBe('{"alg":"RS256","typ":"JWT"}');
  });

  it('reads both alphabets, since apps mix them, and bytes that need - and _', () => {
    expect([...decodeBase64url('-_8')!]).toEqual([0xfb, 0xff]);
    expect([...decodeBase64url('+/8=')!]).toEqual([0xfb, 0xff]);
  });

  it('is null, not a throw, for text that is not base64url or bytes that are not UTF-8', () => {
    expect(decodeBase64url('a')).toBeNull(); // one character left over cannot be a byte
    expect(decodeBase64url('ab$c')).toBeNull();
    expect(base64urlText('_w')).toBeNull(); // 0xff alone is not UTF-8
  });

  it('keeps standard base64 to its own alphabet, and strict to the canonical padded form', () => {
    expect(base64Text('eyJhIjoxfQ==')).toBe('{"a":1}');
    expect(decodeBase64('-_8')).toBeNull();
    expect(decodeBase64('c2VjcmV0')).not.toBeNull();
    expect(decodeBase64('c2VjcmV0IQ', { strict: true })).toBeNull(); // unpadded
    expect(decodeBase64('c2Vj cmV0', { strict: true })).toBeNull();
    expect(new TextDecoder().decode(decodeBase64('c2VjcmV0IQ==', { strict: true })!)).toBe('secret!');
  });

  it('encodes without padding in base64url and with it in base64, and round-trips every byte', () => {
    expect(encodeBase64url(bytes(0xfb, 0xff))).toBe('-_8');
    expect(encodeBase64(bytes(0xfb, 0xff))).toBe('+/8=');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect([...decodeBase64url(encodeBase64url(all))!]).toEqual([...all]);
  });
});
