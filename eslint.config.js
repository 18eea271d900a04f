import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeOnly = [
  'electron',
  'electron/*',
  'node:*',
  ...[
    'fs',
    'path',
    'os',
    'child_process',
    'http',
    'https',
    'net',
    'crypto',
    'url',
    'stream',
    'worker_threads',
  ],
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'release',
      'test-results',
      'playwright-report',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: [
      'electron/**',
      'sandbox/**',
      'e2e/**',
      'bench/**',
      'scripts/**',
      '*.config.*',
      'vite.electron.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Playwright fixtures take `{}` when they depend on no other fixture.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer is a web page in a sandbox: no Electron, no Node. It talks to the host only through bridge.ts.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'renderer/ runs in a sandboxed page: no Electron or Node imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/src/test/**', 'renderer/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      // shared/ is plain TypeScript used by every side.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeOnly, 'react', 'react-dom', 'react/*', 'dexie', 'dexie-*'],
              message: 'shared/ is plain TypeScript: no Electron, Node, React or Dexie imports.',
            },
          ],
        },
      ],
    },
  },
);
