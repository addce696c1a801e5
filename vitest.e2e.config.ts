import { defineConfig } from 'vitest/config';

/** Browser tests against the built extension (`npm run build` first). One browser at a time: CI has 2 cores. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A real browser on a loaded 2-core machine now and then misses a deadline that has nothing to
    // do with Trailmark. One retry keeps that from blocking a landing; the reporter marks a retried
    // test, so a flake still shows in the log instead of hiding.
    retry: 1,
    environment: 'node',
  },
});
