import { jsonObject } from '../../base/json.ts';
import type { Dataset } from '../../model/dataset.ts';
import type { Trace } from '../../model/trace.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { computeRootCauses, rootCausesFromSummary, type RootCause, type RootCauseKind } from './root-cause.ts';
import { NodeIndex } from './node-index.ts';
import { NodeIndexBuilder } from './node-index-build.ts';
import { annotationListValues, summaryAnnotation, summaryAnnotations, summaryList } from './summary-read.ts';
import { NO_STRINGS, type AnnotationValue, type ListField } from './trace-facts.ts';
import { addTraceAnnotations, traceAnnotations, traceList } from './trace-read.ts';
import { traceRows, traceSources, type TraceRows, type TraceSource } from './trace-rows.ts';

/** A trace with more spans than this is read for its annotations in blocks of this many (the build stops in time between them). */
const ANNOTATION_SPANS_PER_CHECK = 4_096;

export { TraceFlag } from './trace-flags.ts';

function emptyColumn<T>(n: number): (T | undefined)[] {
  const column: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) column.push(undefined);
  return column;
}

/** The row columns (ids, start, duration… entryType) are TraceRows' (trace-rows.ts): declared once, there. */
export interface TraceTable extends TraceRows {}

/**
 * Everything a filter expression reads, for every trace of an incident, in columns: a compiled
 * filter tests trace `i` by reading typed arrays at `i`, so 100,000 traces take milliseconds.
 * Trace-level values come from the trace's summary when there is one (as X-Ray evaluates them),
 * else from the assembled trace. Costly parts are built on first use and kept: a column per
 * annotation key asked for, the lists over every segment, the node index, root causes.
 */
export class TraceTable {
  readonly size: number;
  readonly traces: readonly (Trace | undefined)[];
  readonly summaries: readonly (XRayTraceSummary | undefined)[];

  private readonly lists = new Map<ListField, readonly (readonly string[])[]>();
  private readonly annotationColumns = new Map<string, readonly (readonly AnnotationValue[] | undefined)[]>();
  private readonly allAnnotations: (ReadonlyMap<string, readonly AnnotationValue[]> | undefined)[];
  private nodes: NodeIndex | undefined;
  private nodeBuilder: NodeIndexBuilder | undefined;
  /** Every annotation key's column, filled by `prepare` up to trace `annotationsPrepared`. */
  private preparedAnnotations: Map<string, (readonly AnnotationValue[] | undefined)[]> | undefined = new Map();
  private annotationsPrepared = 0;
  /** The annotations of a large trace, read part of the way by `prepare` (finished by whoever needs them first). */
  private largeAnnotations: { readonly index: number; readonly map: Map<string, AnnotationValue[]>; next: number } | undefined;
  private unsetColumn: readonly undefined[] | undefined;
  /** One shared (read-only) array per single annotation value, so most traces' values allocate nothing. */
  private readonly sharedValues = new Map<AnnotationValue, readonly AnnotationValue[]>();
  private readonly causes: Record<RootCauseKind, (readonly RootCause[] | undefined)[]>;

  constructor(sources: readonly TraceSource[], rows: TraceRows = traceRows(sources)) {
    const n = sources.length;
    this.size = n;
    Object.assign(this, rows);
    this.traces = sources.map((source) => source.trace);
    this.summaries = sources.map((source) => source.summary);
    this.allAnnotations = emptyColumn(n);
    this.causes = { fault: emptyColumn(n), error: emptyColumn(n), responsetime: emptyColumn(n) };
  }

  /**
   * Every trace of a dataset: the assembled traces in dataset order (start time, id), then the
   * traces known only from a summary, by start time and id.
   */
  static fromDataset(dataset: Dataset): TraceTable {
    return new TraceTable(traceSources(dataset));
  }

  /** Values over every segment of each trace (built for all traces on first use). */
  list(field: ListField): readonly (readonly string[])[] {
    let column = this.lists.get(field);
    if (!column) {
      column = this.summaries.map((summary, i) => (summary ? summaryList(summary, field) : undefined) ?? (this.traces[i] ? traceList(this.traces[i]!, field) : NO_STRINGS));
      this.lists.set(field, column);
    }
    return column;
  }

  /** The values of one annotation key per trace, undefined where it is not set (built on first use). */
  annotation(key: string): readonly (readonly AnnotationValue[] | undefined)[] {
    let column = this.annotationColumns.get(key);
    if (!column && this.preparedAnnotations && this.annotationsPrepared === this.size) column = this.preparedAnnotations.get(key) ?? (this.unsetColumn ??= emptyColumn(this.size));
    if (!column && this.preparedAnnotations) {
      // Mid-prepare, finishing every key's columns costs less than reading this one key by name.
      this.prepareAnnotations(() => false);
      if (this.preparedAnnotations) column = this.preparedAnnotations.get(key) ?? (this.unsetColumn ??= emptyColumn(this.size));
    }
    if (!column) {
      column = this.summaries.map((summary, i) => {
        const raw = jsonObject(summary?.Annotations);
        return raw ? summaryAnnotation(raw, key, this.sharedValues) : this.traces[i] ? this.annotationsOf(i).get(key) : undefined;
      });
      if (this.annotationColumns.size >= 64) this.annotationColumns.clear();
      this.annotationColumns.set(key, column);
    }
    return column;
  }

  /** Every annotation of trace `i`. */
  annotationsOf(i: number): ReadonlyMap<string, readonly AnnotationValue[]> {
    return this.annotationsIfQuick(i) ?? this.largeTraceAnnotations(i, () => false)!;
  }

  /**
   * `annotationsOf(i)` unless that means reading the documents of a large assembled trace not read
   * yet (undefined then): every span's document is touched, ~0.1 s for 500,000 spans, so the list
   * row of such a trace comes first and its annotations after (trace-list-row.ts).
   */
  annotationsIfQuick(i: number): ReadonlyMap<string, readonly AnnotationValue[]> | undefined {
    let map = this.allAnnotations[i];
    if (!map) {
      const raw = jsonObject(this.summaries[i]?.Annotations);
      const trace = this.traces[i];
      if (!raw && trace && trace.spans.length > ANNOTATION_SPANS_PER_CHECK) return undefined;
      map = raw ? summaryAnnotations(raw) : trace ? traceAnnotations(trace) : new Map();
      this.allAnnotations[i] = map;
    }
    return map;
  }

  /**
   * The annotations of assembled trace i (a large one), read in blocks until done or `stop()`
   * (undefined: call again to go on). Kept for annotationsOf, so its list row does not read the
   * documents again.
   */
  private largeTraceAnnotations(i: number, stop: () => boolean): ReadonlyMap<string, readonly AnnotationValue[]> | undefined {
    const known = this.allAnnotations[i];
    if (known) return known;
    const trace = this.traces[i]!;
    const reading = this.largeAnnotations?.index === i ? this.largeAnnotations : (this.largeAnnotations = { index: i, map: new Map(), next: 0 });
    while (reading.next < trace.spans.length) {
      const to = Math.min(trace.spans.length, reading.next + ANNOTATION_SPANS_PER_CHECK);
      addTraceAnnotations(reading.map, trace, reading.next, to);
      reading.next = to;
      if (to < trace.spans.length && stop()) return undefined;
    }
    this.largeAnnotations = undefined;
    return (this.allAnnotations[i] = reading.map);
  }

  /** Nodes and edges of every trace (built for all traces on first use). */
  nodeIndex(): NodeIndex {
    if (!this.nodes) {
      this.nodes = new NodeIndex(this.nodeBuilder ?? new NodeIndexBuilder(this.traces, this.summaries));
      this.nodeBuilder = undefined;
    }
    return this.nodes;
  }

  /**
   * Builds ahead what filters build on first use — a column for every annotation key, then the
   * node index — for as long as `stop()` says no (checked every few hundred traces, and every
   * few thousand spans of a large trace); call
   * again to go on. True once everything is built. Results are the same built either way.
   */
  prepare(stop: () => boolean): boolean {
    if (!this.prepareAnnotations(stop)) return false;
    if (!this.nodes) {
      this.nodeBuilder ??= new NodeIndexBuilder(this.traces, this.summaries);
      if (!this.nodeBuilder.step(stop)) return false;
      this.nodeIndex();
    }
    return true;
  }

  /** prepare's first part (the cheaper one): a column for every annotation key, in one pass. */
  private prepareAnnotations(stop: () => boolean): boolean {
    const columns = this.preparedAnnotations;
    if (!columns) return true;
    while (this.annotationsPrepared < this.size) {
      const end = Math.min(this.size, this.annotationsPrepared + 256);
      for (let i = this.annotationsPrepared; i < end; i++) {
        const raw = jsonObject(this.summaries[i]?.Annotations);
        const trace = this.traces[i];
        if (!raw && !trace) continue;
        if (raw) {
          // for…in reads `raw[key]` through V8's enum cache, far cheaper than a lookup by key.
          for (const key in raw) {
            if (!Object.hasOwn(raw, key)) continue;
            const values = annotationListValues(raw[key], this.sharedValues);
            if (values !== undefined && !this.setPrepared(columns, key, i, values)) return true;
          }
        } else if (trace!.spans.length <= ANNOTATION_SPANS_PER_CHECK) {
          for (const [key, values] of traceAnnotations(trace!)) if (!this.setPrepared(columns, key, i, values)) return true;
        } else {
          const all = this.largeTraceAnnotations(i, stop);
          if (!all) {
            // Stopped inside trace i: the traces before it are done.
            this.annotationsPrepared = i;
            return false;
          }
          for (const [key, values] of all) if (!this.setPrepared(columns, key, i, values)) return true;
        }
      }
      this.annotationsPrepared = end;
      if (end < this.size && stop()) return false;
    }
    return true;
  }

  /** Sets trace i's values in key's prepared column; false (and no more preparing) past 64 keys. */
  private setPrepared(columns: Map<string, (readonly AnnotationValue[] | undefined)[]>, key: string, i: number, values: readonly AnnotationValue[]): boolean {
    let column = columns.get(key);
    if (!column) {
      // Past 64 keys, columns stay built on first use (as the column cache holds 64).
      if (columns.size >= 64) {
        this.preparedAnnotations = undefined;
        return false;
      }
      columns.set(key, (column = emptyColumn(this.size)));
    }
    column[i] = values;
    return true;
  }

  /** Root causes from the summary, else computed from the assembled trace. */
  rootCauses(i: number, kind: RootCauseKind): readonly RootCause[] {
    const column = this.causes[kind];
    let causes = column[i];
    if (!causes) {
      const summary = this.summaries[i];
      const field = kind === 'fault' ? 'FaultRootCauses' : kind === 'error' ? 'ErrorRootCauses' : 'ResponseTimeRootCauses';
      const trace = this.traces[i];
      causes = summary && Object.hasOwn(summary, field) ? rootCausesFromSummary(summary[field]) : trace ? computeRootCauses(trace, kind) : [];
      column[i] = causes;
    }
    return causes;
  }
}
