/**
 * The bounds on work done for hostile input, in one place so that the fields that must agree do: a field is cut
 * where a token would be refused, so nothing a scan keeps is too long to be read as a token.
 */

/** Longest string taken as one token: room for a JWT carrying a 1 MB claim. */
export const MAX_TOKEN_CHARS = 2_000_000;

/** Longest string read from one HAR field or storage value, and parsed from a HAR file: a whole token fits, no more is searched. */
export const MAX_FIELD_CHARS = MAX_TOKEN_CHARS;

/** Deepest JSON walked or shown: JSON.stringify, rendering and tree walks recurse, and a page could nest 10,000 levels. */
export const MAX_JSON_DEPTH = 32;

/** Most keys read from one storage area: a page may hold 100,000. */
export const MAX_STORAGE_ITEMS = 10_000;

/** Most JWTs taken from one piece of free text (a header value, a body): a body of 10,000 JWTs is an attack, not an app. */
export const MAX_TOKENS_IN_TEXT = 50;
