/**
 * The modules `npm run mutate` knows: the files Stryker mutates and the unit tests that run
 * against them (see scripts/mutate.mjs and stryker.config.mjs).
 */
export const MODULES = {
  assembly: {
    mutate: ['shared/dataset/assembly/*.ts', '!shared/dataset/assembly/*.test.ts'],
    tests: ['shared/dataset/assembly/*.test.ts'],
  },
  'incident-summary': {
    mutate: ['shared/incident/incident-summary.ts'],
    tests: ['shared/incident/*.test.ts'],
  },
  // X-Ray documents, summaries and metrics by key in the snapshot builder; CloudTrail events once,
  // by eventID, in the dataset's event set (since the inputs branch); open-inputs counts both.
  dedup: {
    mutate: ['shared/import/snapshot-builder.ts', 'shared/dataset/changes/event-set.ts', 'shared/incident/open-inputs.ts'],
    tests: ['shared/import/snapshot-builder.test.ts', 'shared/dataset/changes/event-set.test.ts', 'shared/incident/*.test.ts'],
  },
  'critical-path': {
    mutate: ['shared/analysis/trace/critical-path.ts', 'shared/analysis/trace/gateway-overhead.ts'],
    tests: ['shared/analysis/trace/critical-path.test.ts', 'shared/analysis/trace/gateway-overhead.test.ts'],
  },
  // Compile and evaluation. node-index-build.ts (the index the node filters read) is not in it.
  // Only the parser's tests and the filter tests that build small tables inside each test run:
  // filter-demo.test.ts (the same cases on the demo) and the folder's other tests (search, root
  // causes, prepare) build the demo dataset, seconds for every mutant, and test other modules.
  filter: {
    mutate: ['compile', 'scopes', 'trace-read', 'summary-read', 'node-index'].map((name) => `shared/analysis/traces/${name}.ts`),
    tests: ['shared/analysis/traces/parser.test.ts', 'shared/analysis/traces/filter-small.test.ts', 'shared/analysis/traces/filter-eval*.test.ts'],
  },
  changes: {
    mutate: ['shared/dataset/changes/config-changes.ts', 'shared/analysis/changes/node-changes.ts'],
    tests: ['shared/dataset/changes/*.test.ts', 'shared/analysis/changes/*.test.ts'],
  },
  // The timeline's onsets, the change lane and the suspects' ranking with the joins it ranks by (issue 10).
  timeline: {
    mutate: ['shared/analysis/timeline/onsets.ts', 'shared/analysis/timeline/suspects.ts', 'shared/analysis/changes/event-joins.ts', 'shared/analysis/changes/lane.ts'],
    tests: ['shared/analysis/timeline/onsets*.test.ts', 'shared/analysis/timeline/suspects*.test.ts', 'shared/analysis/changes/lane*.test.ts'],
  },
  pacer: {
    mutate: ['electron/capture/pacer.ts'],
    tests: ['electron/capture/pacer.test.ts'],
  },
  // The host's checks: Host header, token and origin (serve.ts), body caps (serve-body.ts), file
  // handles (serve-files.ts, serve-handlers.ts, file-grants.ts), the static files' path checks.
  host: {
    mutate: ['serve', 'serve-body', 'serve-files', 'serve-handlers', 'serve-static'].map((name) => `electron/host/${name}.ts`).concat('electron/files/file-grants.ts'),
    tests: ['electron/host/*.test.ts', 'electron/files/file-grants.test.ts'],
  },
};
