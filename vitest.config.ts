import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer reaches the contract through this alias (tsconfig.app.json has the same).
  resolve: { alias: { '@contract': fileURLToPath(new URL('./backend/contract/index.ts', import.meta.url)) } },
  test: {
    include: ['backend/**/*.test.ts', 'cli/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'frontend/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Real PTYs and SQLite files: give them time on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
