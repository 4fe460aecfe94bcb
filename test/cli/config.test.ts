// The config file's JSON Schema (shipped for editors) and parseConfig (what the CLI and the API enforce) agree.
import fs from 'node:fs';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/cli/config.js';
import { FINDING_TITLES } from '../../src/core/model/findings.js';

const schema = JSON.parse(fs.readFileSync('schema/bearerscope.config.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

const valid: unknown[] = [
  {},
  {
    $schema: './node_modules/bearerscope/schema/bearerscope.config.schema.json',
    failOn: 'warning',
    baseline: 'bearerscope-baseline.json',
  },
  { failOn: 'never', accept: [] },
  { accept: [{ code: 'cookie-leak', reason: 'The SharePoint add-in model keeps it there' }] },
  { accept: [{ host: 'login.example.com', token: '3a5bdc3de99fb3b3', reason: 'a test tenant' }] },
  { accept: [{ token: '3A5BDC3DE99FB3B3', code: 'expired', host: 'h', reason: 'replayed capture' }] },
];
const invalid: unknown[] = [
  [],
  'failOn: error',
  { failOn: 'info' },
  { failon: 'error' },
  { baseline: '' },
  { baseline: 3 },
  { accept: {} },
  { accept: [{ code: 'cookie-leak' }] },
  { accept: [{ code: 'cookie-leak', reason: '' }] },
  { accept: [{ code: 'cookie-leak', reason: '   ' }] },
  { accept: [{ reason: 'no selector' }] },
  { accept: [{ code: 'cookie-leaks', reason: 'a typo' }] },
  { accept: [{ token: '3a5bdc3de99fb3b', reason: '15 digits' }] },
  { accept: [{ token: 'eyJhbGciOiJub25lIn0.e30.', reason: 'a raw token, not an id' }] },
  { accept: [{ host: '', reason: 'empty' }] },
  { accept: [{ code: 'cookie-leak', reason: 'ok', why: 'extra' }] },
  { accept: ['cookie-leak'] },
];

describe('bearerscope.config.json', () => {
  it('the schema is a strict draft-07 schema whose codes are the finding catalogue', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect([...schema.properties.accept.items.properties.code.enum].sort()).toEqual(Object.keys(FINDING_TITLES).sort());
  });

  it.each(valid.map((v) => [JSON.stringify(v), v]))('accepts %s, as the schema does', (_name, config) => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parseConfig(config)).not.toThrow();
  });

  it.each(invalid.map((v) => [JSON.stringify(v), v]))('refuses %s, as the schema does', (_name, config) => {
    expect(validate(config)).toBe(false);
    expect(() => parseConfig(config)).toThrow(ConfigError);
  });

  it('names the file and the rule in one line', () => {
    expect(() =>
      parseConfig({ accept: [{ code: 'url-leak', reason: 'x' }, { host: 'a.example' }] }, 'ci/bearerscope.config.json'),
    ).toThrow(new ConfigError('ci/bearerscope.config.json: accept[1] needs a "reason": why the finding is acceptable'));
  });
});
