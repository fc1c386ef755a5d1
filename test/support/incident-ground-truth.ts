import type { XRaySegmentDocument, XRaySpanDocument } from '../../shared/model/index.ts';
import type { GeneratedIncident } from '../../shared/generator/types.ts';
import { forEachSpan } from '../../shared/generator/xray-compile.ts';

/** Helpers for the generator's tests: the incident's traces parsed and split by role. */

export interface ParsedTrace {
  readonly id: string;
  readonly duration: number;
  readonly documents: readonly XRaySegmentDocument[];
  readonly stage: XRaySegmentDocument;
  readonly lambda: XRaySegmentDocument;
  readonly fn: XRaySegmentDocument;
  readonly inferred: readonly XRaySegmentDocument[];
}

function only(documents: readonly XRaySegmentDocument[], origin: string, traceId: string): XRaySegmentDocument {
  const found = documents.filter((doc) => doc.origin === origin && doc.inferred !== true);
  if (found.length !== 1) throw new Error(`trace ${traceId}: expected one ${origin} segment, found ${found.length}`);
  return found[0] as XRaySegmentDocument;
}

export function parseTraces(incident: GeneratedIncident): ParsedTrace[] {
  return incident.traces.map((trace) => {
    const documents = trace.Segments.map((segment) => JSON.parse(segment.Document) as XRaySegmentDocument);
    return {
      id: trace.Id,
      duration: trace.Duration,
      documents,
      stage: only(documents, 'AWS::ApiGateway::Stage', trace.Id),
      lambda: only(documents, 'AWS::Lambda', trace.Id),
      fn: only(documents, 'AWS::Lambda::Function', trace.Id),
      inferred: documents.filter((doc) => doc.inferred === true),
    };
  });
}

export function spansOf(doc: XRaySpanDocument): XRaySpanDocument[] {
  const spans: XRaySpanDocument[] = [];
  forEachSpan(doc, (span) => spans.push(span));
  return spans;
}

export function durationMs(span: XRaySpanDocument): number {
  return Math.round(((span.end_time ?? span.start_time) - span.start_time) * 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function invocationOf(trace: ParsedTrace): XRaySpanDocument {
  const invocation = trace.fn.subsegments?.find((sub) => sub.name === 'Invocation');
  if (!invocation) throw new Error(`trace ${trace.id}: no Invocation subsegment`);
  return invocation;
}
