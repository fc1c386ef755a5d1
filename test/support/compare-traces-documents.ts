import type { XRaySegmentDocument, XRaySpanDocument } from '../../shared/model/index.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import { SnapshotBuilder } from '../../shared/import/snapshot-builder.ts';
import type { SnapshotContent } from '../../shared/model/snapshot.ts';
import { spansOf } from './incident-ground-truth.ts';

/**
 * Two traces that differ in one subtree, for the Compare view's tests (the same edits as
 * shared/analysis/compare/traces.test.ts): one generated trace's documents twice, under two trace
 * ids; in the before copy one leaf call ends 30 % earlier (so the after trace is that much slower
 * there), in the after copy another leaf faults and a third gets a new call with a child of its own.
 */
export interface TwoTraces {
  readonly before: XRaySegmentDocument[];
  readonly after: XRaySegmentDocument[];
  readonly beforeId: string;
  readonly afterId: string;
  /** The leaf whose duration differs, and by how much (seconds, after − before). */
  readonly slower: { readonly id: string; readonly name: string; readonly delta: number };
  readonly faulting: { readonly id: string; readonly name: string };
  /** The span under which the after trace has `extra-call` → `extra-inner`. */
  readonly host: { readonly id: string; readonly name: string };
}

type Editable = { -readonly [K in keyof XRaySpanDocument]: XRaySpanDocument[K] };

function spanIn(documents: readonly XRaySegmentDocument[], id: string): Editable {
  for (const doc of documents) for (const span of spansOf(doc)) if (span.id === id) return span as Editable;
  throw new Error(`no span ${id}`);
}

function withTraceId(documents: readonly XRaySegmentDocument[], traceId: string): XRaySegmentDocument[] {
  return documents.map((doc) => ({ ...structuredClone(doc), trace_id: traceId }));
}

export function twoTraces(spans = 400, seed = 21): TwoTraces {
  const generated = [...generateScaleSegments({ seed, traces: 1, spansPerTrace: spans })];
  const leaves: XRaySpanDocument[] = [];
  for (const doc of generated) for (const span of spansOf(doc)) if (span !== doc && span.namespace === undefined && !span.subsegments?.length && span.end_time !== undefined && !span.fault && !span.error) leaves.push(span);
  const slower = leaves[Math.floor(leaves.length / 3)]!;
  const faulting = leaves[Math.floor((2 * leaves.length) / 3)]!;
  const host = leaves[Math.floor(leaves.length / 2)]!;
  const cut = Math.round((slower.end_time! - slower.start_time) * 0.3 * 1e6) / 1e6;
  const traceId = generated[0]!.trace_id;
  // Another id of the same time: the last hex digit changed.
  const afterId = `${traceId.slice(0, -1)}${traceId.endsWith('f') ? 'e' : 'f'}`;
  const before = withTraceId(generated, traceId);
  spanIn(before, slower.id).end_time = slower.end_time! - cut;
  const after = withTraceId(generated, afterId);
  spanIn(after, faulting.id).fault = true;
  spanIn(after, host.id).subsegments = [
    { id: 'e0000000000000a1', name: 'extra-call', start_time: host.start_time, end_time: host.end_time!, subsegments: [{ id: 'e0000000000000a2', name: 'extra-inner', start_time: host.start_time, end_time: host.end_time! }] },
  ];
  return {
    before,
    after,
    beforeId: traceId,
    afterId,
    slower: { id: slower.id, name: slower.name, delta: cut },
    faulting: { id: faulting.id, name: faulting.name },
    host: { id: host.id, name: host.name },
  };
}

/** A snapshot holding segment documents, made the way the app makes its files (SnapshotBuilder). */
export function snapshotOf(documents: readonly XRaySegmentDocument[], name = 'two-traces'): SnapshotContent {
  const builder = new SnapshotBuilder();
  const source = builder.addSource({ name, format: 'generator.scale', importedAt: '2024-05-24T00:00:00.000Z' });
  for (const doc of documents) builder.add('xray.segment', doc, source);
  return builder.build({ appVersion: 'test', createdAt: '2024-05-24T00:00:00.000Z' });
}
