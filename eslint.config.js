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

/** Dexie's tables and whole-database table access (`db.tables`, `db.table()`, `db.transaction()`). */
const TABLE_ACCESS =
  '/^(posts|media|stories|conversations|messages|outbox|syncState|meta|tables|table|transaction)$/';
const DB_NAME = '/^(db|[a-z]\\w*Db)$/';
const TABLE_MESSAGE =
  'Only renderer/src/data/repos/ touches Dexie tables: add or use a repository function (features: a use-*.ts hook).';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'dist-test',
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
            {
              group: ['**/electron/**', '**/sandbox/**'],
              message:
                'renderer/ reaches the host only through bridge.ts and shared/: no electron/ or sandbox/ code.',
            },
            {
              group: ['**/test/**', '**/test'],
              message:
                'Product code never imports renderer/src/test/ (test doubles, the test build and its hook): dist/renderer must carry none of it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Repositories are the only code that touches Dexie tables: everything else calls a function of
    // renderer/src/data/repos/ (features through their use-*.ts hooks). A Dexie database is named `db` or `…Db`.
    files: ['renderer/src/**/*.{ts,tsx}'],
    // db.ts defines the schema and the strict/relaxed transaction helpers the repositories use.
    ignores: [
      'renderer/src/data/repos/**',
      'renderer/src/data/db.ts',
      'renderer/src/test/**',
      'renderer/**/*.test.{ts,tsx}',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[object.name=${DB_NAME}][property.name=${TABLE_ACCESS}]`,
          message: TABLE_MESSAGE,
        },
        {
          selector: `MemberExpression[object.property.name=${DB_NAME}][property.name=${TABLE_ACCESS}]`,
          message: TABLE_MESSAGE,
        },
      ],
    },
  },
  {
    files: ['renderer/src/test/**', 'renderer/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Host-independent services: Electron reaches them only through electron/main (tests use the Electron mock).
    files: ['electron/services/**/*.ts'],
    ignores: ['electron/services/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message:
                'electron/services/ is host-independent: take what it needs from electron/main as an argument.',
            },
          ],
        },
      ],
    },
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
