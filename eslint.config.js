import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
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

// The server's layers, lowest first: each folder may import only itself and the folders it lists.
// Files at the server's root (app, start, env, bootstrap) compose them; demo, ops (the operator's
// commands) and testing sit above all.
const serverLayers = {
  lib: [],
  db: ['lib'],
  events: ['db', 'lib'],
  connectors: ['lib'],
  domain: ['connectors', 'events', 'db', 'lib'],
  workers: ['domain', 'connectors', 'events', 'db', 'lib'],
  metrics: ['domain', 'lib'],
  http: ['domain', 'connectors', 'events', 'lib'],
  auth: ['http', 'domain', 'events', 'lib'],
  static: ['http', 'lib'],
  routes: ['http', 'auth', 'domain', 'events', 'metrics', 'lib'],
  mcp: ['http', 'auth', 'domain', 'lib'],
};
const serverZones = Object.entries(serverLayers).map(([folder, below]) => ({
  target: `./src/server/${folder}`,
  from: './src/server',
  except: [folder, ...below].map((name) => `./${name}`),
  message: `server/${folder} may import only ${[folder, ...below].join(', ')} (lower layers never import higher ones).`,
}));

// Inside connectors/: each platform folder uses the shared kit and the interface (connector.ts), never
// another platform; the kit serves every platform and knows none; the rest of the server sees connectors
// only through the interface, the registry and the runtime. A new platform folder is covered by itself.
const connectorsDir = './src/server/connectors';
const platformFolders = readdirSync(new URL(connectorsDir, import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory() && entry.name !== 'kit')
  .map((entry) => entry.name);
const connectorZones = [
  {
    target: Object.keys(serverLayers)
      .filter((folder) => folder !== 'connectors')
      .map((folder) => `./src/server/${folder}`)
      .concat('./src/server/*.ts'),
    from: connectorsDir,
    except: ['./connector.ts', './registry.ts', './runtime.ts'],
    message:
      'Outside connectors/, use only connectors/connector.ts (the interface), registry.ts and runtime.ts.',
  },
  {
    target: `${connectorsDir}/kit`,
    from: connectorsDir,
    except: ['./kit', './connector.ts'],
    message: 'connectors/kit serves every platform: it imports only itself and connector.ts.',
  },
  ...platformFolders.map((platform) => ({
    target: `${connectorsDir}/${platform}`,
    from: connectorsDir,
    except: [`./${platform}`, './kit', './connector.ts'],
    message: `connectors/${platform} may import only itself, connectors/kit and connectors/connector.ts.`,
  })),
];

const kebabCase = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const localRules = {
  rules: {
    'kebab-case-filename': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const name = context.filename
          .split(/[\\/]/)
          .pop()
          .replace(/\.[^.]+$/, '');
        return {
          Program(node) {
            if (!kebabCase.test(name)) {
              context.report({ node, message: `Name files in kebab-case: ${name}` });
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'client/dist',
      'node_modules',
      'test-results',
      'playwright-report',
      '.data',
      '**/.langgraph_api',
      'bench-results',
      // Deliberately broken code for test/lint/layers.test.ts.
      'test/lint/fixtures',
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
    files: ['*.config.{js,ts}', 'client/*.config.ts'],
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
    files: ['src/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX, local: localRules },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'local/kebab-case-filename': 'error',
    },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...serverZones, ...connectorZones] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment in env.ts only.' },
      ],
    },
  },
  {
    files: ['src/server/env.ts'],
    rules: { 'no-restricted-properties': 'off' },
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
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@modelcontextprotocol/*'],
              allowTypeImports: true,
              message: 'shared takes only types from the MCP SDK: the client must not need it.',
            },
          ],
        },
      ],
    },
  },
);
