import { describe, expect, it } from 'vitest';
import { demoSnapshotBytes } from '../../test/support/fixtures.ts';
import { openInputs } from './open-inputs.ts';
import type { Trace } from '../model/index.ts';

const demo = demoSnapshotBytes();

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

/** Every span of every trace as plain values: its members and its document, as JSON. */
function spansOf(traces: readonly Trace[]): string[] {
  const out: string[] = [];
  for (const trace of traces) {
    for (const span of trace.spans) {
      out.push(JSON.stringify([span.id, span.traceId, span.kind, span.name, span.start, span.end ?? null, span.parentId ?? null, span.segmentId, span.origin ?? null, span.namespace ?? null, span.error, span.throttle, span.fault, span.inferred, span.doc]));
    }
  }
  return out;
}

describe('openInputs: a streamed snapshot keeps its text, not its parsed documents', () => {
  it('gives the same traces, spans and documents as the snapshot read into memory, whatever the chunking', async () => {
    const kept = await openInputs([{ name: 'demo.json.gz', bytes: demo }]);
    const expected = spansOf(kept.dataset.traces);
    expect(expected.length).toBeGreaterThan(1000);
    for (const size of [997, 64 * 1024, demo.length]) {
      const streamed = await openInputs([{ name: 'demo.json.gz', source: pieces(demo, size), size: demo.length }], { keepContent: false });
      expect(streamed.content).toBeUndefined();
      expect(streamed.dataset.traces.map((trace) => trace.id)).toEqual(kept.dataset.traces.map((trace) => trace.id));
      expect(spansOf(streamed.dataset.traces)).toEqual(expected);
      expect(streamed.problems).toEqual(kept.problems);
      expect(streamed.dataset.events).toEqual(kept.dataset.events);
    }
  });
});
