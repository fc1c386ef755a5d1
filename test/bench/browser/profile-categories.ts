/**
 * Folds a CPU profile's samples into the steps of the open (open-profile.ts): the nearest caller
 * whose name says what the step is. The bundle is built unminified, so names survive, but every
 * function lives in one chunk, so files cannot tell; builtins (JSON.parse, TextDecoder.decode)
 * are sampled in the JavaScript function that called them, which is why a record line's parse
 * counts under its caller.
 */
const STEPS: readonly (readonly [RegExp, string])[] = [
  [/^\(garbage collector\)$/, 'GC'],
  [/^\(idle\)$/, 'idle'],
  [/^\(program\)$/, '(program): native, outside JS'],
  [/^(decode|textOf)$/, 'decode UTF-8'],
  [/^(prepareAhead|prepareIndexes|TraceTable|traceScalars|fromDataset|traceSearchFor)$/, 'after the paint: filter indexes'],
  [/^(recordLine|parse)$/, 'parse a line (JSON.parse)'],
  [/^(addDocument|addSpan|visit|walkSpans|addedNode|liftCause|inferredNodeOf|resourceNameOf|canonicalType|documentAccount|awsAccount|grow|growDocuments|id)$/, 'span store (columns)'],
  [/^(add)$/, 'record texts / span store'],
  [/^(assembleStore|assembleTraces|buildTrace|readTrace|groupByTrace|linkSlots|makeTrace|makeSpan|sortByKeys|childIndex|resolveParents|addInferredNodes|findSlot|walk|breakCycles)$/, 'assembly'],
  [/^(finish)$/, 'dataset finish (sort, maps)'],
  [/^(summarizeIncident|countTraces)$/, 'incident summary'],
  [/^(serviceMapOf|buildServiceMap|serviceGraphOf|layoutLayered|latencyFigures)$/, 'service map (worker)'],
  [/^(push|line|handCarried|keep)$/, 'split lines'],
  [/^(gunzip|pump|written|nextText|feed)$/, 'inflate / stream plumbing'],
  [/^(postMessage|structuredClone)$/, 'messages'],
  [/^(commitRoot|commitWork|performWorkOnRoot|renderRootSync|workLoopSync|beginWork|completeWork|commitMutationEffects)/, 'React render'],
];

/** The step of a sample: its own function's name, else its callers' nearest first. */
export function categoryOf(functionName: string, url: string, ancestry: readonly string[]): string {
  for (const name of [functionName, ...ancestry]) {
    for (const [pattern, step] of STEPS) if (pattern.test(name)) return step;
  }
  return url === '' ? `other (native: ${functionName || 'anonymous'})` : 'other JS';
}
