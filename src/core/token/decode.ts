/**
 * Turns a raw token string into its parts. Does NOT validate the signature (see `signature.ts`) and
 * does not judge anything: a token that cannot be read comes back with `error` set, never as a throw.
 */
import { jwtDecode } from 'jwt-decode';
import { decodeBase64url } from '../util/base64url.js';
import { isPlainObject } from '../util/json.js';
import { MAX_JSON_DEPTH } from '../util/limits.js';
import { looksLikeJwt } from './jwt-text.js';
import type { Claims, Decoded } from '../model/token.js';

const TOO_DEEP = `[nested more than ${MAX_JSON_DEPTH} levels deep: not shown]`;

/** A copy of `value` no deeper than MAX_JSON_DEPTH, beyond which a marker stands; keys are copied as data ("__proto__" stays a key). */
function limitDepth(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => limitDepth(v, depth + 1));
  const out: Claims = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, k, {
      value: limitDepth(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A part's JSON text read the way jwt-decode reads it (base64url, then UTF-8), in native code: jwt-decode's
 * decoder percent-encodes every character and calls a function per character, which a scan of thousands of
 * tokens notices. Null when the part does not read cleanly; jwtDecode then says why (its message is kept).
 */
function partText(raw: string, header: boolean): string | null {
  const encoded = raw.split('.')[header ? 0 : 1];
  const bytes = encoded === undefined ? null : decodeBase64url(encoded);
  if (!bytes) return null;
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function part(raw: string, header: boolean): Claims {
  const text = partText(raw, header);
  let value: unknown;
  if (text !== null) {
    try {
      value = JSON.parse(text);
    } catch {
      value = jwtDecode(raw, { header });
    }
  } else value = jwtDecode(raw, { header });
  if (!isPlainObject(value)) throw new Error(`${header ? 'header' : 'payload'} is JSON but not an object`);
  return limitDepth(value, 0) as Claims;
}

function message(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Invalid token specified: /, '');
}

export function decode(raw: string): Decoded {
  if (!looksLikeJwt(raw)) return { format: 'opaque', header: null, claims: null, error: null };
  const parts = raw.split('.');
  if (parts.length === 5) {
    try {
      return { format: 'jwe', header: part(raw, true), claims: null, error: null };
    } catch (err) {
      return { format: 'jwe', header: null, claims: null, error: `encrypted token's header: ${message(err)}` };
    }
  }
  let header: Claims | null = null;
  try {
    header = part(raw, true);
    return { format: 'jwt', header, claims: part(raw, false), error: null };
  } catch (err) {
    return { format: 'jwt', header, claims: null, error: message(err) };
  }
}
