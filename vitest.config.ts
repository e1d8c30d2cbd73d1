import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 20_000,
    // One PostgreSQL server for the run (unless STORE=sqlite); see test/support/.
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
