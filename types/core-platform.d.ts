/**
 * The web-platform globals the core may use: the ones Node (20 and later) and every browser the panel runs in
 * provide alike (WHATWG Encoding, URL and HTML's base64 utilities). Only `tsconfig.core.json` reads this file,
 * in place of the DOM library and Node's types, so `document`, `window`, `fetch`, `Buffer` or `process` in
 * src/core fail the core type check. Add a global here only when both runtimes have it.
 */
declare function atob(data: string): string;
declare function btoa(data: string): string;

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare class URL {
  constructor(url: string, base?: string);
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** WebCrypto (W3C Web Cryptography API), as Node 20's `globalThis.crypto` and every browser have it: only what the core calls. */
interface CoreCryptoKey {
  readonly type: string;
}
interface CoreSubtleCrypto {
  importKey(
    format: 'raw',
    keyData: Uint8Array<ArrayBuffer>,
    algorithm: string | object,
    extractable: boolean,
    keyUsages: string[],
  ): Promise<CoreCryptoKey>;
  deriveKey(
    algorithm: object,
    baseKey: CoreCryptoKey,
    derivedKeyType: object,
    extractable: boolean,
    keyUsages: string[],
  ): Promise<CoreCryptoKey>;
  decrypt(algorithm: object, key: CoreCryptoKey, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}
declare var crypto: { readonly subtle?: CoreSubtleCrypto } | undefined;
