import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingOptionals } from '../../scripts/check-lock.mjs';

const committed = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));

describe('scripts/check-lock.mjs', () => {
  it('finds every platform package the committed lock wants', () => {
    expect(missingOptionals(committed)).toEqual([]);
  });

  it('names what a lock written for one platform lacks', () => {
    const lock = structuredClone(committed);
    delete lock.packages['node_modules/@rollup/rollup-win32-x64-msvc'];
    delete lock.packages['node_modules/@esbuild/darwin-arm64'];
    expect(missingOptionals(lock)).toEqual([
      '@esbuild/darwin-arm64 (wanted by node_modules/esbuild)',
      '@rollup/rollup-win32-x64-msvc (wanted by node_modules/rollup)',
    ]);
  });

  it('accepts an optional package hoisted above the one that wants it', () => {
    const lock = {
      packages: {
        '': {},
        'node_modules/a/node_modules/b': { optionalDependencies: { c: '1' } },
        'node_modules/c': {},
      },
    };
    expect(missingOptionals(lock)).toEqual([]);
    delete (lock.packages as Record<string, unknown>)['node_modules/c'];
    expect(missingOptionals(lock)).toEqual(['c (wanted by node_modules/a/node_modules/b)']);
  });
});
