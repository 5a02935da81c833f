import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer order is domain → apps; lint enforces what the architecture says.
const domainBannedGlobals = [
  ['fetch', 'the domain does no I/O: the caller fetches'],
  ['indexedDB', 'the domain does no I/O: storage lives in the apps'],
  ['setTimeout', 'the domain has no timers: pass `now` in'],
  ['setInterval', 'the domain has no timers: pass `now` in'],
  ['crypto', 'the domain draws no randomness: ids are passed in'],
  ['localStorage', 'the domain does no I/O'],
  ['process', 'the domain reads no environment'],
].map(([name, message]) => ({ name, message }));

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/data/**', '**/.data/**', 'test-results/**', 'playwright-report/**', '**/dev-dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'export by name: a package face lists what it offers' },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': ['error', ...domainBannedGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'the domain never reads the clock: pass `now` in' },
        { object: 'Math', property: 'random', message: 'the domain draws no randomness' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'export by name' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'the domain never reads the clock: pass `now` in' },
      ],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', '@aisle/*'], message: 'the domain depends on nothing but zod' }] }],
    },
  },
  {
    files: ['apps/sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aisle/pwa', '**/apps/pwa/**', '**/packages/domain/**'], message: 'import @aisle/domain by name; the server never imports the PWA' }] },
      ],
    },
  },
  {
    files: ['apps/pwa/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aisle/sync-server', '**/apps/sync-server/**', '**/packages/domain/**', 'node:*'], message: 'import @aisle/domain by name; the PWA never imports the server' }] },
      ],
    },
  },
  {
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aisle/sync-server', '@aisle/pwa', '**/apps/**'], message: 'e2e talks to the apps over HTTP and the browser only' }] },
      ],
    },
  },
);
