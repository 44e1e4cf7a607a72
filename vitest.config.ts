import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure modules, real servers on port 0, content fixtures) and `e2e` (the built site
 * in real Chromium). `npm test` runs both; `npx vitest run --project unit` runs the fast half.
 */
export default defineConfig({
  test: {
    // Both cores: vitest's default is cores − 1, which is one worker on the 2-core CI machine. The unit
    // project runs two files at a time; the e2e project below stays one file at a time (its own group).
    maxWorkers: 2,
    // CI asks for a machine-readable report (see .ci/run); people get the default console output.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/runner/**/*.test.ts', 'tests/content/**/*.test.ts', 'tests/sandboxes/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          // One browser-heavy file at a time: the CI machine has two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
