import { generateIncident, type GeneratedIncident, type IncidentOptions } from '../../shared/generator/index.ts';

/** Where generated incidents are kept (by their options): on globalThis, so they outlive this module being evaluated again. */
const KEY = Symbol.for('trace-explorer.test.demo-incident');
type Holder = { [KEY]?: Map<string, GeneratedIncident> };

/** The incident of `options`, made once per test worker; each caller gets its own deep copy. */
function kept(options: IncidentOptions): GeneratedIncident {
  const holder = globalThis as Holder;
  const incidents = (holder[KEY] ??= new Map());
  const key = JSON.stringify(options);
  let incident = incidents.get(key);
  if (incident === undefined) incidents.set(key, (incident = generateIncident(options)));
  return structuredClone(incident);
}

/**
 * The generator's default incident (the demo), as `generateIncident()` gives it. Generating it
 * takes seconds; it is deterministic and depends on no code under test outside the generator, so
 * it is made once per test worker and each caller gets its own deep copy (a test that changes its
 * copy changes nobody else's). Under `npm run mutate` (vitest.mutate.config.ts: not isolated) the
 * test files of a module share it.
 */
export function demoIncident(): GeneratedIncident {
  return kept({});
}

/**
 * A small incident with the demo's story (94 traces over 16 minutes, the change at minute 4, 9
 * faults, 9 throttled, 4 errors, 6 cold starts): made in about 0.15 s and assembled in a few
 * tens of milliseconds, so a test can build its tables inside each test (what mutation testing
 * needs) instead of once per file.
 */
export function smallIncident(): GeneratedIncident {
  return kept({ seed: 7, minutes: 16, changeMinute: 4, tracesPerMinute: 6 });
}
