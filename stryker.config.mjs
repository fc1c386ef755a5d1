import { MODULES } from './scripts/mutate-modules.mjs';

/**
 * StrykerJS for `npm run mutate` (scripts/mutate.mjs sets MUTATE_MODULE and MUTATE_TESTS per
 * module). The vitest runner uses vitest.mutate.config.ts: only the module's own unit tests, with
 * per-test coverage so each mutant runs just the tests that reach it.
 */
const name = process.env.MUTATE_MODULE ?? '';
const module = MODULES[name];
if (module === undefined) throw new Error(`MUTATE_MODULE '${name}' is not one of ${Object.keys(MODULES).join(', ')}: run \`npm run mutate -- <module>\`.`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: module.mutate,
  htmlReporter: { fileName: `reports/mutation/${name}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${name}/mutation.json` },
  // `npm run mutate -- <module> --incremental` re-tests only the mutants whose code or tests changed.
  incrementalFile: `reports/mutation/${name}/stryker-incremental.json`,
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // A mutant that loops forever costs this on top of 3 × its tests' time; 10 s is margin enough on the shared machine.
  timeoutMS: 10_000,
  timeoutFactor: 3,
  ignoreStatic: true,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // TypeScript 7 has no JavaScript API for Stryker's tsconfig rewriting, and vitest (esbuild) needs
  // none: the sandbox keeps the repository's layout. A name that does not exist turns it off.
  tsconfigFile: 'no-tsconfig-rewrite.json',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['.tmp', 'dist', 'out', 'coverage', 'test/e2e/screenshots', 'reports'],
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 85, break: null },
};
