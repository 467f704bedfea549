import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['backend/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'frontend/**/*.test.ts'],
    environment: 'node',
    // Real PTYs and SQLite files: give them time on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
