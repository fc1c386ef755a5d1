import type { WaterfallTrace } from './waterfall-trace.ts';

/**
 * The rows of the latency waterfall: which spans are visible when some subtrees are collapsed.
 *
 * Relies on the Trace guarantee that `spans` are in pre-order DFS order, so the subtree of span i
 * is exactly spans[i, i + size[i]). The visible rows are therefore found by walking the spans and
 * jumping over each collapsed subtree with `size` — O(visible rows), never a recursion — and they
 * come out as strictly increasing span indices, which makes "which row shows span i" a binary
 * search. States are immutable: every operation returns a new state (new typed arrays), so React
 * can compare them by identity. Each operation is O(n) at worst with tiny constants (typed-array
 * fills and copies): about a millisecond at 100,000 spans.
 */
export interface WaterfallState {
  readonly trace: WaterfallTrace;
  /** Bit i is set when span i is collapsed. Only spans with children are ever set. */
  readonly collapsed: Uint32Array;
  /** The span index of each visible row, ascending. `rows.length` is the row count. */
  readonly rows: Int32Array;
}

function bitsetFor(n: number): Uint32Array {
  return new Uint32Array((n + 31) >>> 5);
}

function getBit(bits: Uint32Array, i: number): boolean {
  return ((bits[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

function setBit(bits: Uint32Array, i: number, on: boolean): void {
  if (on) bits[i >>> 5]! |= 1 << (i & 31);
  else bits[i >>> 5]! &= ~(1 << (i & 31));
}

/** Visible spans in [from, to): a walk that skips the inside of every collapsed span. */
function collectRows(trace: WaterfallTrace, collapsed: Uint32Array, from: number, to: number, out: Int32Array, at: number): number {
  const size = trace.size;
  let count = at;
  let i = from;
  while (i < to) {
    out[count++] = i;
    i += getBit(collapsed, i) ? size[i]! : 1;
  }
  return count;
}

function rowsFor(trace: WaterfallTrace, collapsed: Uint32Array): Int32Array {
  const n = trace.spans.length;
  const buffer = new Int32Array(n);
  const count = collectRows(trace, collapsed, 0, n, buffer, 0);
  return count === n ? buffer : buffer.slice(0, count);
}

/** Every span a row: 0, 1, … n − 1 (a tight fill, no walk: a million rows in a few milliseconds). */
export function everyRow(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/** The rows with nothing collapsed: the trace's own list when it brings one (states never change a row list, so it can be shared). */
function allRows(trace: WaterfallTrace): Int32Array {
  return trace.allRows?.length === trace.spans.length ? trace.allRows : everyRow(trace.spans.length);
}

/** All spans expanded, or collapsed below `collapsedDepth` when given (see `collapseToDepth`). */
export function createWaterfallState(trace: WaterfallTrace, options?: { readonly collapsedDepth?: number }): WaterfallState {
  const collapsed = bitsetFor(trace.spans.length);
  if (options?.collapsedDepth === undefined) return { trace, collapsed, rows: allRows(trace) };
  markDepth(trace, collapsed, options.collapsedDepth);
  return { trace, collapsed, rows: rowsFor(trace, collapsed) };
}

export function rowCount(state: WaterfallState): number {
  return state.rows.length;
}

/** The span shown on visible row `row`, or -1 when out of range. O(1). */
export function spanAtRow(state: WaterfallState, row: number): number {
  return row >= 0 && row < state.rows.length ? state.rows[row]! : -1;
}

/** The first row whose span index is ≥ span (rows.length if none). O(log rows). */
function lowerBound(rows: Int32Array, span: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]! < span) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The visible row showing `span`, or -1 when it is hidden inside a collapsed ancestor. O(log rows). */
export function rowOfSpan(state: WaterfallState, span: number): number {
  const row = lowerBound(state.rows, span);
  return state.rows[row] === span ? row : -1;
}

/**
 * The visible row nearest above or at `span` in span order: the row of span itself when visible,
 * else of its collapsed ancestor (or the visible span before it). 0 for an empty list.
 */
export function rowNearSpan(state: WaterfallState, span: number): number {
  const row = lowerBound(state.rows, span);
  if (state.rows[row] === span) return row;
  return Math.max(0, row - 1);
}

export function hasChildren(trace: WaterfallTrace, span: number): boolean {
  return (trace.size[span] ?? 0) > 1;
}

export function isCollapsed(state: WaterfallState, span: number): boolean {
  return span >= 0 && span < state.trace.spans.length && getBit(state.collapsed, span);
}

/** Collapse or expand one span. Hidden spans only change their bit; visible ones splice their subtree. */
export function setCollapsed(state: WaterfallState, span: number, collapse: boolean): WaterfallState {
  const { trace } = state;
  if (!hasChildren(trace, span) || isCollapsed(state, span) === collapse) return state;
  const collapsed = state.collapsed.slice();
  setBit(collapsed, span, collapse);
  const row = rowOfSpan(state, span);
  if (row < 0) return { trace, collapsed, rows: state.rows };
  const subtreeEnd = span + trace.size[span]!;
  const old = state.rows;
  if (collapse) {
    // Rows (row, after) are the visible descendants of span; drop them.
    const after = lowerBound(old, subtreeEnd);
    const rows = new Int32Array(old.length - (after - row - 1));
    rows.set(old.subarray(0, row + 1), 0);
    rows.set(old.subarray(after), row + 1);
    return { trace, collapsed, rows };
  }
  // Expanding: the descendants now visible are found by a skipping walk of the subtree alone.
  const inside = new Int32Array(trace.size[span]! - 1);
  const added = collectRows(trace, collapsed, span + 1, subtreeEnd, inside, 0);
  const rows = new Int32Array(old.length + added);
  rows.set(old.subarray(0, row + 1), 0);
  rows.set(inside.subarray(0, added), row + 1);
  rows.set(old.subarray(row + 1), row + 1 + added);
  return { trace, collapsed, rows };
}

export function toggleCollapsed(state: WaterfallState, span: number): WaterfallState {
  return setCollapsed(state, span, !isCollapsed(state, span));
}

export function expandAll(state: WaterfallState): WaterfallState {
  return { trace: state.trace, collapsed: bitsetFor(state.trace.spans.length), rows: allRows(state.trace) };
}

function markDepth(trace: WaterfallTrace, collapsed: Uint32Array, depth: number): void {
  const n = trace.spans.length;
  for (let i = 0; i < n; i++) {
    if (trace.depth[i]! >= depth && trace.size[i]! > 1) setBit(collapsed, i, true);
  }
}

/**
 * Show spans down to `depth` (0 = roots only): every span at that depth or deeper that has
 * children is collapsed, every shallower one expanded. Expanding a span later shows its children
 * collapsed, as Jaeger's "collapse to depth" does.
 */
export function collapseToDepth(state: WaterfallState, depth: number): WaterfallState {
  const collapsed = bitsetFor(state.trace.spans.length);
  markDepth(state.trace, collapsed, Math.max(0, depth));
  return { trace: state.trace, collapsed, rows: rowsFor(state.trace, collapsed) };
}

/** Only the roots visible. */
export function collapseAll(state: WaterfallState): WaterfallState {
  return collapseToDepth(state, 0);
}

/** Expand every ancestor of `span` so that it is visible (for search results and links). */
export function revealSpan(state: WaterfallState, span: number): WaterfallState {
  const { trace } = state;
  if (span < 0 || span >= trace.spans.length || rowOfSpan(state, span) >= 0) return state;
  const collapsed = state.collapsed.slice();
  for (let p = trace.parent[span]!; p >= 0; p = trace.parent[p]!) setBit(collapsed, p, false);
  return { trace, collapsed, rows: rowsFor(trace, collapsed) };
}

/** The deepest level of the trace (0 for a trace of roots only). */
export function maxDepth(trace: WaterfallTrace): number {
  if (trace.maxDepth !== undefined) return trace.maxDepth;
  let deepest = 0;
  for (let i = 0; i < trace.depth.length; i++) deepest = Math.max(deepest, trace.depth[i]!);
  return deepest;
}
