import { ticks } from 'd3-array';
import type { Dataset } from '../../model/dataset.ts';
import type { RootCauseKind } from './root-cause.ts';
import { groupRootCauses, hasRootCause, type RootCauseGroup } from './root-cause-groups.ts';
import { traceListRank, traceListRow, type TraceListRow } from './trace-list-row.ts';
import type { FilterProblem } from './errors.ts';
import { compileFilter } from './filter.ts';
import { TraceTable } from './trace-table.ts';
import { TraceRowsBuilder, traceSources } from './trace-rows.ts';

/**
 * The Traces view's queries, answered in the analysis worker: which traces match (a filter
 * expression, a map node or edge, a duration range, a root-cause group), in which order, one
 * page of rows at a time, plus the duration histogram and the root-cause groups of the matches.
 * Masks, sort orders and the last lists are kept, so paging and re-sorting cost little.
 */
export type TraceListSortKey = 'start' | 'duration' | 'responseTime' | 'status' | 'method' | 'url' | 'entry';
export const TRACE_LIST_SORT_KEYS: readonly TraceListSortKey[] = ['start', 'duration', 'responseTime', 'status', 'method', 'url', 'entry'];

export interface TraceQuery {
  /** An X-Ray filter expression (aws-reference.md §4); empty matches every trace. */
  readonly filter?: string;
  /** A service map node key (`type|name`): traces that reach it. */
  readonly node?: string;
  /** A service map edge `sourceKey→targetKey`: traces that make that call. */
  readonly edge?: string;
  /** Duration in seconds, both ends included. */
  readonly durationRange?: readonly [number, number];
  /** Start time in epoch seconds, both ends included (the timeline's brushed range). */
  readonly startWindow?: readonly [number, number];
  readonly rootCause?: { readonly kind: RootCauseKind; readonly key: string };
}

export interface TraceListRequest extends TraceQuery {
  readonly sort?: TraceListSortKey;
  readonly descending?: boolean;
  /**
   * Rows of large traces whose annotations are not read yet come without them (`annotationsPending`)
   * instead of waiting for their documents to be read; ask again without it to get them.
   */
  readonly quickAnnotations?: boolean;
  readonly offset: number;
  readonly limit: number;
}

export interface TraceListPage {
  /** Traces that match the whole query. */
  readonly total: number;
  /** Traces in the incident. */
  readonly all: number;
  readonly offset: number;
  readonly rows: readonly TraceListRow[];
  /** Set when the filter expression has an error; then nothing matches. */
  readonly problem?: FilterProblem;
}

export interface DurationHistogram {
  /** Bin edges in seconds: bin i is [edges[i], edges[i + 1]). */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export interface TraceStatsRequest extends TraceQuery {
  readonly groupKind?: RootCauseKind;
  /** About how many histogram bins (nice edges are chosen near it). */
  readonly bins?: number;
}

export interface TraceStats {
  readonly all: number;
  /** Durations of the traces that match everything but the duration range. */
  readonly histogram: DurationHistogram;
  /** Root-cause groups of the traces that match everything but the root-cause group. */
  readonly groups: readonly RootCauseGroup[];
  readonly problem?: FilterProblem;
}

const EDGE_SEPARATOR = '→';
const CACHE_SIZE = 8;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(key);
  }
  cache.set(key, value);
  return value;
}

type Mask = Uint8Array | FilterProblem | undefined;

export class TraceSearch {
  readonly table: TraceTable;
  private readonly masks = new Map<string, Mask>();
  private readonly orders = new Map<string, Int32Array>();
  private readonly lists = new Map<string, Int32Array | FilterProblem>();

  constructor(table: TraceTable) {
    this.table = table;
  }

  /** Traces in the given order that match; a filter problem when the expression is wrong. */
  matching(query: TraceQuery, sort: TraceListSortKey = 'start', descending = false, except?: 'range' | 'rootCause'): Int32Array | FilterProblem {
    const key = JSON.stringify([query.filter ?? '', query.node ?? '', query.edge ?? '', query.startWindow ?? null, except === 'range' ? null : query.durationRange ?? null, except === 'rootCause' ? null : query.rootCause ?? null, sort, descending]);
    return remember(this.lists, key, () => {
      const masks: Uint8Array[] = [];
      for (const mask of [this.filterMask(query.filter ?? ''), this.nodeMask(query.node), this.edgeMask(query.edge), except === 'rootCause' ? undefined : this.rootCauseMask(query.rootCause)]) {
        if (mask instanceof Uint8Array) masks.push(mask);
        else if (mask !== undefined) return mask;
      }
      const range = except === 'range' ? undefined : query.durationRange;
      const duration = this.table.duration;
      const window = query.startWindow;
      const start = this.table.start;
      const order = this.order(sort, descending);
      const out = new Int32Array(order.length);
      let count = 0;
      for (let n = 0; n < order.length; n++) {
        const i = order[n]!;
        let keep = true;
        for (const mask of masks) if (mask[i] === 0) keep = false;
        if (keep && range && !(duration[i]! >= range[0] && duration[i]! <= range[1])) keep = false;
        if (keep && window && !(start[i]! >= window[0] && start[i]! <= window[1])) keep = false;
        if (keep) out[count++] = i;
      }
      return out.slice(0, count);
    });
  }

  list(request: TraceListRequest): TraceListPage {
    const { offset, limit } = request;
    const matched = this.matching(request, request.sort ?? 'start', request.descending ?? false);
    if (!(matched instanceof Int32Array)) return { total: 0, all: this.table.size, offset, rows: [], problem: matched };
    const rows: TraceListRow[] = [];
    const end = Math.min(matched.length, offset + limit);
    for (let n = offset; n < end; n++) rows.push(traceListRow(this.table, matched[n]!, n, request.quickAnnotations === true));
    return { total: matched.length, all: this.table.size, offset, rows };
  }

  stats(request: TraceStatsRequest): TraceStats {
    const forHistogram = this.matching(request, 'start', false, 'range');
    if (!(forHistogram instanceof Int32Array)) return { all: this.table.size, histogram: { edges: [], counts: [] }, groups: [], problem: forHistogram };
    const histogram = durationHistogram(this.table.duration, forHistogram, request.bins ?? 40);
    const kind = request.groupKind ?? 'fault';
    const forGroups = this.matching(request, 'start', false, 'rootCause') as Int32Array;
    const groups = groupRootCauses(forGroups, (i) => this.table.rootCauses(i, kind), kind);
    return { all: this.table.size, histogram, groups };
  }

  private filterMask(text: string): Mask {
    if (text.trim() === '') return undefined;
    return remember(this.masks, `filter:${text}`, () => {
      const compiled = compileFilter(text);
      if (!compiled.ok) return compiled.problem;
      const test = compiled.filter.bind(this.table);
      const mask = new Uint8Array(this.table.size);
      for (let i = 0; i < mask.length; i++) mask[i] = test(i) ? 1 : 0;
      return mask;
    });
  }

  private nodeMask(node: string | undefined): Mask {
    if (!node) return undefined;
    return remember(this.masks, `node:${node}`, () => {
      const index = this.table.nodeIndex();
      const id = index.idOf(node);
      const mask = new Uint8Array(this.table.size);
      if (id === undefined) return mask;
      for (let i = 0; i < mask.length; i++) {
        for (let e = index.traceNodeStart[i]!; e < index.traceNodeStart[i + 1]!; e++) if (index.entryNode[e] === id) mask[i] = 1;
        // A client node is not an entry of its own: it is the caller of an edge.
        for (let e = index.traceEdgeStart[i]!; e < index.traceEdgeStart[i + 1]!; e++) if (index.edgeSource[e] === id) mask[i] = 1;
      }
      return mask;
    });
  }

  private edgeMask(edge: string | undefined): Mask {
    if (!edge) return undefined;
    return remember(this.masks, `edge:${edge}`, () => {
      const index = this.table.nodeIndex();
      const [source, target] = edge.split(EDGE_SEPARATOR);
      const from = source === undefined ? undefined : index.idOf(source);
      const to = target === undefined ? undefined : index.idOf(target);
      const mask = new Uint8Array(this.table.size);
      if (from === undefined || to === undefined) return mask;
      for (let i = 0; i < mask.length; i++) {
        for (let e = index.traceEdgeStart[i]!; e < index.traceEdgeStart[i + 1]!; e++) if (index.edgeSource[e] === from && index.edgeTarget[e] === to) mask[i] = 1;
      }
      return mask;
    });
  }

  private rootCauseMask(rootCause: TraceQuery['rootCause']): Mask {
    if (!rootCause) return undefined;
    return remember(this.masks, `cause:${rootCause.kind}:${rootCause.key}`, () => {
      const mask = new Uint8Array(this.table.size);
      for (let i = 0; i < mask.length; i++) mask[i] = hasRootCause(this.table.rootCauses(i, rootCause.kind), rootCause.kind, rootCause.key) ? 1 : 0;
      return mask;
    });
  }

  /** Every trace index in the order of a sort key; ties by start time, then by table order. */
  private order(sort: TraceListSortKey, descending: boolean): Int32Array {
    return remember(this.orders, `${sort}:${descending}`, () => {
      const { table } = this;
      const order = Int32Array.from({ length: table.size }, (_, i) => i);
      const sign = descending ? -1 : 1;
      const compareText = (values: readonly (string | undefined)[]) => (a: number, b: number) => {
        const x = values[a];
        const y = values[b];
        if (x === y) return 0;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return sign * (x < y ? -1 : 1);
      };
      const compareNumber = (values: ArrayLike<number>) => (a: number, b: number) => {
        const x = values[a]!;
        const y = values[b]!;
        if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? 0 : Number.isNaN(x) ? 1 : -1;
        return sign * (x - y);
      };
      let primary: (a: number, b: number) => number;
      if (sort === 'status') {
        const ranks = Int8Array.from({ length: table.size }, (_, i) => traceListRank(table.flags[i]!, table.httpStatus[i]!));
        primary = compareNumber(ranks);
      } else if (sort === 'duration') primary = compareNumber(table.duration);
      else if (sort === 'responseTime') primary = compareNumber(table.responseTime);
      else if (sort === 'method') primary = compareText(table.method);
      else if (sort === 'url') primary = compareText(table.url);
      else if (sort === 'entry') primary = compareText(table.entryName);
      else primary = compareNumber(table.start);
      const byStart = compareNumber(table.start);
      order.sort((a, b) => primary(a, b) || byStart(a, b) || a - b);
      return order;
    });
  }
}

/** A histogram of the durations of `indices` with nice bin edges from 0. */
export function durationHistogram(durations: Float64Array, indices: Int32Array, bins: number): DurationHistogram {
  let max = 0;
  for (let n = 0; n < indices.length; n++) max = Math.max(max, durations[indices[n]!]!);
  if (!(max > 0)) return { edges: [0, 0.001], counts: [indices.length] };
  let edges = ticks(0, max, Math.max(1, Math.min(200, bins)));
  if (edges.length < 2) edges = [0, max];
  const step = edges[1]! - edges[0]!;
  while (edges[edges.length - 1]! <= max) edges = [...edges, edges[edges.length - 1]! + step];
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let n = 0; n < indices.length; n++) {
    const bin = Math.min(counts.length - 1, Math.floor(durations[indices[n]!]! / step));
    counts[bin]!++;
  }
  return { edges, counts };
}

const searches = new WeakMap<Dataset, TraceSearch>();
const rowBuilders = new WeakMap<Dataset, TraceRowsBuilder>();

/** The search of a dataset, built on first use (or finished, when prepareTraceSearch began it) and kept while the dataset lives. */
export function traceSearchFor(dataset: Dataset): TraceSearch {
  while (!prepareTraceSearch(dataset, () => false));
  return searches.get(dataset)!;
}

/**
 * Builds the dataset's search a slice at a time (the worker's idle work): its table's rows read
 * until `stop()` says so (trace-rows.ts). True once the search is made.
 */
export function prepareTraceSearch(dataset: Dataset, stop: () => boolean): boolean {
  if (searches.has(dataset)) return true;
  let builder = rowBuilders.get(dataset);
  if (builder === undefined) rowBuilders.set(dataset, (builder = new TraceRowsBuilder(traceSources(dataset))));
  if (!builder.step(stop)) return false;
  searches.set(dataset, new TraceSearch(new TraceTable(builder.sources, builder.rows())));
  rowBuilders.delete(dataset);
  return true;
}
