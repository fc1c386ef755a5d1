import type { WaterfallTrace } from './waterfall-trace.ts';

/**
 * Critical path and self time of one trace.
 *
 * Definition (Jaeger UI's critical path, `CriticalPath/index.tsx`, made iterative): the chain of
 * work that decides when the trace ends. Start at the end of the trace, in the root that ends last.
 * Within a span, walking backwards from a cursor (initially the span's end), take the child that
 * ends last at or before the cursor; the span itself is critical from that child's end to the
 * cursor; descend into the child (whose own cursor is its end); when the child's chain is done, the
 * cursor moves to the child's start and the walk continues with the span's remaining children.
 * Children that overlap a child already taken (they end after the cursor) are skipped. When no
 * child is left the span is critical from its start to the cursor.
 *
 * Before walking, every span is clipped to its parent's interval (Jaeger's "sanitize overflowing
 * children"); a span entirely outside its parent (clock skew) is *detached*: it is not on the
 * critical path, and its self time is computed from its own interval. Roots behave as the
 * children of the trace itself, [trace.start, trace.end], so orphan roots can be on the path. An
 * in-progress span (no end) is taken to run until the trace's end, the latest time we know of.
 */
export interface CriticalPathSection {
  readonly span: number;
  /** Epoch seconds. */
  readonly start: number;
  readonly end: number;
}

export interface CriticalPath {
  /** onPath[i] is 1 when span i is on the critical path. */
  readonly onPath: Uint8Array;
  /** The spans on the path, ascending. */
  readonly spans: Int32Array;
  /** The stretches of each critical span's own time that are critical, latest first. */
  readonly sections: readonly CriticalPathSection[];
}

/** The span intervals after clipping to their parents; detached[i] = 1 when span i lies outside its parent. */
export interface ClippedIntervals {
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly detached: Uint8Array;
}

export function clipIntervals(trace: WaterfallTrace): ClippedIntervals {
  const n = trace.spans.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const detached = new Uint8Array(n);
  // The spans' times from the trace's columns when it has them (no span object read: at a million
  // spans the objects' documents are where the time goes), else from the spans.
  const columns = trace.columns;
  for (let i = 0; i < n; i++) {
    let ownStart: number;
    let last: number | undefined;
    if (columns) {
      ownStart = columns.starts[i]!;
      const value = columns.ends[i]!;
      last = Number.isNaN(value) ? undefined : value;
    } else {
      const span = trace.spans[i]!;
      ownStart = span.start;
      last = span.end;
    }
    const ownEnd = Math.max(ownStart, last ?? Math.max(trace.end, ownStart));
    const p = trace.parent[i]!;
    // Pre-order: the parent was clipped before its children.
    if (p < 0 || ownStart > end[p]! || ownEnd < start[p]!) {
      start[i] = ownStart;
      end[i] = ownEnd;
      detached[i] = p < 0 ? 0 : 1;
    } else {
      start[i] = Math.max(ownStart, start[p]!);
      end[i] = Math.min(ownEnd, end[p]!);
    }
  }
  return { start, end, detached };
}

/** Direct children of `span` (-1: the roots), by pre-order: the next child starts after a subtree. */
function childrenOf(trace: WaterfallTrace, span: number): number[] {
  const out: number[] = [];
  const n = trace.spans.length;
  const first = span < 0 ? 0 : span + 1;
  const stop = span < 0 ? n : span + trace.size[span]!;
  for (let c = first; c < stop; c += trace.size[c]!) out.push(c);
  return out;
}

interface Frame {
  readonly span: number;
  cursor: number;
  readonly candidates: number[];
  next: number;
}

export function computeCriticalPath(trace: WaterfallTrace, clipped: ClippedIntervals = clipIntervals(trace)): CriticalPath {
  const n = trace.spans.length;
  const onPath = new Uint8Array(n);
  const sections: CriticalPathSection[] = [];
  const { start, end, detached } = clipped;

  const frameFor = (span: number, cursor: number): Frame => {
    const candidates = childrenOf(trace, span).filter((c) => !detached[c]);
    // Latest end first; on equal ends the longer child (earlier start), then pre-order.
    candidates.sort((a, b) => end[b]! - end[a]! || start[a]! - start[b]! || a - b);
    return { span, cursor, candidates, next: 0 };
  };

  // The trace is the parent of the roots: its cursor starts at the latest end of any of them.
  let traceEnd = trace.end;
  for (const root of childrenOf(trace, -1)) traceEnd = Math.max(traceEnd, end[root]!);
  const stack: Frame[] = [frameFor(-1, traceEnd)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    let descended = false;
    while (frame.next < frame.candidates.length) {
      const child = frame.candidates[frame.next++]!;
      if (end[child]! > frame.cursor) continue;
      if (frame.span >= 0 && end[child]! < frame.cursor) sections.push({ span: frame.span, start: end[child]!, end: frame.cursor });
      frame.cursor = start[child]!;
      onPath[child] = 1;
      stack.push(frameFor(child, end[child]!));
      descended = true;
      break;
    }
    if (descended) continue;
    if (frame.span >= 0 && frame.cursor > start[frame.span]!) sections.push({ span: frame.span, start: start[frame.span]!, end: frame.cursor });
    stack.pop();
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += onPath[i]!;
  const spans = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (onPath[i]) spans[k++] = i;
  return { onPath, spans, sections };
}

/**
 * Self time of every span, in seconds: its (clipped) duration minus the time covered by at least
 * one of its direct children (clipped to it). Children overlapping each other count once.
 */
export function computeSelfTimes(trace: WaterfallTrace, clipped: ClippedIntervals = clipIntervals(trace)): Float64Array {
  const n = trace.spans.length;
  const self = new Float64Array(n);
  const { start, end } = clipped;
  let unordered: [number, number][] | undefined;
  for (let i = 0; i < n; i++) {
    const s = start[i]!;
    const e = end[i]!;
    // Siblings come by start time (the Trace guarantee), so the union of the children's
    // intervals is one merging pass; if the data breaks the order, sort that one list.
    let covered = 0;
    let runStart = -Infinity;
    let runEnd = -Infinity;
    let previousStart = -Infinity;
    let ordered = true;
    for (let c = i + 1; c < i + trace.size[i]!; c += trace.size[c]!) {
      const cs = Math.max(s, start[c]!);
      const ce = Math.min(e, end[c]!);
      if (start[c]! < previousStart) ordered = false;
      previousStart = start[c]!;
      if (ce <= cs) continue;
      if (cs > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = cs;
        runEnd = ce;
      } else if (ce > runEnd) runEnd = ce;
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    if (!ordered) {
      unordered = [];
      for (let c = i + 1; c < i + trace.size[i]!; c += trace.size[c]!) unordered.push([Math.max(s, start[c]!), Math.min(e, end[c]!)]);
      covered = unionLength(unordered);
    }
    self[i] = Math.max(0, e - s - covered);
  }
  return self;
}

function unionLength(intervals: [number, number][]): number {
  intervals.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let runStart = -Infinity;
  let runEnd = -Infinity;
  for (const [cs, ce] of intervals) {
    if (ce <= cs) continue;
    if (cs > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = cs;
      runEnd = ce;
    } else runEnd = Math.max(runEnd, ce);
  }
  return covered + (runEnd > runStart ? runEnd - runStart : 0);
}
