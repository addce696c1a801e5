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
  },
});
