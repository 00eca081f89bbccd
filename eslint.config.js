import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (patterns, paths = []) => ['error', { patterns, paths }];

const classicZod = {
  name: 'zod',
  message: 'Use zod/mini: classic zod must not reach the browser.',
};
const webPatterns = [
  { group: ['**/server/*'], message: 'web must not import server code.' },
  {
    group: ['better-sqlite3', 'kysely', 'hono', 'hono/*', 'node:*'],
    message: 'web runs in the browser.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      '.data',
      'bench-results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
    },
  },
  {
    files: ['*.config.{js,ts}'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@tanstack/query': pluginQuery },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...pluginQuery.configs.recommended.rules,
      'no-restricted-imports': restrict(webPatterns, [
        classicZod,
        {
          name: 'sonner',
          message: 'Toast through lib/toast, which loads sonner with the first toast.',
        },
      ]),
    },
  },
  {
    files: ['src/web/lib/toast.ts', 'src/web/app/provider.tsx'],
    rules: { 'no-restricted-imports': restrict(webPatterns, [classicZod]) },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/web/*'], message: 'server must not import web code.' },
        { group: ['react', 'react-dom', 'react/*'], message: 'server has no React.' },
      ]),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [
          {
            group: ['**/server/*', '**/web/*'],
            message: 'shared is the contract; it imports nothing of ours.',
          },
          {
            group: ['react', 'react-dom', 'hono', 'hono/*', 'better-sqlite3', 'kysely', 'node:*'],
            message: 'shared runs anywhere.',
          },
        ],
        [classicZod],
      ),
    },
  },
);
