import type { TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import { StatusBit, statusOfBits, type RequestStatus } from '../../../../shared/model/status.ts';

/**
 * What the two-trace views read from a TraceComparison, straight from its typed columns: no object
 * per row is made up front; a row's values are read when it is drawn.
 */

/** The merged rows in tree order (collapsed subtrees skipped), or flat by |duration delta| or |self-time delta|. */
export type CompareSort = 'tree' | 'duration' | 'self';
export const COMPARE_SORTS: readonly CompareSort[] = ['tree', 'duration', 'self'];

/** The rows to show, in order: pre-order without the descendants of collapsed rows, or every row sorted. */
export function shownRows(comparison: TraceComparison, collapsed: Uint8Array, sort: CompareSort): Int32Array {
  if (sort === 'duration') return comparison.byDelta;
  if (sort === 'self') return bySelfDelta(comparison);
  const { rowCount, rows } = comparison;
  const out = new Int32Array(rowCount);
  let n = 0;
  for (let r = 0; r < rowCount; r++) {
    out[n++] = r;
    if (collapsed[r] === 1) r += rows.subtreeRows[r]! - 1;
  }
  return out.subarray(0, n);
}

const selfOrders = new WeakMap<TraceComparison, Int32Array>();

/** As `byDelta` is for durations: non-zero |self delta| largest first (ties in row order), then zero, then unknown. Cached per answer. */
export function bySelfDelta(comparison: TraceComparison): Int32Array {
  const cached = selfOrders.get(comparison);
  if (cached) return cached;
  const delta = comparison.rows.selfDelta;
  const n = comparison.rowCount;
  const order = new Int32Array(n);
  let changed = 0;
  let known = 0;
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(delta[r]!)) continue;
    known++;
    if (delta[r] !== 0) changed++;
  }
  let front = 0;
  let zero = changed;
  let back = known;
  for (let r = 0; r < n; r++) {
    const value = delta[r]!;
    if (Number.isNaN(value)) order[back++] = r;
    else if (value === 0) order[zero++] = r;
    else order[front++] = r;
  }
  order.subarray(0, changed).sort((x, y) => Math.abs(delta[y]!) - Math.abs(delta[x]!) || x - y);
  selfOrders.set(comparison, order);
  return order;
}

export type Side = 'before' | 'after';

/** The side's StatusBit bits of row r (0 where it has no span). */
export function sideBits(comparison: TraceComparison, r: number, side: Side): number {
  const bits = comparison.rows.status[r]!;
  return side === 'before' ? bits & 15 : (bits >> 4) & 15;
}

export function sideStatus(comparison: TraceComparison, r: number, side: Side): RequestStatus {
  return statusOfBits(sideBits(comparison, r, side));
}

export function inProgress(comparison: TraceComparison, r: number, side: Side): boolean {
  return (sideBits(comparison, r, side) & StatusBit.inProgress) !== 0;
}

/** Which traces have row r: both, or only one. */
export function presence(comparison: TraceComparison, r: number): 'both' | Side {
  if (comparison.rows.before[r]! < 0) return 'after';
  if (comparison.rows.after[r]! < 0) return 'before';
  return 'both';
}

/** The label of row r as people read it: the name, with the node where the span's node is its own. */
/** `node` where the span has a node of its own: `name (type)`; `type` alone too, for a row whose name is its node's. */
export function rowName(comparison: TraceComparison, r: number): { readonly name: string; readonly node: string | undefined; readonly type: string | undefined } {
  const label = comparison.labels[comparison.rows.label[r]!]!;
  if (comparison.rows.ownsNode[r] !== 1 || label.node === '') return { name: label.name || '(unnamed)', node: undefined, type: undefined };
  return { name: label.name || label.node, node: label.type ? `${label.node} (${label.type})` : label.node, type: label.type || undefined };
}

/** The largest |duration delta| and |self delta| of any row: the delta bars' scale (0 when nothing changed). */
export function largestDeltas(comparison: TraceComparison): { readonly duration: number; readonly self: number } {
  let duration = 0;
  let self = 0;
  const { durationDelta, selfDelta } = comparison.rows;
  for (let r = 0; r < comparison.rowCount; r++) {
    const d = Math.abs(durationDelta[r]!);
    const s = Math.abs(selfDelta[r]!);
    if (d > duration) duration = d;
    if (s > self) self = s;
  }
  return { duration, self };
}

/** Spans in the subtrees only one trace has. */
export function onlySpans(comparison: TraceComparison, side: Side): number {
  const roots = side === 'before' ? comparison.onlyBefore : comparison.onlyAfter;
  let spans = 0;
  for (const r of roots) spans += comparison.rows.subtreeRows[r]!;
  return spans;
}

/** The merged row of a side's span (its first root for 0), -1 when absent. */
export function rowOfSpan(comparison: TraceComparison, side: Side, span: number): number {
  return comparison.rows[side].indexOf(span);
}

/** No duration, self time or status differs and every span is matched. */
export function identical(comparison: TraceComparison): boolean {
  if (comparison.matched !== comparison.rowCount || comparison.statusChanged.length > 0 || comparison.criticalChanged.length > 0) return false;
  const { durationDelta, selfDelta } = comparison.rows;
  for (let r = 0; r < comparison.rowCount; r++) if ((durationDelta[r] !== 0 && !Number.isNaN(durationDelta[r]!)) || (selfDelta[r] !== 0 && !Number.isNaN(selfDelta[r]!))) return false;
  return true;
}

/** The nearest row at or above r that is shown (r itself unless a collapsed ancestor hides it). */
export function shownAncestor(comparison: TraceComparison, collapsed: Uint8Array, r: number): number {
  let shown = r;
  for (let p = comparison.rows.parentRow[r]!; p >= 0; p = comparison.rows.parentRow[p]!) if (collapsed[p] === 1) shown = p;
  return shown;
}

/**
 * A delta to the microsecond, X-Ray's precision: differences of epoch seconds carry ~1e-7 s of
 * float noise, which must read as 0, not as "-0 µs" or a sliver of a bar.
 */
export function roundDelta(seconds: number): number {
  // NaN (no delta) stays NaN; -0 becomes 0.
  return Number.isNaN(seconds) ? NaN : Math.round(seconds * 1e6) / 1e6 + 0;
}
