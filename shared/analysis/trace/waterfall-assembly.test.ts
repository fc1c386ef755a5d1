import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import { SpanFlag } from '../../model/trace.ts';
import { analyseWaterfall } from './trace-analysis.ts';
import { collapseAll, createWaterfallState, expandAll, rowCount } from './waterfall.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { buildTestTrace } from '../../../test/support/waterfall-trace.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

/** The waterfall's analyses on traces from the real assembler, and the test builder agreeing with it. */
function batchDocuments(path: string): unknown[] {
  const batch = JSON.parse(fixtureText(path)) as { Traces: { Segments: { Document: string }[] }[] };
  return batch.Traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as unknown));
}

describe('waterfall on assembled traces', () => {
  it('finds the 17 ms gateway overhead, the critical path and the Lambda phases of Appendix B', () => {
    const { traces } = assembleTraces(appendixBDocuments());
    const trace = traces[0]!;
    const analysis = analyseWaterfall(trace);
    const [overhead] = [...analysis.gatewayOverheads.values()];
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
    expect([...analysis.lambdaPhases.values()]).toEqual(['Invocation', 'Overhead']);
    const onPath = Array.from(analysis.criticalPath.spans, (i) => trace.spans[i]!.id);
    expect(onPath[0]).toBe('6a1f0c3e9b2d4e51');
    expect(onPath).toContain('d18e7dafa09bc4c8');
  });

  it('orders spans as the test builder does, on Appendix B and the real BatchGetTraces fixtures', () => {
    const inputs = [appendixBDocuments(), batchDocuments('aws-cli-examples/batch-get-traces_output.json')];
    for (const documents of inputs) {
      const [assembled] = assembleTraces(documents).traces;
      const built = buildTestTrace(documents as Parameters<typeof buildTestTrace>[0]);
      const real = assembled!.spans.filter((_, i) => !(assembled!.flags[i]! & SpanFlag.addedInferred)).map((s) => s.id);
      expect(real).toEqual(built.spans.map((s) => s.id));
    }
  });

  it('collapses and expands every assembled trace of the aws-iatk fixture', () => {
    const { traces } = assembleTraces(batchDocuments('aws-iatk/go_test_documents_as_BatchGetTraces.json'));
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      const roots = Array.from(trace.parent).filter((p) => p === -1).length;
      const state = createWaterfallState(trace);
      expect(rowCount(state)).toBe(trace.spans.length);
      expect(rowCount(collapseAll(state))).toBe(roots);
      expect(rowCount(expandAll(collapseAll(state)))).toBe(trace.spans.length);
      const analysis = analyseWaterfall(trace);
      expect(analysis.criticalPath.spans.length).toBeGreaterThan(0);
    }
  });
});
