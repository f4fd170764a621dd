// ESLint flat config. Besides typescript-eslint and eslint-plugin-vue it enforces the layers of
// ARCHITECTURE.md: src-shared stays pure (no electron, no node:*, no DOM), the renderer never
// reaches into src-main, src-main never imports the renderer, and inside src-shared and src-main
// each folder imports only the folders below it (layerRules; src-main/layers/ proves each rule
// with a fixture that breaks it and checks that no folders import each other in a cycle).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'crypto',
  'url',
  'util',
  'stream',
  'zlib',
  'events',
];

/**
 * Folders a folder must not import, each with the reason shown in the lint error. Imports are
 * relative, so "../../experiment/config" from src-shared/engine matches the folder "experiment".
 * Tests may reach across layers to build their fixtures; the layer rules skip them.
 */
export const layerRules = [
  {
    folder: 'src-shared/base',
    forbidden: ['contract', 'report', 'diagnostics', 'experiment', 'datasets', 'engine', 'import'],
    message: 'src-shared/base imports nothing of ours: it is the bottom layer.',
  },
  {
    folder: 'src-shared/engine',
    forbidden: ['contract', 'report', 'diagnostics', 'experiment', 'datasets'],
    message:
      'The engine knows no run config, contract, doctor, report or dataset format: give it plain options (engine/options.ts) and put shared pieces in src-shared/base.',
  },
  {
    folder: 'src-shared/datasets',
    forbidden: ['contract', 'report', 'diagnostics', 'experiment', 'engine'],
    message: 'datasets turns bytes into arrays: it imports only src-shared/base.',
  },
  {
    folder: 'src-shared/import',
    forbidden: ['contract', 'report', 'diagnostics', 'experiment', 'datasets', 'engine'],
    message:
      "import decodes other tools' files (bytes and text in, ImportedRun out): it imports only src-shared/base.",
  },
  {
    folder: 'src-shared/experiment',
    forbidden: ['contract', 'report', 'diagnostics'],
    message: 'experiment sits below diagnostics, report and contract.',
  },
  {
    folder: 'src-shared/diagnostics',
    forbidden: ['contract', 'report'],
    message: 'diagnostics sits below report and contract.',
  },
  {
    folder: 'src-shared/report',
    forbidden: ['contract'],
    message:
      'report sits below the contract: take the types it needs from the layer that defines them.',
  },
  {
    folder: 'src-main/trainer',
    forbidden: ['core', 'electron', 'server', 'cli', 'worker', 'bench', 'soak'],
    message:
      'The trainer is another process: it uses src-shared, src-main/datasets and its fast path, never the core or a host.',
  },
  {
    folder: 'src-main/datasets',
    forbidden: ['core', 'trainer', 'electron', 'server', 'cli', 'worker', 'bench', 'soak'],
    message:
      'src-main/datasets is file access shared by the core and the trainer: it imports neither.',
  },
  {
    folder: 'src-main/import',
    forbidden: ['core', 'trainer', 'electron', 'server', 'cli', 'worker', 'bench', 'soak', 'owner'],
    message:
      "src-main/import reads other tools' files into ImportedRun: the CLI writes them through the logging API, not the reader.",
  },
  {
    folder: 'src-main/core',
    forbidden: ['trainer', 'electron', 'server', 'cli', 'worker', 'bench', 'soak', 'owner'],
    message:
      'The core is host-independent: it imports no host, no tool and no trainer code (trainers are started by path).',
  },
  {
    folder: 'src-main/bench',
    forbidden: ['electron', 'server', 'cli', 'worker', 'soak'],
    message: 'bench is a tool over the core and the trainer; the CLI calls it, not the reverse.',
  },
  {
    folder: 'src-main/electron',
    forbidden: ['server', 'cli', 'worker'],
    message: 'Electron main sits on the core, never on another host.',
  },
  {
    // One owner per store: the lease, the owner file and the session every host opens a store
    // through. It sits on the core and publishes the core through the server.
    folder: 'src-main/owner',
    forbidden: ['electron', 'cli', 'worker', 'trainer', 'bench', 'soak'],
    message: 'The owner sits on the core and the server; the hosts sit on it, never the reverse.',
  },
  {
    folder: 'src-main/server',
    forbidden: ['electron', 'cli', 'worker', 'owner'],
    message: 'The server sits on the core, never on another host.',
  },
  {
    folder: 'src-main/worker',
    forbidden: ['electron', 'server', 'cli'],
    message: 'The worker sits on the core, never on another host.',
  },
  {
    // The CLI is the `backprop` command: it dispatches to `serve` and `worker`, so those two are
    // its subcommands' hosts; it never loads Electron main.
    folder: 'src-main/cli',
    forbidden: ['electron'],
    message: 'The CLI runs under plain Node: it never imports Electron main.',
  },
];

/** One config block per layer rule. The rule id differs from the purity rules'
 * no-restricted-imports, so a file gets both (flat config would let one replace the other). */
function layerBlock({ folder, forbidden, message }) {
  return {
    files: [`${folder}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/*.testing.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`, message }] },
      ],
    },
  };
}

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'fetch', 'HTMLElement'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'build/**',
      'test-results/**',
      'playwright-report/**',
      'src-main/trainer/kernels/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'better-sqlite3', ...nodeBuiltins.filter((n) => !n.includes('*'))],
          patterns: [
            { group: ['node:*'], message: 'src-shared is pure: inject file access from the host.' },
            { group: ['electron', 'electron/*'], message: 'src-shared must not import electron.' },
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared imports only src-shared.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...domGlobals.map((name) => ({ name, message: 'src-shared must not touch the DOM.' })),
        { name: 'process', message: 'src-shared must not touch the host process.' },
        { name: 'Buffer', message: 'src-shared uses Uint8Array, not Buffer.' },
        { name: 'require', message: 'src-shared uses ES imports only.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.vue'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...nodeBuiltins.filter((n) => !n.includes('*'))],
          patterns: [
            {
              group: ['**/src-main/**', '@main/**'],
              message: 'The renderer talks to the core through the contract client only.',
            },
            { group: ['node:*'], message: 'The renderer runs in a sandboxed page.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-renderer/**'], message: 'src-main must not import the renderer.' },
          ],
        },
      ],
    },
  },
  ...layerRules.map(layerBlock),
  {
    // Test scaffolding has one name: <what>.testing.ts beside what it helps test. Tests and other
    // scaffolding use it; the product never does.
    files: [
      'src-shared/**/*.ts',
      'src-main/**/*.ts',
      'src-renderer/**/*.ts',
      'src-renderer/**/*.vue',
    ],
    // The test suites that run as programs (soak, bad-input) and the bench's data generator use it.
    ignores: [
      '**/*.test.ts',
      '**/*.testing.ts',
      'src-main/soak/**',
      'src-main/bad-input/**',
      'src-main/bench/store-data.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/\\.testing$/]',
          message: 'Test scaffolding (*.testing.ts) is for tests only.',
        },
        {
          selector:
            'ExportAllDeclaration[source.value=/\\.testing$/], ExportNamedDeclaration[source.value=/\\.testing$/]',
          message: 'Test scaffolding (*.testing.ts) is for tests only.',
        },
      ],
    },
  },
);
