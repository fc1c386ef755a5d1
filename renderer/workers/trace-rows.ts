import type { Span, Trace } from '../../shared/model/index.ts';
import type { SpanRow, TraceRow, TraceSortKey, TraceStatus } from '../../shared/contract/worker/analysis-protocol.ts';

export function spanStatus(span: Pick<Span, 'fault' | 'throttle' | 'error'>): TraceStatus {
  if (span.fault) return 'fault';
  if (span.throttle) return 'throttle';
  if (span.error) return 'error';
  return 'ok';
}

export function traceStatus(trace: Trace): TraceStatus {
  if (trace.hasFault) return 'fault';
  if (trace.hasThrottle) return 'throttle';
  if (trace.hasError) return 'error';
  return 'ok';
}

/** One row of the trace list; HTTP facts come from the entry segment (the first root that is a segment). */
export function traceRow(trace: Trace): TraceRow {
  let entry: Span | undefined;
  for (let i = 0; i < trace.spans.length; i += trace.size[i] ?? 1) {
    const span = trace.spans[i];
    if (span && span.kind === 'segment' && (trace.parent[i] ?? -1) < 0) {
      entry = span;
      break;
    }
  }
  entry ??= trace.spans[0];
  const http = entry?.doc.http;
  const status = http?.response?.status;
  return {
    id: trace.id,
    start: trace.start,
    duration: Math.max(0, trace.end - trace.start),
    status: traceStatus(trace),
    method: typeof http?.request?.method === 'string' ? http.request.method : undefined,
    url: typeof http?.request?.url === 'string' ? http.request.url : undefined,
    httpStatus: typeof status === 'number' ? status : undefined,
    entry: entry?.name,
    spans: trace.spans.length,
  };
}

export function spanRow(trace: Trace, index: number): SpanRow {
  const span = trace.spans[index];
  if (!span) throw new RangeError(`No span ${index} in trace ${trace.id}`);
  return {
    index,
    id: span.id,
    name: span.name,
    kind: span.kind,
    depth: trace.depth[index] ?? 0,
    parent: trace.parent[index] ?? -1,
    size: trace.size[index] ?? 1,
    start: span.start,
    end: span.end,
    status: spanStatus(span),
    origin: span.origin,
    inProgress: span.inProgress,
    flags: trace.flags[index] ?? 0,
  };
}

/** Row order for a sort key; ties by start time then id, so the order is total and stable. */
export function sortTraceRows(rows: readonly TraceRow[], key: TraceSortKey, descending: boolean): TraceRow[] {
  const value = (row: TraceRow): number => (key === 'duration' ? row.duration : key === 'spans' ? row.spans : row.start);
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * (value(a) - value(b)) || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
