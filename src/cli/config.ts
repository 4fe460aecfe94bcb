/**
 * `bearerscope.config.json`: a team's gate settings, kept in the repository. The CLI finds it by looking in the
 * working directory and then in each folder above it, up to the repository's root (the first folder holding `.git`),
 * so a scan started in a sub-folder of the checkout still reads it. The Node API takes the same object.
 *
 * Its JSON Schema (schema/bearerscope.config.schema.json, shipped in the package for editors) describes the same
 * shape; `parseConfig` is what enforces it, and test/cli/config.test.ts holds the two to agreement.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FINDING_TITLES, type FindingCode } from '../core/model/findings.js';
import type { AcceptRule, FailOn } from '../core/output/gate.js';

const CONFIG_FILE = 'bearerscope.config.json';

export interface BearerscopeConfig {
  /** The schema, for editors: ignored here. */
  $schema?: string;
  /** The lowest severity that fails a run (default: error); `--fail-on` overrides it. */
  failOn?: FailOn;
  /** A baseline file, relative to the config file; `--baseline` overrides it. */
  baseline?: string;
  /** Findings accepted for a reason: still reported, never failing the run. */
  accept?: AcceptRule[];
}

/** A config that cannot be used: its message is one line naming the file and what is wrong. */
export class ConfigError extends Error {}

const KEYS = new Set(['$schema', 'failOn', 'baseline', 'accept']);
const RULE_KEYS = new Set(['code', 'host', 'token', 'reason']);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';

/** Checks a config object (from the file or the API's caller); `source` names it in errors. */
export function parseConfig(value: unknown, source = CONFIG_FILE): BearerscopeConfig {
  const fail = (what: string): never => {
    throw new ConfigError(`${source}: ${what}`);
  };
  if (!isRecord(value)) return fail('must hold a JSON object');
  for (const key of Object.keys(value))
    if (!KEYS.has(key)) fail(`unknown setting "${key}" (known: ${[...KEYS].join(', ')})`);
  const config: BearerscopeConfig = {};
  if (value.failOn !== undefined) {
    if (value.failOn !== 'error' && value.failOn !== 'warning' && value.failOn !== 'never')
      fail(`failOn takes "error", "warning" or "never", not ${JSON.stringify(value.failOn)}`);
    config.failOn = value.failOn as FailOn;
  }
  if (value.baseline !== undefined)
    config.baseline = nonEmpty(value.baseline) ? value.baseline : fail('baseline must be a file name');
  if (value.accept !== undefined) {
    if (!Array.isArray(value.accept)) return fail('accept must be a list of rules');
    config.accept = value.accept.map((rule: unknown, i): AcceptRule => {
      const at = `accept[${i}]`;
      if (!isRecord(rule)) return fail(`${at} must be an object`);
      for (const key of Object.keys(rule))
        if (!RULE_KEYS.has(key)) fail(`${at} has an unknown field "${key}" (known: ${[...RULE_KEYS].join(', ')})`);
      if (!nonEmpty(rule.reason)) fail(`${at} needs a "reason": why the finding is acceptable`);
      if (rule.code === undefined && rule.host === undefined && rule.token === undefined)
        fail(`${at} must name a "code", a "host" or a "token"`);
      if (rule.code !== undefined && !(typeof rule.code === 'string' && Object.hasOwn(FINDING_TITLES, rule.code)))
        fail(`${at}: ${JSON.stringify(rule.code)} is not a finding code`);
      if (rule.host !== undefined && !nonEmpty(rule.host)) fail(`${at}: host must be a host name`);
      if (rule.token !== undefined && !(typeof rule.token === 'string' && /^[0-9a-f]{16}$/i.test(rule.token)))
        fail(`${at}: token must be a token id (16 hex digits, as the report names it)`);
      return {
        ...(rule.code !== undefined ? { code: rule.code as FindingCode } : {}),
        ...(rule.host !== undefined ? { host: rule.host as string } : {}),
        ...(rule.token !== undefined ? { token: rule.token as string } : {}),
        reason: rule.reason as string,
      };
    });
  }
  return config;
}

/** The config file that governs `dir`: there, or in the nearest folder above it up to the repository's root. */
export function findConfig(dir: string): string | null {
  for (let d = path.resolve(dir); ;) {
    const file = path.join(d, CONFIG_FILE);
    if (fs.existsSync(file)) return file;
    const up = path.dirname(d);
    if (up === d || fs.existsSync(path.join(d, '.git'))) return null;
    d = up;
  }
}

export interface LoadedConfig {
  file: string;
  config: BearerscopeConfig;
}

/** Reads and checks a config file. Throws a ConfigError. */
export function readConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not JSON: ${(err as Error).message}`);
  }
  return { file, config: parseConfig(value, file) };
}
