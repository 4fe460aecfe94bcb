// The TypeScript lint run by `npm test`: a small rule set that catches what the type check does not.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';
import { LAYERS } from './scripts/core-layers.mjs';

const PURE = {
  group: ['webextension-polyfill', 'preact', 'preact/*', '@preact/*', 'node:*'],
  message: 'src/core is pure: no browser, UI or Node modules.',
};
const ABOVE = { group: ['**/panel/*', '**/devtools/*', '**/cli/*'], message: 'src/core depends on nothing above it.' };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tmp/**',
      'demo/**',
      'bench/**',
      'scripts/**',
      'test/e2e/**',
      'test/fixtures/**',
      '*.mjs',
    ],
  },
  {
    files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error: await it, or say `void` where dropping it is meant.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Every string we match comes from a page or a file, so a regex that can backtrack super-linearly is a way to
    // freeze the panel or the CLI (SECURITY.md: Linear time). Tests keep their own patterns out of it.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { ignorePartial: false }],
    },
  },
  {
    // The core takes hostile input: a `!` there turns a wrong assumption into a crash instead of a message.
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      // Pure: no browser API, no UI, no Node built-ins (it ships in the panel and runs in the CLI alike).
      'no-restricted-imports': ['error', { patterns: [PURE, ABOVE] }],
    },
  },
  // Each folder of the core imports only the folders before it in the pipeline (scripts/core-layers.mjs).
  ...Object.entries(LAYERS).map(([folder, allowed]) => {
    const later = Object.keys(LAYERS).filter((f) => f !== folder && !allowed.includes(f));
    return {
      files: [`src/core/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              PURE,
              ABOVE,
              ...(later.length
                ? [
                    {
                      group: later.map((f) => `../${f}/*`),
                      message: `src/core/${folder} imports only ${allowed.join(', ') || 'nothing in src/core'} (scripts/core-layers.mjs).`,
                    },
                  ]
                : []),
            ],
          },
        ],
      },
    };
  }),
  {
    // The UI renders what the core computed and never sees the transport (its entry is the shell's: src/devtools/panel-main.tsx).
    files: ['src/panel/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['webextension-polyfill', '../devtools/*', '../../devtools/*'],
              message: 'src/panel does not reach the browser glue: it gets a TokenSource.',
            },
          ],
        },
      ],
    },
  },
);
