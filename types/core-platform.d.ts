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
