import { generateIncident, type GeneratedIncident } from '../../shared/generator/index.ts';

/** Where the generated incident is kept: on globalThis, so it outlives this module being evaluated again. */
const KEY = Symbol.for('trace-explorer.test.demo-incident');
type Holder = { [KEY]?: GeneratedIncident };

/**
 * The generator's default incident (the demo), as `generateIncident()` gives it. Generating it
 * takes seconds; it is deterministic and depends on no code under test outside the generator, so
 * it is made once per test worker and each caller gets its own deep copy (a test that changes its
 * copy changes nobody else's). Under `npm run mutate` (vitest.mutate.config.ts: not isolated) the
 * test files of a module share it.
 */
export function demoIncident(): GeneratedIncident {
  const holder = globalThis as Holder;
  holder[KEY] ??= generateIncident();
  return structuredClone(holder[KEY]);
}
