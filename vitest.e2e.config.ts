import { defineConfig } from 'vitest/config';

/** Browser tests against the built extension (`npm run build` first). One browser at a time: CI has 2 cores. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    environment: 'node',
  },
});
