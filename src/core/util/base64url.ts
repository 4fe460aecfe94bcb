/**
 * base64url and base64 (RFC 4648 §5 and §4): the one codec for token parts, keys, certificates and storage blobs.
 * Decoding goes through atob, native code (a scan decodes thousands of token parts): padding may be left off and
 * ASCII whitespace is skipped, as atob's forgiving-base64 does. Text that is not base64 gives null, never a throw.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function bytesOf(bin: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function atobOrNull(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return bytesOf(atob(text));
  } catch {
    return null;
  }
}

/**
 * The bytes of base64url text, or null. The standard alphabet's `+` and `/` are taken too: apps and libraries
 * (jwt-decode, msal-browser) mix the two, and a decoder that refused them would call a readable token broken.
 */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  return atobOrNull(text.replace(/-/g, '+').replace(/_/g, '/'));
}

/**
 * The bytes of standard base64 text, or null. `strict` takes only the canonical form (padded, no whitespace): a
 * guess such as "is this pasted secret base64?" must not read every string of letters as bytes.
 */
export function decodeBase64(text: string, options: { strict?: boolean } = {}): Uint8Array<ArrayBuffer> | null {
  if (options.strict && (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)) return null;
  return atobOrNull(text);
}

function utf8(bytes: Uint8Array | null): string | null {
  if (!bytes) return null;
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

/** base64url text decoded to UTF-8 text, or null when it is not base64url or the bytes are not UTF-8. */
export const base64urlText = (text: string): string | null => utf8(decodeBase64url(text));

/** Standard base64 decoded to UTF-8 text, or null when it is not base64 or the bytes are not UTF-8. */
export const base64Text = (text: string): string | null => utf8(decodeBase64(text));

function binaryOf(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return bin;
}

/** Standard base64 with padding (a CSP hash-source, a PEM body). */
export const encodeBase64 = (bytes: Uint8Array): string => btoa(binaryOf(bytes));

/** base64url without padding, as JOSE writes thumbprints and hashes (RFC 7515 §2). */
export const encodeBase64url = (bytes: Uint8Array): string =>
  encodeBase64(bytes)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/={1,2}$/, '');
