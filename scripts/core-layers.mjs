// The folders of src/core in pipeline order and what each may import: read by eslint.config.mjs (an import that
// reaches forward is a lint error where it is written) and by test/core/layers.test.ts (which also finds cycles).
// The README's Architecture section draws the same table.

/** @type {Readonly<Record<string, readonly string[]>>} */
export const LAYERS = {
  model: [],
  util: [],
  har: ['model', 'util'],
  token: ['model', 'util'],
  find: ['har', 'token', 'model', 'util'],
  crypto: ['har', 'token', 'model', 'util'],
  checks: ['har', 'token', 'find', 'crypto', 'model', 'util'],
  analysis: ['har', 'token', 'find', 'crypto', 'checks', 'model', 'util'],
  output: ['token', 'model', 'util'],
};
