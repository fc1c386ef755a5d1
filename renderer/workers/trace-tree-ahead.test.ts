import { describe, expect, it } from 'vitest';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { CHUNK_SPANS, encodeTrace, encodeTraceChunk, transferListOf, type TraceTransfer } from '../../shared/contract/worker/trace-transfer.ts';
import { traceChunksCache } from './trace-chunks.ts';
import { TraceTreeAhead } from './trace-tree-ahead.ts';

/** Typed arrays as plain arrays, deeply, so answers compare by content. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

async function generatedTrace(spans: number) {
  const lines = [...generateScaleSegments({ seed: 4, traces: 1, spansPerTrace: spans })].map((doc) => JSON.stringify(doc)).join('\n');
  return (await openInputs([{ name: 'segments.jsonl', bytes: new TextEncoder().encode(lines) }])).dataset.traces[0]!;
}

describe('tree answers made ahead', () => {
  it('makes the answer a step at a time, hands it out once, and every answer is the one made on the spot', async () => {
    const trace = await generatedTrace(CHUNK_SPANS + 100);
    // Made independently: the whole tree with the first chunk, as encodeTrace makes it.
    const expected = plain(encodeTrace(trace, [encodeTraceChunk(trace, 0)]));
    const ahead = new TraceTreeAhead(traceChunksCache());
    let steps = 1;
    while (!ahead.prepareStep(trace)) steps++;
    // The depth scan, four column copies, the row list, the first chunk, then the answer.
    expect(steps).toBe(8);
    expect(ahead.has(trace)).toBe(true);
    const first = ahead.take(trace, -1);
    expect(ahead.has(trace)).toBe(false);
    expect(plain(first)).toEqual(expected);
    // Moved away (as postMessage's transfer does): the next answer is made afresh, whole.
    structuredClone(first, { transfer: transferListOf(first) });
    expect(first.parent.length).toBe(0);
    expect(plain(ahead.take(trace, -1))).toEqual(expected);
  });

  it('takes an answer half made: the steps done are used, the rest made then', async () => {
    const trace = await generatedTrace(CHUNK_SPANS + 100);
    const ahead = new TraceTreeAhead(traceChunksCache());
    for (let i = 0; i < 3; i++) expect(ahead.prepareStep(trace)).toBe(false);
    const answer: TraceTransfer = ahead.take(trace, trace.spans.length - 1);
    // The named span is in the second chunk: it comes along.
    expect(plain(answer)).toEqual(plain(encodeTrace(trace, [encodeTraceChunk(trace, 0), encodeTraceChunk(trace, 1)])));
    // Nothing half made is left behind: the next preparation starts again and ends with a whole answer.
    while (!ahead.prepareStep(trace));
    expect(plain(ahead.take(trace, 0))).toEqual(plain(encodeTrace(trace, [encodeTraceChunk(trace, 0)])));
  });
});
