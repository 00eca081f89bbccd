import { defineConfig } from 'vitest/config';

// The connector against the real LangGraph JS dev server, which takes a while to start: its own suite,
// `npm run test:langgraph`, run by .ci/run.
// eslint-disable-next-line no-restricted-exports -- vitest reads its config from the default export
export default defineConfig({
  test: {
    name: 'langgraph',
    environment: 'node',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/langgraph/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
