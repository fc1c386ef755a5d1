// Which folder may import which: the allow-list of ../shared/docs/architecture.md ("Layout").
// Default deny: an import between two folders is allowed only when the importing folder's entry
// names the imported one. A folder may always import its own files and its own sub-folders'
// files, never its parent's (that would be a cycle between the two folders).
//
// Keys and targets are folder patterns: `*` stands for one folder name, so `shared/analysis/*`
// is each question folder (analysis/map, analysis/trace…) and a rule on it applies to each one
// separately (map may not import trace unless map's own entry says so). A file belongs to the
// most specific pattern that contains it. Unit tests (`*.test.ts[x]`) import what they test and
// test/support/; only their package rules are checked (see import-rules.mjs).

const SHARED_CORE = ['shared/base', 'shared/model'];

export const ALLOWED = {
  // shared/: pure TypeScript, lowest layer first.
  'shared/base': [],
  'shared/model': [],
  'shared/snapshot': [...SHARED_CORE],
  'shared/import': [...SHARED_CORE, 'shared/snapshot'],
  'shared/dataset': [...SHARED_CORE, 'shared/import'],
  'shared/analysis/*': [...SHARED_CORE, 'shared/dataset'],
  'shared/analysis/map': [...SHARED_CORE, 'shared/dataset', 'shared/analysis/graph', 'shared/analysis/changes'],
  // The timeline counts the map's requests by time (graph), ranks the lane's changes (changes) and
  // joins them through the ARNs the map reads from the spans (map).
  'shared/analysis/timeline': [...SHARED_CORE, 'shared/dataset', 'shared/analysis/graph', 'shared/analysis/changes', 'shared/analysis/map', 'shared/analysis/trace'],
  // Compare counts each range's requests as the map of a range does (graph, map's tracesStartingIn,
  // edge ids and span facts for the exceptions), and two traces with the waterfall's self times and
  // critical path (trace).
  'shared/analysis/compare': [...SHARED_CORE, 'shared/dataset', 'shared/analysis/graph', 'shared/analysis/map', 'shared/analysis/trace'],
  'shared/incident': [...SHARED_CORE, 'shared/snapshot', 'shared/import', 'shared/dataset', 'shared/analysis/*'],
  'shared/contract/host': [...SHARED_CORE],
  'shared/contract/worker': [...SHARED_CORE, 'shared/dataset', 'shared/analysis/*', 'shared/incident'],
  'shared/report': [...SHARED_CORE, 'shared/snapshot', 'shared/dataset', 'shared/analysis/*'],
  'shared/generator': [...SHARED_CORE, 'shared/snapshot'],

  // renderer/: browser only.
  renderer: ['renderer/app', 'renderer/core', ...SHARED_CORE, 'shared/contract/host'],
  'renderer/app': ['renderer/core', 'renderer/components', 'renderer/features/*', ...SHARED_CORE, 'shared/contract/host', 'shared/contract/worker'],
  // core starts the analysis worker (new Worker(new URL(...))): a separate bundle, not a module import.
  'renderer/core': ['renderer/components', 'renderer/workers', ...SHARED_CORE, 'shared/contract/host', 'shared/contract/worker'],
  'renderer/components': [...SHARED_CORE, 'shared/contract/worker'],
  // The map drawing that the Service map and Compare views share draws the map's model and layout.
  'renderer/components/map': ['renderer/components', ...SHARED_CORE, 'shared/analysis/map'],
  'renderer/features/*': ['renderer/core', 'renderer/components', ...SHARED_CORE, 'shared/analysis/*', 'shared/contract/host', 'shared/contract/worker'],
  'renderer/workers': [...SHARED_CORE, 'shared/snapshot', 'shared/import', 'shared/dataset', 'shared/analysis/*', 'shared/incident', 'shared/contract/worker'],

  // electron/: the Node side.
  'electron/main': ['electron/preload', 'electron/files', 'electron/capture', 'electron/host', ...SHARED_CORE, 'shared/snapshot', 'shared/contract/host'],
  'electron/preload': [...SHARED_CORE, 'shared/contract/host'],
  'electron/files': [...SHARED_CORE, 'shared/snapshot', 'shared/import', 'shared/incident', 'shared/contract/host'],
  'electron/capture': ['electron/files', ...SHARED_CORE, 'shared/snapshot', 'shared/contract/host'],
  'electron/host': ['electron/files', 'electron/capture', ...SHARED_CORE, 'shared/snapshot', 'shared/incident', 'shared/contract/host'],
  // `start` builds the desktop bundles and finds Electron's runtime (electron/main build.ts, electron-runtime.ts), never main's index.ts.
  'electron/cli': ['electron/files', 'electron/capture', 'electron/host', 'electron/main', ...SHARED_CORE, 'shared/snapshot', 'shared/dataset', 'shared/incident', 'shared/analysis/timeline', 'shared/analysis/compare', 'shared/contract/host'],

  // Tools around the product.
  bin: ['electron/cli'],
  // build-desktop.ts builds the app (electron/host's renderer build, electron/main's bundles); make-icon.ts
  // draws the icon in the tests' Chromium (test/support/browser.ts: its path and flags, defined once).
  scripts: ['shared/*', 'electron/files', 'electron/host', 'electron/main', 'test/support'],
  'test/support': ['shared/*', 'shared/analysis/*', 'shared/contract/*', 'electron/*', 'test'],
  test: ['test/support'],
  'test/*': ['test/support', 'test/emulator', 'shared/*', 'shared/analysis/*', 'shared/contract/*', 'electron/*'],
};

// Tolerated exceptions, each with its reason: `{ from, to, reason }` for a folder edge the
// allow-list refuses, `{ cycle: [files…], reason }` for a cycle. An entry that no longer matches
// anything fails the check, so the list only ever shrinks.
export const DEBT = [];
