import { describe, expect, it } from 'vitest';
import { analyseWaterfall } from './trace-analysis.ts';
import { collapseAll, createWaterfallState, expandAll, rowCount } from './waterfall.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleFixtureTraces } from '../../../test/support/trace-documents.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

/** The waterfall's analyses together, on traces from the real assembler. */
describe('waterfall on assembled traces', () => {
  it('finds the 17 ms gateway overhead, the critical path and the Lambda phases of Appendix B', () => {
    const { traces } = assembleTraces(appendixBDocuments());
    const trace = traces[0]!;
    const analysis = analyseWaterfall(trace);
    const [overhead] = [...analysis.gatewayOverheads.values()];
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
    expect([...analysis.lambdaPhases.values()]).toEqual(['Invocation', 'Overhead']);
    // The whole path and its stretches are worked out in critical-path.test.ts: all 8 spans.
    expect(analysis.criticalPath.spans.length).toBe(8);
  });

  it('collapses and expands every assembled trace of the aws-iatk fixture', () => {
    const traces = assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    // Spans per trace (documents, their subsegments and the inferred nodes added) and how many
    // are critical, as worked out in critical-path.test.ts.
    expect(traces.map((t) => [t.spans.length, analyseWaterfall(t).criticalPath.spans.length])).toEqual([
      [6, 5],
      [6, 5],
      [6, 6],
    ]);
    for (const trace of traces) {
      const roots = Array.from(trace.parent).filter((p) => p === -1).length;
      const state = createWaterfallState(trace);
      expect(rowCount(state)).toBe(trace.spans.length);
      expect(rowCount(collapseAll(state))).toBe(roots);
      expect(rowCount(expandAll(collapseAll(state)))).toBe(trace.spans.length);
    }
  });
});
