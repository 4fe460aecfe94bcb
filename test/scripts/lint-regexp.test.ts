import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/** The lint block that keeps src's regexes linear (SECURITY.md: Linear time), alone: typed linting of the whole project would take half a minute. */
const config = (
  (await import(new URL('../../eslint.config.mjs', import.meta.url).href)) as { default: Linter.Config[] }
).default;
const block = config.find((c) => c.plugins && 'regexp' in c.plugins);

async function lint(code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [{ ...block, languageOptions: { parser: tseslint.parser as Linter.Parser } }],
  });
  const [result] = await eslint.lintText(code, { filePath: 'src/core/util/probe.ts' });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('npm run lint on src: regexes', () => {
  it('fails a regex that backtracks or restarts super-linearly', async () => {
    // Nested quantifiers; adjacent ones sharing characters (the shape MSA_ACCESS had); a run that restarts at each `{`.
    expect(await lint('export const f = (s: string) => /^(a+)+$/.test(s);\n')).toEqual([
      'regexp/no-super-linear-backtracking',
    ]);
    expect(await lint('export const f = (s: string) => /^Ew[A-Z]{100,}[A-Z!]*$/.test(s);\n')).toEqual([
      'regexp/no-super-linear-backtracking',
    ]);
    expect(await lint('export const f = (s: string) => /\\{\\{[^}]*\\}\\}/.test(s);\n')).toEqual([
      'regexp/no-super-linear-move',
    ]);
  });

  it('passes the linear forms of the same', async () => {
    expect(
      await lint(
        'export const f = (s: string) => [/^a+$/.test(s), /^Ew[A-Z]{100}[A-Z!]*$/.test(s), /\\}\\}(?<=\\{\\{[^}]*\\}\\})/.test(s)];\n',
      ),
    ).toEqual([]);
  });
});
