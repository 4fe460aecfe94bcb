// The core's folders are its pipeline: each imports only the folders listed for it (scripts/core-layers.mjs). A
// folder that reaches forward, or files that import each other round a loop, fail here with the imports named.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../scripts/core-layers.mjs';

type Graph = Map<string, string[]>;
const core = path.join('src', 'core');
const folderOf = (file: string) => path.relative(core, file).split(path.sep)[0] ?? '';

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) =>
      d.isDirectory() ? files(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
    );
}

function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s+['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? '')
    .filter((s) => s.startsWith('.'))
    .map((s) => path.normalize(path.join(path.dirname(file), s)).replace(/\.js$/, '.ts'));
}

function forwardImports(graph: Graph): string[] {
  return [...graph].flatMap(([f, targets]) =>
    targets
      .filter((t) => folderOf(t) !== folderOf(f) && !(LAYERS[folderOf(f)] ?? []).includes(folderOf(t)))
      .map((t) => `${f} -> ${t}`),
  );
}

function cycles(graph: Graph): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      found.push([...trail.slice(trail.indexOf(f)), f].join(' -> '));
      return;
    }
    state.set(f, 'open');
    for (const t of graph.get(f) ?? []) visit(t, [...trail, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  return found;
}

const p = (...parts: string[]) => path.join(core, ...parts);

describe('src/core layers', () => {
  const all = files(core);
  const graph: Graph = new Map(
    all.map((f) => [f, importsOf(f, fs.readFileSync(f, 'utf8')).filter((t) => t.startsWith(core))]),
  );

  it('has only the pipeline folders, and no file loose at the top', () => {
    expect([...new Set(all.map(folderOf))].sort()).toEqual(Object.keys(LAYERS).sort());
    expect(all.filter((f) => path.dirname(f) === core)).toEqual([]);
  });

  it('imports only from the folders listed for each one', () => {
    expect(forwardImports(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('names a forward import and a cycle when there is one', () => {
    const bad: Graph = new Map([
      [p('token', 'decode.ts'), [p('find', 'locate.ts')]],
      [p('find', 'locate.ts'), [p('find', 'storage.ts'), p('token', 'decode.ts')]],
      [p('find', 'storage.ts'), [p('find', 'locate.ts')]],
    ]);
    expect(forwardImports(bad)).toEqual([`${p('token', 'decode.ts')} -> ${p('find', 'locate.ts')}`]);
    expect(cycles(bad).sort()).toEqual([
      [p('find', 'locate.ts'), p('find', 'storage.ts'), p('find', 'locate.ts')].join(' -> '),
      [p('token', 'decode.ts'), p('find', 'locate.ts'), p('token', 'decode.ts')].join(' -> '),
    ]);
  });

  it('reads import and export-from lines, type-only ones included', () => {
    const text =
      "import { a } from './x.js';\nimport type { B } from '../model/y.js';\nexport { c } from './z.js';\nimport x from 'jose';";
    expect(importsOf(p('find', 'f.ts'), text)).toEqual([p('find', 'x.ts'), p('model', 'y.ts'), p('find', 'z.ts')]);
  });
});
