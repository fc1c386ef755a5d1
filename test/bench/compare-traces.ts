/**
 * Child process of `npm run bench -- compare-traces`: two traces of SPANS spans (default 100,000)
 * from the generator's scale data, assembled by the real assembler, compared by the function the
 * worker's `compareTraces` query calls (comparedTraces + compareTraces). Three cases: `edited`, the
 * same trace with one leaf call in a hundred 20 % shorter and one in a thousand faulting (nearly
 * every span matched: the most rows with two sides); `different`, two traces of other seeds
 * (different shapes below the entry: few matches, the most subtrees only one side has); and
 * `jittered`, the edits of `edited` but every plain leaf call 1–7 % shorter (most rows have a
 * delta to sort). Prints
 * one JSON line per case with the runs' wall and CPU times, the budget and whether the median
 * passed it.
 */
import { assembleTraces } from '../../shared/dataset/index.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import type { Trace, XRaySegmentDocument, XRaySpanDocument } from '../../shared/model/index.ts';
import { compareTraces, comparedTraces } from '../../shared/analysis/compare/index.ts';

const SPANS = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_MS = 1000;

function documents(seed: number): XRaySegmentDocument[] {
  return [...generateScaleSegments({ seed, traces: 1, spansPerTrace: SPANS })];
}

/** Every 100th plain leaf call 20 % shorter, every 1000th faulting; with `every`, each plain leaf 1–7 % shorter. */
function edit(docs: XRaySegmentDocument[], every = false): XRaySegmentDocument[] {
  const out = structuredClone(docs);
  let leaf = 0;
  for (const doc of out) {
    const stack: XRaySpanDocument[] = [...(doc.subsegments ?? [])];
    while (stack.length > 0) {
      const span = stack.pop() as { -readonly [K in keyof XRaySpanDocument]: XRaySpanDocument[K] };
      if (span.subsegments?.length) stack.push(...span.subsegments);
      else if (span.namespace === undefined && span.end_time !== undefined) {
        leaf++;
        if (every) span.end_time = span.end_time - (span.end_time - span.start_time) * (0.01 * ((leaf % 7) + 1));
        else if (leaf % 100 === 0) span.end_time = span.end_time - (span.end_time - span.start_time) * 0.2;
        if (leaf % 1000 === 0) span.fault = true;
      }
    }
  }
  return out;
}

function assemble(docs: XRaySegmentDocument[]): Trace {
  const { traces } = assembleTraces(docs);
  if (traces.length !== 1) throw new Error(`expected one trace, got ${traces.length}`);
  return traces[0]!;
}

function measure(name: string, before: Trace, after: Trace): void {
  const dataset = { traces: [before, after], traceById: new Map([before, after].map((t) => [t.id, t])) };
  // The after trace of `edited` keeps the before's id: name the traces by object, as the worker's lookup would.
  const pair = before.id === after.id ? { before, after } : comparedTraces(dataset, { before: before.id, after: after.id });
  const wall: number[] = [];
  const cpu: number[] = [];
  let last: ReturnType<typeof compareTraces> | undefined;
  for (let run = 0; run < RUNS; run++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    last = compareTraces(pair.before, pair.after);
    wall.push(Math.round(performance.now() - t0));
    const used = process.cpuUsage(cpu0);
    cpu.push(Math.round((used.user + used.system) / 1000));
  }
  const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  const medianMs = median(wall);
  const result = {
    bench: 'compare-traces',
    case: name,
    beforeSpans: before.spans.length,
    afterSpans: after.spans.length,
    rows: last!.rowCount,
    matched: last!.matched,
    onlyBeforeSubtrees: last!.onlyBefore.length,
    onlyAfterSubtrees: last!.onlyAfter.length,
    statusChanged: last!.statusChanged.length,
    runsMs: wall,
    cpuRunsMs: cpu,
    medianMs,
    medianCpuMs: median(cpu),
    budgetMs: BUDGET_MS,
    pass: medianMs <= BUDGET_MS,
  };
  process.stderr.write(`compare-traces ${name}: median ${medianMs} ms (CPU ${result.medianCpuMs} ms) for ${before.spans.length} + ${after.spans.length} spans, budget ${BUDGET_MS} ms: ${result.pass ? 'PASS' : 'FAIL'}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const base = documents(11);
const before = assemble(base);
measure('edited', before, assemble(edit(base)));
measure('jittered', before, assemble(edit(base, true)));
measure('different', before, assemble(documents(12)));
