#!/usr/bin/env node
// Fails when package-lock.json lacks a platform's optional package (rollup's and esbuild's native builds). A lock
// written where the registry served only this platform's build passes `npm ci` here and fails it everywhere else,
// so `npm ci` on this machine cannot catch it; reading the lock can.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function missingOptionals(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [path, meta] of Object.entries(packages)) {
    for (const name of Object.keys(meta.optionalDependencies ?? {})) {
      if (!resolves(packages, path, name)) missing.push(`${name} (wanted by ${path || 'the root'})`);
    }
  }
  return missing;
}

// Node's lookup: node_modules beside the package, then in each folder above it.
function resolves(packages, from, name) {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'package-lock.json';
  const missing = missingOptionals(JSON.parse(readFileSync(file, 'utf8')));
  if (missing.length) {
    console.error(`${file} lacks ${missing.length} optional package(s) of other platforms, so \`npm ci\` fails there:`);
    for (const m of missing) console.error(`  ${m}`);
    console.error(
      'Refresh it with `npm install` on a machine whose registry serves every platform (README: The lock).',
    );
    process.exit(1);
  }
  console.log(`${file}: every platform's optional packages are locked`);
}
