import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['{utils,cli,components,entrypoints,test}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    setupFiles: ['test/setup.ts'],
    environment: 'node',
    // Property tests run thousands of cases; on a busy 2-core CI machine they need more than 5 s.
    testTimeout: 30_000,
    // Vitest's default on a machine with N cores is N - 1 workers: on a 2-core CI machine, one, so every file ran
    // in turn while the CLI tests mostly wait on child processes. Two workers ran the suite in 87 s instead of 142 s.
    maxWorkers: 2,
  },
});
