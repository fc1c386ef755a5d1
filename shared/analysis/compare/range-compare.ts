import type { Dataset } from '../../model/dataset.ts';
import { collectSpanFacts, traceIndexRange, type SpanFacts } from '../map/index.ts';
import { requestIndexOf, samplesOf, type RequestIndex, type SeriesSample } from './request-index.ts';
import { deltaOf, exceptionChanges, sideOf, TESTED_RATES, type AdjustedTest, type ExceptionChanges, type FigureTests, type FigureDelta, type RangeFigures, type Side, type TestedRate } from './figures.ts';
import { overlaidHistogram, type OverlaidHistogram } from './log-histogram.ts';
import { holmAdjusted, rankTest, rateTest, type TestResult } from './significance.ts';
import { reasonOf } from './reasons.ts';
import { resolveRanges, type CompareRanges, type CompareRangesRequest, type TimeRange } from './ranges.ts';

/** Family-wise significance level over all the tests of one comparison (Holm). */
export const ALPHA = 0.01;
/** Fewer completed requests than this in either range: "too few" instead of a verdict. */
export const MIN_REQUESTS = 20;

export interface ComparedFigure {
  /** The node's key or the edge's id (`source→target` of keys), as the map and Traces name them. */
  readonly id: string;
  readonly before: RangeFigures;
  readonly after: RangeFigures;
  readonly delta: FigureDelta;
  /** Null: too few requests in a range to decide (see `reason`). */
  readonly significant: boolean | null;
  /** In plain words: what changed beyond the noise, that nothing did, or why there is no verdict. */
  readonly reason: string;
  /** Null when too few. */
  readonly tests: FigureTests | null;
  /** How much it changed (the order): the largest |relative p50 or p90 change| or |rate change| among its significant tests (among all when none is). */
  readonly magnitude: number;
  readonly exceptions: ExceptionChanges;
}

export interface ComparedNode extends ComparedFigure {
  readonly name: string;
  readonly type: string;
}

export interface ComparedEdge extends ComparedFigure {
  readonly source: string;
  readonly target: string;
  readonly from: { readonly name: string; readonly type: string };
  readonly to: { readonly name: string; readonly type: string };
  readonly histogram: OverlaidHistogram;
}

export interface RangeComparison {
  readonly ranges: CompareRanges;
  /** Traces that start in each range. */
  readonly traces: { readonly before: number; readonly after: number };
  readonly alpha: number;
  readonly minRequests: number;
  /** Changed most first (see `order`); client nodes left out (X-Ray gives them no stats: their edges carry them). */
  readonly nodes: readonly ComparedNode[];
  readonly edges: readonly ComparedEdge[];
}

interface RangeSide {
  readonly range: TimeRange;
  readonly traces: number;
  /** By series number (RequestIndex.series). */
  readonly samples: ReadonlyMap<number, SeriesSample>;
  readonly facts: SpanFacts;
}

function rangeSide(dataset: Dataset, index: RequestIndex, range: TimeRange): RangeSide {
  const [first, end] = traceIndexRange(dataset.traces, range);
  // Every exception kind a node or edge has (not the map's top five): appeared or vanished is a set difference.
  const facts = collectSpanFacts(dataset.traces.slice(first, end), { top: 256 });
  return { range, traces: end - first, samples: samplesOf(index, first, end), facts };
}

/** A figure before its tests are adjusted. */
interface Pending {
  readonly id: string;
  readonly before: Side;
  readonly after: Side;
  readonly raw: { readonly latency: (TestResult & { readonly superiority: number }) | null; readonly rates: Readonly<Record<TestedRate, TestResult>> } | null;
}

function pendingOf(id: string, before: Side, after: Side): Pending {
  const [b, a] = [before.figures, after.figures];
  if (b.requests < MIN_REQUESTS || a.requests < MIN_REQUESTS) return { id, before, after, raw: null };
  const latency = before.sorted.length > 0 && after.sorted.length > 0 ? rankTest(before.sorted, after.sorted) : null;
  const rates = Object.fromEntries(TESTED_RATES.map((rate) => [rate, rateTest(b.counts[rate], b.requests, a.counts[rate], a.requests)])) as Record<TestedRate, TestResult>;
  return { id, before, after, raw: { latency, rates } };
}

/** The comparison a request names (resolveRanges): what the worker's `compareRanges` query and the command line answer. */
export function compareRequested(dataset: Dataset, request: CompareRangesRequest): RangeComparison {
  return compareRanges(dataset, resolveRanges(dataset, request));
}

/**
 * Compares two ranges of an incident's traces: the requests the computed service graph (graph/)
 * counts for the traces that start in each (map/ traceIndexRange, as the map of a range picks
 * them), read from the dataset's request index, node by node and edge by edge. Method, order and
 * limits: docs/compare.md.
 */
export function compareRanges(dataset: Dataset, ranges: CompareRanges): RangeComparison {
  const index = requestIndexOf(dataset);
  const before = rangeSide(dataset, index, ranges.before);
  const after = rangeSide(dataset, index, ranges.after);
  const link = (range: TimeRange, key: 'node' | 'edge', id: string) => ({ window: range, [key]: id });
  const pendingNodes: Pending[] = [];
  const pendingEdges: Pending[] = [];
  const ends = new Map<string, readonly [string, string]>();
  index.series.forEach((series, s) => {
    if (!before.samples.has(s) && !after.samples.has(s)) return;
    if (series.kind === 'edge') ends.set(series.id, [series.source, series.target]);
    // Client nodes have no stats of their own (X-Ray's): the walk reports none, so none is here.
    const sides = [sideOf(before.samples.get(s), link(before.range, series.kind, series.id)), sideOf(after.samples.get(s), link(after.range, series.kind, series.id))] as const;
    (series.kind === 'node' ? pendingNodes : pendingEdges).push(pendingOf(series.id, ...sides));
  });
  const names = index.nodes;
  const adjust = adjuster([...pendingNodes, ...pendingEdges]);
  const nodes = pendingNodes.map((pending): ComparedNode => ({
    ...finish(pending, adjust, exceptionChanges(before.facts.nodeExceptions.get(pending.id), after.facts.nodeExceptions.get(pending.id))),
    ...names.get(pending.id)!,
  }));
  const edges = pendingEdges.map((pending): ComparedEdge => {
    const [source, target] = ends.get(pending.id)!;
    return {
      ...finish(pending, adjust, exceptionChanges(before.facts.edgeExceptions.get(pending.id), after.facts.edgeExceptions.get(pending.id))),
      source,
      target,
      from: names.get(source)!,
      to: names.get(target)!,
      histogram: overlaidHistogram(pending.before.sorted, pending.after.sorted),
    };
  });
  return { ranges, traces: { before: before.traces, after: after.traces }, alpha: ALPHA, minRequests: MIN_REQUESTS, nodes: order(nodes), edges: order(edges) };
}

/** Holm's adjustment of every p-value of the comparison, looked up by the raw p-value's place. */
function adjuster(pending: readonly Pending[]): (test: TestResult) => AdjustedTest {
  const tests: TestResult[] = [];
  for (const figure of pending) {
    if (figure.raw === null) continue;
    if (figure.raw.latency !== null) tests.push(figure.raw.latency);
    for (const rate of TESTED_RATES) tests.push(figure.raw.rates[rate]);
  }
  const adjusted = holmAdjusted(tests.map((test) => test.p));
  const byTest = new Map(tests.map((test, i) => [test, adjusted[i]!]));
  return (test) => {
    const adjustedP = byTest.get(test)!;
    return { ...test, adjustedP, significant: adjustedP < ALPHA };
  };
}

function finish(pending: Pending, adjust: (test: TestResult) => AdjustedTest, exceptions: ExceptionChanges): ComparedFigure {
  const before = pending.before.figures;
  const after = pending.after.figures;
  const delta = deltaOf(before, after);
  const base = { id: pending.id, before, after, delta, exceptions };
  if (pending.raw === null) return { ...base, significant: null, tests: null, magnitude: 0, reason: reasonOf(before, after, delta, null, MIN_REQUESTS) };
  const latency = pending.raw.latency === null ? null : { ...adjust(pending.raw.latency), superiority: pending.raw.latency.superiority };
  const rates = Object.fromEntries(TESTED_RATES.map((rate) => [rate, adjust(pending.raw!.rates[rate])])) as Record<TestedRate, AdjustedTest>;
  const tests: FigureTests = { latency, rates };
  const significant = latency?.significant === true || TESTED_RATES.some((rate) => rates[rate].significant);
  return { ...base, significant, tests, magnitude: magnitudeOf(delta, tests, significant), reason: reasonOf(before, after, delta, tests, MIN_REQUESTS) };
}

function magnitudeOf(delta: FigureDelta, tests: FigureTests, significant: boolean): number {
  let magnitude = 0;
  if (tests.latency !== null && (!significant || tests.latency.significant)) {
    magnitude = Math.max(magnitude, Math.abs(delta.relativeLatency?.p50 ?? 0), Math.abs(delta.relativeLatency?.p90 ?? 0));
  }
  for (const rate of TESTED_RATES) if (!significant || tests.rates[rate].significant) magnitude = Math.max(magnitude, Math.abs(delta.rates?.[rate] ?? 0));
  return magnitude;
}

const VERDICT_ORDER = (figure: ComparedFigure): number => (figure.significant === true ? 0 : figure.significant === false ? 1 : 2);

/** Significant first, then no change, then too few; within each the largest magnitude first, then the most requests, then by id. */
function order<T extends ComparedFigure>(figures: T[]): T[] {
  return figures.sort(
    (a, b) =>
      VERDICT_ORDER(a) - VERDICT_ORDER(b) ||
      b.magnitude - a.magnitude ||
      b.before.requests + b.after.requests - (a.before.requests + a.after.requests) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
