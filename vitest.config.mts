import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests that open a library without naming a device use this computer identity, not the user's own.
const env = { SCHOLIA_DEVICE_DIR: join(tmpdir(), 'scholia-test-device') };

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // tests/citations: the citation conformance suite against pandoc (skipped without pandoc).
          include: [
            'src/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/citations/**/*.test.ts',
          ],
          environment: 'node',
          env,
          // A test is stopped only when it hangs: building a citeproc engine for a large style takes
          // seconds on a loaded two-core machine, and speed is measured by the benchmarks.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          // The fault-injection suite, bounded: damaged files, kill -9 at every kind of write, fuzzed
          // API payloads. `npm run torture` runs the same cases at full size.
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'sync',
          include: ['tests/sync/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file runs two Syncthing instances: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
