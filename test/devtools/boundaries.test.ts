// The UI never sees the transport: nothing under src/panel/ imports the browser shell or the polyfill, and only
// src/devtools/ imports webextension-polyfill.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? files(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
    );
const importsOf = (file: string) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1],
  );

it('src/panel imports nothing from src/devtools nor the polyfill', () => {
  const offending = files('src/panel').flatMap((f) =>
    importsOf(f)
      .filter((i) => /devtools\/|webextension-polyfill/.test(i!))
      .map((i) => `${f}: ${i}`),
  );
  expect(offending).toEqual([]);
});

it('only src/devtools imports webextension-polyfill', () => {
  const users = files('src').filter((f) => importsOf(f).includes('webextension-polyfill'));
  expect(users.every((f) => f.startsWith(path.join('src', 'devtools')))).toBe(true);
  expect(users.length).toBeGreaterThan(0);
});
