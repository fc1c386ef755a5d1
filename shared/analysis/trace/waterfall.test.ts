import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  collapseAll,
  collapseToDepth,
  createWaterfallState,
  expandAll,
  isCollapsed,
  maxDepth,
  revealSpan,
  rowCount,
  rowNearSpan,
  rowOfSpan,
  setCollapsed,
  spanAtRow,
  toggleCollapsed,
  type WaterfallState,
} from './waterfall.ts';
import { assembleFixtureTraces, assembleTree } from '../../../test/support/trace-documents.ts';

/** A random forest: node k's parent is -1 or an earlier node; plus start times. */
const forest = fc
  .integer({ min: 1, max: 60 })
  .chain((n) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: n }, (_, k) => (k === 0 ? fc.constant(-1) : fc.integer({ min: -1, max: k - 1 })))),
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
    ),
  );

type Op = { kind: 'collapse' | 'expand' | 'toggle' | 'reveal'; node: number } | { kind: 'expandAll' } | { kind: 'depth'; depth: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('collapse' as const, 'expand' as const, 'toggle' as const, 'reveal' as const), node: fc.nat(59) }),
  fc.constant({ kind: 'expandAll' as const }),
  fc.record({ kind: fc.constant('depth' as const), depth: fc.integer({ min: 0, max: 6 }) }),
);

/** The naive reference: recursion over the original parent list, children by start time then number. */
class Reference {
  readonly children: number[][];
  readonly roots: number[];
  readonly collapsed = new Set<number>();
  constructor(
    readonly parents: readonly number[],
    starts: readonly number[],
  ) {
    this.children = parents.map(() => []);
    this.roots = [];
    parents.forEach((p, k) => (p < 0 ? this.roots : this.children[p]!).push(k));
    const byStart = (a: number, b: number): number => starts[a]! - starts[b]! || a - b;
    this.roots.sort(byStart);
    for (const list of this.children) list.sort(byStart);
  }
  depthOf(k: number): number {
    return this.parents[k]! < 0 ? 0 : this.depthOf(this.parents[k]!) + 1;
  }
  visible(): string[] {
    const out: string[] = [];
    const visit = (k: number): void => {
      out.push(`n${k}`);
      if (!this.collapsed.has(k)) for (const c of this.children[k]!) visit(c);
    };
    for (const r of this.roots) visit(r);
    return out;
  }
  apply(o: Op): void {
    if (o.kind === 'expandAll') this.collapsed.clear();
    else if (o.kind === 'depth') {
      this.collapsed.clear();
      this.parents.forEach((_, k) => {
        if (this.depthOf(k) >= o.depth && this.children[k]!.length > 0) this.collapsed.add(k);
      });
    } else if (o.node < this.parents.length && this.children[o.node]!.length > 0) {
      const has = this.collapsed.has(o.node);
      if (o.kind === 'collapse' || (o.kind === 'toggle' && !has)) this.collapsed.add(o.node);
      if (o.kind === 'expand' || (o.kind === 'toggle' && has)) this.collapsed.delete(o.node);
    }
    if (o.kind === 'reveal' && o.node < this.parents.length) {
      for (let p = this.parents[o.node]!; p >= 0; p = this.parents[p]!) this.collapsed.delete(p);
    }
  }
}

function applyOp(state: WaterfallState, o: Op, spanOf: (node: number) => number): WaterfallState {
  switch (o.kind) {
    case 'expandAll':
      return expandAll(state);
    case 'depth':
      return collapseToDepth(state, o.depth);
    case 'collapse':
    case 'expand':
    case 'toggle':
    case 'reveal': {
      const span = spanOf(o.node);
      if (span < 0) return state;
      if (o.kind === 'reveal') return revealSpan(state, span);
      if (o.kind === 'toggle') return toggleCollapsed(state, span);
      return setCollapsed(state, span, o.kind === 'collapse');
    }
  }
}

function visibleIds(state: WaterfallState): string[] {
  return Array.from(state.rows, (i) => state.trace.spans[i]!.id);
}

describe('waterfall rows', () => {
  it('start from the row list a trace brings, shared and never changed by collapsing or expanding', () => {
    const parents = Array.from({ length: 400 }, (_, k) => (k === 0 ? -1 : Math.floor((k - 1) / 3)));
    const plain = assembleTree(parents);
    const allRows = Int32Array.from(plain.spans, (_, i) => i);
    const trace = { ...plain, allRows };
    let state = createWaterfallState(trace);
    expect(state.rows).toBe(allRows);
    state = setCollapsed(state, 1, true);
    state = toggleCollapsed(state, 2);
    expect(visibleIds(state)).toEqual(visibleIds(toggleCollapsed(setCollapsed(createWaterfallState(plain), 1, true), 2)));
    expect(visibleIds(expandAll(state))).toEqual(visibleIds(createWaterfallState(plain)));
    expect(Array.from(allRows)).toEqual(plain.spans.map((_, i) => i));
  });

  it('equal a naive recursive reference after any sequence of operations on random trees', () => {
    fc.assert(
      fc.property(forest, fc.array(op, { maxLength: 25 }), ([parents, starts], ops) => {
        const trace = assembleTree(parents, starts);
        const spanOf = (node: number): number => trace.spans.findIndex((s) => s.id === `n${node}`);
        const reference = new Reference(parents, starts);
        let state = createWaterfallState(trace);
        expect(visibleIds(state)).toEqual(reference.visible());
        for (const o of ops) {
          state = applyOp(state, o, spanOf);
          reference.apply(o);
          expect(visibleIds(state)).toEqual(reference.visible());
          for (let k = 0; k < parents.length; k++) {
            const span = spanOf(k);
            expect(isCollapsed(state, span)).toBe(reference.collapsed.has(k));
            const row = rowOfSpan(state, span);
            expect(row === -1 ? undefined : spanAtRow(state, row)).toBe(row === -1 ? undefined : span);
          }
          if (o.kind === 'reveal' && o.node < parents.length) expect(rowOfSpan(state, spanOf(o.node))).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shows the real BatchGetTraces fixture fully expanded and collapses a segment subtree', () => {
    const [trace] = assembleFixtureTraces('aws-cli-examples/batch-get-traces_output.json');
    let state = createWaterfallState(trace!);
    expect(rowCount(state)).toBe(trace!.spans.length);
    const root = 0;
    state = setCollapsed(state, root, true);
    // The root's subtree is the whole first tree; only other roots remain after it.
    const roots = Array.from(trace!.parent).filter((p) => p === -1).length;
    expect(rowCount(state)).toBe(roots);
    expect(spanAtRow(state, 0)).toBe(root);
  });

  it('collapses to a depth, and collapse all leaves only the roots', () => {
    const parents = [-1, 0, 1, 2, 2, 0, 5, -1];
    const trace = assembleTree(parents);
    const state = createWaterfallState(trace);
    expect(maxDepth(trace)).toBe(3);
    const depth1 = collapseToDepth(state, 1);
    expect(Array.from(depth1.rows, (i) => trace.depth[i]!).every((d) => d <= 1)).toBe(true);
    expect(visibleIds(depth1)).toEqual(['n0', 'n1', 'n5', 'n7']);
    expect(visibleIds(collapseAll(state))).toEqual(['n0', 'n7']);
    // Expanding a span collapsed by depth shows its children, themselves still collapsed.
    const opened = setCollapsed(depth1, trace.spans.findIndex((s) => s.id === 'n1'), false);
    expect(visibleIds(opened)).toEqual(['n0', 'n1', 'n2', 'n5', 'n7']);
  });

  it('handles a 10,000-deep chain and 100,000 spans without recursion', () => {
    const chain = Array.from({ length: 10_000 }, (_, k) => k - 1);
    const deep = createWaterfallState(assembleTree(chain));
    expect(rowCount(deep)).toBe(10_000);
    expect(rowCount(setCollapsed(deep, 5_000, true))).toBe(5_001);
    expect(rowCount(collapseToDepth(deep, 100))).toBe(101);
    expect(rowOfSpan(revealSpan(collapseAll(deep), 9_999), 9_999)).toBe(9_999);

    // 100,000 spans: a root with 1,000 children of 99 leaves each.
    const wide = Array.from({ length: 100_000 }, (_, k) => (k === 0 ? -1 : k <= 1_000 ? 0 : 1 + Math.floor((k - 1_001) / 99)));
    const big = createWaterfallState(assembleTree(wide));
    const folded = collapseToDepth(big, 1);
    expect(rowCount(folded)).toBe(1_001);
    expect(rowCount(expandAll(folded))).toBe(100_000);
    const child = spanAtRow(folded, 500);
    const one = setCollapsed(folded, child, false);
    expect(rowCount(one)).toBe(1_001 + 99);
    expect(spanAtRow(one, 501)).toBe(child + 1);
  });
});

describe('rowNearSpan', () => {
  it('finds the row of a visible span, or of the collapsed ancestor hiding it', () => {
    const trace = assembleTree([-1, 0, 1, 1, 0, -1]);
    const state = setCollapsed(createWaterfallState(trace), 1, true);
    expect(visibleIds(state)).toEqual(['n0', 'n1', 'n4', 'n5']);
    expect(rowNearSpan(state, 4)).toBe(2);
    expect(rowNearSpan(state, 2)).toBe(1);
    expect(rowNearSpan(state, 3)).toBe(1);
  });
});
