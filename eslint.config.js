// ESLint flat config. Besides typescript-eslint and eslint-plugin-vue it enforces the layers of
// ARCHITECTURE.md: src-shared stays pure (no electron, no node:*, no DOM), the renderer never
// reaches into src-main, and src-main never imports the renderer.
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
);
