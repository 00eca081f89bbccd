import { defineConfig } from 'vitest/config';

// Apart from `npm test`: it takes a minute or two and needs both cores to itself. Run it with
// `npx vitest run --config test/crash/vitest.config.ts`.
// eslint-disable-next-line no-restricted-exports -- vitest reads its config from the default export
export default defineConfig({
  test: {
    name: 'crash',
    environment: 'node',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/crash/**/*.test.ts'],
    testTimeout: 240_000,
  },
});
