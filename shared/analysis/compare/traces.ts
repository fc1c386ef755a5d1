import type { Trace } from '../../model/trace.ts';
import { packSpan, rankOfBits, spanKindNumber, STATUS_BITS, statusBitsOf } from '../../model/status.ts';
import { clipIntervals, computeCriticalPath, computeSelfTimes, type SpanColumns } from '../trace/index.ts';
import { LabelTable, matchSpans, type PathLabel, type TraceSteps } from './traces-paths.ts';

/**
 * Two traces compared span by span (docs/compare-traces.md "Two traces"): spans matched by their
 * path (traces-paths.ts), and the merged tree of both as rows with the values of each side and the
 * deltas as columns — what a view draws as one merged waterfall (sorted by |delta| through
 * `byDelta`) or as two waterfalls side by side (`before` and `after` name each row's span in its
 * own trace, in the pre-order the waterfall's tree uses).
 *
 * Rows are in pre-order: the before trace's spans in its order, and each subtree that only the
 * after trace has right after the other children of its parent (its parent is matched: a path's
 * parent path is in every trace that has the path). Linear in the spans of both, plus the sort of
 * `byDelta` and the critical paths' (critical-path.ts).
 */
export interface TraceComparisonSide {
  readonly traceId: string;
  readonly spans: number;
  /** Epoch seconds. */
  readonly start: number;
  /** Seconds from the trace's first start to its last end. */
  readonly duration: number;
  /** Spans on its critical path. */
  readonly criticalSpans: number;
}

/** Per merged row. Times in seconds; NaN where the side has no such span (or it is in progress, for durations). */
export interface TraceComparisonRows {
  readonly depth: Int32Array;
  /** The row of the parent, -1 for a root. */
  readonly parentRow: Int32Array;
  /** Rows in the subtree of each row, itself included. */
  readonly subtreeRows: Int32Array;
  /** The span in the before / after trace (its index in that trace's pre-order), -1 when it has none. */
  readonly before: Int32Array;
  readonly after: Int32Array;
  /** An index in `labels`: the span's name and service node. */
  readonly label: Int32Array;
  /** Its position among its siblings with the same label (0: the first). */
  readonly ordinal: Int32Array;
  /** 1 where the row's service node is its own (it is a segment, an inferred span or a root), 0 where it runs on its parent's. */
  readonly ownsNode: Uint8Array;
  /** Start offsets from each trace's start. */
  readonly beforeStart: Float64Array;
  readonly afterStart: Float64Array;
  readonly beforeDuration: Float64Array;
  readonly afterDuration: Float64Array;
  /** after − before, NaN unless the row is matched and both durations are known. */
  readonly durationDelta: Float64Array;
  /** Self time (critical-path.ts computeSelfTimes): its time not covered by its children. */
  readonly beforeSelf: Float64Array;
  readonly afterSelf: Float64Array;
  readonly selfDelta: Float64Array;
  /** StatusBit bits of the before span in bits 0–3, of the after span in bits 4–7 (0 where absent: read `before`/`after`). */
  readonly status: Uint8Array;
  /** Bit 1: on the before trace's critical path; bit 2: on the after trace's. */
  readonly critical: Uint8Array;
}

export interface TraceComparison {
  readonly before: TraceComparisonSide;
  readonly after: TraceComparisonSide;
  readonly rowCount: number;
  readonly rows: TraceComparisonRows;
  readonly labels: readonly PathLabel[];
  /** Matched rows with a known delta by |durationDelta|, largest first (ties in row order), then the others in row order. */
  readonly byDelta: Int32Array;
  /** The roots of the subtrees only one trace has (their subtreeRows is their size), in row order. */
  readonly onlyBefore: Int32Array;
  readonly onlyAfter: Int32Array;
  /** Matched rows whose status differs (statusOf of each side). */
  readonly statusChanged: Int32Array;
  /** Rows on one critical path and not on the other (a row only one trace has counts when it is on that one's path). */
  readonly criticalChanged: Int32Array;
  readonly matched: number;
}

export const CRITICAL_BEFORE = 1;
export const CRITICAL_AFTER = 2;

interface SideFacts {
  readonly trace: Trace;
  readonly paths: TraceSteps;
  /** The spans' times and StatusBit bits read once (the later passes read no span object). */
  readonly columns: SpanColumns;
  readonly self: Float64Array;
  readonly onPath: Uint8Array;
  readonly criticalSpans: number;
}

function columnsOf(trace: Trace): SpanColumns {
  const n = trace.spans.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const packed = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const span = trace.spans[i]!;
    starts[i] = span.start;
    ends[i] = span.end ?? NaN;
    packed[i] = packSpan(spanKindNumber(span.kind), statusBitsOf(span));
  }
  return { starts, ends, packed };
}

function factsOf(trace: Trace, paths: TraceSteps): SideFacts {
  const columns = columnsOf(trace);
  // With columns, the waterfall's passes read times from them, not from the spans.
  const withColumns = { ...trace, columns };
  const clipped = clipIntervals(withColumns);
  const critical = computeCriticalPath(withColumns, clipped);
  return { trace, paths, columns, self: computeSelfTimes(withColumns, clipped), onPath: critical.onPath, criticalSpans: critical.spans.length };
}

const sideOf = (facts: SideFacts): TraceComparisonSide => ({
  traceId: facts.trace.id,
  spans: facts.trace.spans.length,
  start: facts.trace.start,
  duration: facts.trace.end - facts.trace.start,
  criticalSpans: facts.criticalSpans,
});

export function compareTraces(before: Trace, after: Trace): TraceComparison {
  const table = new LabelTable();
  const stepsA = table.stepsOf(before);
  const stepsB = table.stepsOf(after);
  const a = factsOf(before, stepsA);
  const b = factsOf(after, stepsB);
  const nA = before.spans.length;
  const nB = after.spans.length;
  const { matchOfA, matchOfB } = matchSpans(before, after, stepsA, stepsB, table.labels.length);
  let matched = 0;
  for (let i = 0; i < nA; i++) if (matchOfA[i]! >= 0) matched++;
  // Subtrees only the after trace has, listed under the before span their parent matched (or the roots).
  const firstOnly = new Int32Array(nA).fill(-1);
  const lastOnly = new Int32Array(nA).fill(-1);
  const nextOnly = new Int32Array(nB).fill(-1);
  const rootOnly: number[] = [];
  let onlyAfterSpans = 0;
  for (let j = 0; j < nB; j += matchOfB[j]! >= 0 ? 1 : after.size[j]!) {
    if (matchOfB[j]! >= 0) continue;
    onlyAfterSpans += after.size[j]!;
    const p = after.parent[j]!;
    if (p < 0) rootOnly.push(j);
    else {
      const i = matchOfB[p]!;
      if (lastOnly[i]! < 0) firstOnly[i] = j;
      else nextOnly[lastOnly[i]!] = j;
      lastOnly[i] = j;
    }
  }
  const rowCount = nA + onlyAfterSpans;
  const rows = allocateRows(rowCount);
  const rowOfA = new Int32Array(nA);
  const rowOfB = new Int32Array(nB).fill(-1);
  let row = 0;
  const emitAfterSubtree = (root: number): void => {
    for (let j = root; j < root + after.size[root]!; j++) {
      const p = after.parent[j]!;
      writeRow(rows, row, -1, j, a, b, p < 0 ? -1 : rowOfB[p]!);
      rowOfB[j] = row++;
    }
  };
  const closeSpan = (i: number): void => {
    for (let j = firstOnly[i]!; j >= 0; j = nextOnly[j]!) emitAfterSubtree(j);
  };
  const open: number[] = [];
  for (let i = 0; i < nA; i++) {
    while (open.length > 0 && i >= open[open.length - 1]! + before.size[open[open.length - 1]!]!) closeSpan(open.pop()!);
    const p = before.parent[i]!;
    const j = matchOfA[i]!;
    writeRow(rows, row, i, j, a, b, p < 0 ? -1 : rowOfA[p]!);
    rowOfA[i] = row;
    if (j >= 0) rowOfB[j] = row;
    row++;
    open.push(i);
  }
  while (open.length > 0) closeSpan(open.pop()!);
  for (const j of rootOnly) emitAfterSubtree(j);
  const subtree = rows.subtreeRows;
  subtree.fill(1);
  for (let r = rowCount - 1; r > 0; r--) if (rows.parentRow[r]! >= 0) subtree[rows.parentRow[r]!]! += subtree[r]!;
  return {
    before: sideOf(a),
    after: sideOf(b),
    rowCount,
    rows,
    labels: table.labels,
    matched,
    ...rowLists(rows, rowCount),
  };
}

type MutableRows = { -readonly [K in keyof TraceComparisonRows]: TraceComparisonRows[K] };

function allocateRows(n: number): MutableRows {
  return {
    depth: new Int32Array(n),
    parentRow: new Int32Array(n),
    subtreeRows: new Int32Array(n),
    before: new Int32Array(n),
    after: new Int32Array(n),
    label: new Int32Array(n),
    ordinal: new Int32Array(n),
    ownsNode: new Uint8Array(n),
    beforeStart: new Float64Array(n),
    afterStart: new Float64Array(n),
    beforeDuration: new Float64Array(n),
    afterDuration: new Float64Array(n),
    durationDelta: new Float64Array(n),
    beforeSelf: new Float64Array(n),
    afterSelf: new Float64Array(n),
    selfDelta: new Float64Array(n),
    status: new Uint8Array(n),
    critical: new Uint8Array(n),
  };
}

/** Row r: span i of the before trace (-1: none) and span j of the after trace (-1: none). */
function writeRow(rows: MutableRows, r: number, i: number, j: number, a: SideFacts, b: SideFacts, parentRow: number): void {
  const side = i >= 0 ? a : b;
  const k = i >= 0 ? i : j;
  rows.depth[r] = side.trace.depth[k]!;
  rows.parentRow[r] = parentRow;
  rows.before[r] = i;
  rows.after[r] = j;
  rows.label[r] = side.paths.label[k]!;
  rows.ordinal[r] = side.paths.ordinal[k]!;
  rows.ownsNode[r] = side.paths.ownsNode[k]!;
  let status = 0;
  let critical = 0;
  if (i >= 0) {
    const { starts, ends, packed } = a.columns;
    rows.beforeStart[r] = starts[i]! - a.trace.start;
    rows.beforeDuration[r] = ends[i]! - starts[i]!;
    rows.beforeSelf[r] = a.self[i]!;
    status |= packed[i]! & STATUS_BITS;
    critical |= a.onPath[i]! ? CRITICAL_BEFORE : 0;
  } else rows.beforeStart[r] = rows.beforeDuration[r] = rows.beforeSelf[r] = NaN;
  if (j >= 0) {
    const { starts, ends, packed } = b.columns;
    rows.afterStart[r] = starts[j]! - b.trace.start;
    rows.afterDuration[r] = ends[j]! - starts[j]!;
    rows.afterSelf[r] = b.self[j]!;
    status |= (packed[j]! & STATUS_BITS) << 4;
    critical |= b.onPath[j]! ? CRITICAL_AFTER : 0;
  } else rows.afterStart[r] = rows.afterDuration[r] = rows.afterSelf[r] = NaN;
  // NaN on either side (absent, in progress) makes the delta NaN.
  rows.durationDelta[r] = rows.afterDuration[r]! - rows.beforeDuration[r]!;
  rows.selfDelta[r] = rows.afterSelf[r]! - rows.beforeSelf[r]!;
  rows.status[r] = status;
  rows.critical[r] = critical;
}

function rowLists(rows: TraceComparisonRows, n: number): Pick<TraceComparison, 'byDelta' | 'onlyBefore' | 'onlyAfter' | 'statusChanged' | 'criticalChanged'> {
  const onlyBefore: number[] = [];
  const onlyAfter: number[] = [];
  const statusChanged: number[] = [];
  const criticalChanged: number[] = [];
  let known = 0;
  for (let r = 0; r < n; r++) {
    const i = rows.before[r]!;
    const j = rows.after[r]!;
    const parent = rows.parentRow[r]!;
    // A subtree root: absent on one side where its parent (or, for a root, nothing) is present.
    if (j < 0 && (parent < 0 || rows.after[parent]! >= 0)) onlyBefore.push(r);
    if (i < 0 && (parent < 0 || rows.before[parent]! >= 0)) onlyAfter.push(r);
    const status = rows.status[r]!;
    if (i >= 0 && j >= 0 && rankOfBits(status & STATUS_BITS) !== rankOfBits(status >> 4)) statusChanged.push(r);
    const critical = rows.critical[r]!;
    if (critical === CRITICAL_BEFORE || critical === CRITICAL_AFTER) criticalChanged.push(r);
    if (!Number.isNaN(rows.durationDelta[r]!)) known++;
  }
  // Rows with a non-zero delta first, by |delta|; then those with none, then those without one
  // (ties and the rest in row order): only the non-zero ones need the sort, often a few.
  const byDelta = new Int32Array(n);
  const delta = rows.durationDelta;
  let changed = 0;
  for (let r = 0; r < n; r++) if (delta[r]! !== 0 && !Number.isNaN(delta[r]!)) changed++;
  let front = 0;
  let zero = changed;
  let back = known;
  for (let r = 0; r < n; r++) {
    const value = delta[r]!;
    if (Number.isNaN(value)) byDelta[back++] = r;
    else if (value === 0) byDelta[zero++] = r;
    else byDelta[front++] = r;
  }
  byDelta.subarray(0, changed).sort((x, y) => Math.abs(delta[y]!) - Math.abs(delta[x]!) || x - y);
  return { byDelta, onlyBefore: Int32Array.from(onlyBefore), onlyAfter: Int32Array.from(onlyAfter), statusChanged: Int32Array.from(statusChanged), criticalChanged: Int32Array.from(criticalChanged) };
}
