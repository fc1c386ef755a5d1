/**
 * Each input's traces, by their earliest segment start (a trace's start: its root segment's, which
 * no subsegment precedes): noted per segment document, then the span of those starts per input.
 */
export class InputStarts {
  private readonly starts: Map<string, number>[];

  constructor(inputs: number) {
    this.starts = Array.from({ length: inputs }, () => new Map<string, number>());
  }

  note(input: number, kind: string, doc: unknown): void {
    if (kind !== 'xray.segment') return;
    const { start_time: start, trace_id: traceId } = (doc ?? {}) as { readonly start_time?: unknown; readonly trace_id?: unknown };
    if (typeof start !== 'number' || !Number.isFinite(start) || typeof traceId !== 'string') return;
    const starts = this.starts[input]!;
    const known = starts.get(traceId);
    if (known === undefined || start < known) starts.set(traceId, start);
  }

  spans(): (readonly [number, number] | undefined)[] {
    return this.starts.map((starts) => {
      let first = Infinity;
      let last = -Infinity;
      for (const start of starts.values()) {
        if (start < first) first = start;
        if (start > last) last = start;
      }
      return starts.size > 0 ? ([first, last] as const) : undefined;
    });
  }
}
