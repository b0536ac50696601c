import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'server/**/*.test.ts', 'resources/**/*.test.ts', 'renderer/**/*.test.ts'],
    // The sync fault suite runs on its own (server/fault/vitest.config.ts).
    exclude: ['server/fault/**', 'node_modules/**'],
    environment: 'node',
    // Generous: a busy 2-core CI machine runs two forks while the sample county loads.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
