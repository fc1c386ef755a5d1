import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration Stryker runs (scripts/mutate.mjs): Node only, and only the unit tests
 * of the module being mutated (MUTATE_TESTS, comma-separated globs), so each mutant runs the few
 * tests that can kill it instead of the suite. Property tests run on one seed: a mutant is then
 * killed or not the same way every run. Not isolated: test files share one worker, so data that
 * takes seconds to make and no mutant can change (test/support/demo-incident.ts) is made once per
 * worker, not once per test file.
 */
const tests = (process.env.MUTATE_TESTS ?? '').split(',').filter((glob) => glob !== '');
if (tests.length === 0) throw new Error('MUTATE_TESTS names no tests: run `npm run mutate -- <module>` (see scripts/mutate.mjs).');

export default defineConfig({
  test: {
    environment: 'node',
    include: tests,
    isolate: false,
    setupFiles: ['./test/setup-fast-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FAST_CHECK_SEED: '20261125' },
  },
});
