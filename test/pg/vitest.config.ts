import { defineConfig } from 'vitest/config';

const defaultTestDatabaseUrl = 'postgres://countersign:countersign@127.0.0.1:5432/countersign_test';

// The server suite, the API and security tests, and test/pg, on PostgreSQL: `npm run test:pg`.
// Each test app gets its own database, created from a migrated template (src/server/testing/test-database.ts).
process.env.COUNTERSIGN_TEST_DATABASE_URL ||= defaultTestDatabaseUrl;

// eslint-disable-next-line no-restricted-exports -- vitest reads its config from the default export
export default defineConfig({
  test: {
    name: 'pg',
    environment: 'node',
    root: new URL('../..', import.meta.url).pathname,
    include: [
      'src/server/**/*.test.ts',
      'test/api/**/*.test.ts',
      'test/security/**/*.test.ts',
      'test/pg/**/*.test.ts',
    ],
    globalSetup: ['test/pg/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
