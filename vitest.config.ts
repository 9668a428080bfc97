import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Children of tests never inherit an MPI job's launcher variables (see the file).
    setupFiles: ['test/support/strip-mpi-environment.ts'],
    // Two test files at a time even on a 2-core machine (the default leaves one core idle): most
    // end-to-end files spend their time waiting on child processes, and no test asserts a time.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
