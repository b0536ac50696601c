import { defineConfig } from 'vitest/config';

// The sync fault suite (npm run test:fault, part of npm test): a real hub process and several
// desktop cores, one of them in a child process that gets killed. Separate from the unit tests.
export default defineConfig({
  test: {
    include: ['server/fault/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One hub per file, run one file at a time: the machine has two cores.
    fileParallelism: false,
  },
});
