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
  dedup: {
    mutate: ['shared/import/snapshot-builder.ts', 'shared/incident/open-inputs.ts'],
    tests: ['shared/import/snapshot-builder.test.ts', 'shared/incident/*.test.ts'],
  },
  'critical-path': {
    mutate: ['shared/analysis/trace/critical-path.ts', 'shared/analysis/trace/gateway-overhead.ts'],
    tests: ['shared/analysis/trace/critical-path.test.ts', 'shared/analysis/trace/gateway-overhead.test.ts'],
  },
  filter: {
    mutate: ['compile', 'scopes', 'trace-read', 'summary-read', 'node-index', 'node-index-build'].map((name) => `shared/analysis/traces/${name}.ts`),
    tests: ['shared/analysis/traces/*.test.ts'],
  },
  changes: {
    mutate: ['shared/dataset/changes/config-changes.ts', 'shared/analysis/changes/node-changes.ts'],
    tests: ['shared/dataset/changes/*.test.ts', 'shared/analysis/changes/*.test.ts'],
  },
  pacer: {
    mutate: ['electron/capture/pacer.ts'],
    tests: ['electron/capture/pacer.test.ts'],
  },
  host: {
    mutate: ['electron/host/serve.ts'],
    tests: ['electron/host/*.test.ts'],
  },
};
