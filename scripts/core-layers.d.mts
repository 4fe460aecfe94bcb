export declare const LAYERS: Readonly<Record<string, readonly string[]>>;
