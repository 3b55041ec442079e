import { defineConfig } from 'vitest/config';

// One server and one browser per test file; files run one after another (two cores, one real server each).
export default defineConfig({
  test: {
    include: ['tests/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
