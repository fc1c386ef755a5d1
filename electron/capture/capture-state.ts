/**
 * Everything a capture has fetched, rebuilt from its journal. `apply` is the only way in, both
 * while capturing and when replaying the journal on --resume, so a resumed capture sees exactly
 * the state the stopped one had: which pages were fetched, the NextToken to continue with, which
 * trace ids were answered.
 */
import type { XRayTraceSummary } from '../../shared/model/index.ts';
import { splitWindow, type CaptureRequest } from './capture-options.ts';
import type { JournalEntry } from './journal.ts';

export interface Window {
  /** Epoch milliseconds, [start, end). */
  readonly start: number;
  readonly end: number;
}

export const windowKey = (w: Window): string => `${w.start}-${w.end}`;

export interface PagedTask {
  pages: number;
  next: string | undefined;
  done: boolean;
}

export interface FetchedTrace {
  readonly Id: string;
  readonly Duration?: number;
  readonly LimitExceeded?: boolean;
  /** Segment id → Document (the JSON string X-Ray sent). */
  readonly segments: Map<string, string>;
}

export interface WireTrace {
  readonly Id: string;
  readonly Duration?: number;
  readonly LimitExceeded?: boolean;
  readonly Segments?: readonly { readonly Id?: string; readonly Document?: string }[];
}

export interface LookupEventWire {
  readonly EventId?: string;
  readonly EventTime?: number;
  readonly [key: string]: unknown;
}

export interface MetricWire {
  readonly Namespace?: string;
  readonly MetricName?: string;
  readonly Dimensions?: readonly { readonly Name?: string; readonly Value?: string }[];
}

export interface MetricResultWire {
  readonly Id?: string;
  readonly Label?: string;
  readonly Timestamps?: readonly number[];
  readonly Values?: readonly number[];
  readonly StatusCode?: string;
  readonly Messages?: readonly unknown[];
}

export interface FetchedCounts {
  readonly summaries: number;
  readonly traces: number;
  readonly segments: number;
  readonly events: number;
  readonly metricSeries: number;
}

export interface PartFailure {
  readonly kind: 'failed' | 'throttled';
  readonly detail: string;
}

const newTask = (): PagedTask => ({ pages: 0, next: undefined, done: false });

export class CaptureState {
  readonly summaryWindows: { window: Window; task: PagedTask }[];
  readonly summaries = new Map<string, XRayTraceSummary>();
  readonly traces = new Map<string, FetchedTrace>();
  /** Trace ids BatchGetTraces answered for (returned, or absent from a full answer). */
  readonly answeredIds = new Set<string>();
  readonly unprocessed = new Map<string, number>();
  /** A BatchGetTraces call whose answer had a NextToken not yet followed. */
  openBatch: { ids: string[]; next: string } | undefined;
  readonly graphs: Map<string, { window: Window; task: PagedTask; pages: Record<string, unknown>[] }>;
  /** GetTimeSeriesServiceStatistics per window (the service graph's windows); empty unless asked. */
  readonly timeSeries: Map<string, { window: Window; task: PagedTask; pages: Record<string, unknown>[] }>;
  readonly regions: Map<string, { task: PagedTask; events: Map<string, LookupEventWire>; endTime: number }>;
  readonly metricLists = new Map<string, { task: PagedTask; metrics: MetricWire[] }>();
  readonly metricBatches = new Map<number, { task: PagedTask; results: Map<string, MetricResultWire> }>();
  /** GetSamplingRules pages: the rule records by RuleARN (else RuleName), each once. */
  readonly samplingRules = { task: newTask(), records: new Map<string, Record<string, unknown>>() };
  /** Parts that failed in this run (not journaled: a failure is retried when resumed). */
  readonly failures = new Map<string, PartFailure>();
  /** Narrowest GetTraceSummaries window X-Ray accepted after a "time range too wide". */
  maxSummaryWidth: number;
  private segmentCount = 0;

  constructor(
    readonly request: CaptureRequest,
    summaryWidth: number,
    graphWidth: number,
    readonly cloudtrailRegions: readonly string[],
  ) {
    this.maxSummaryWidth = summaryWidth;
    this.summaryWindows = splitWindow(request.from, request.to, summaryWidth).map((window) => ({ window, task: newTask() }));
    this.graphs = new Map(splitWindow(request.from, request.to, graphWidth).map((window) => [windowKey(window), { window, task: newTask(), pages: [] }]));
    this.timeSeries = new Map(
      request.timeSeries === undefined ? [] : splitWindow(request.from, request.to, graphWidth).map((window) => [windowKey(window), { window, task: newTask(), pages: [] }]),
    );
    this.regions = new Map(cloudtrailRegions.map((region) => [region, { task: newTask(), events: new Map(), endTime: request.to }]));
  }

  get summariesDone(): boolean {
    return this.summaryWindows.every((w) => w.task.done);
  }

  apply(entry: JournalEntry): void {
    const [kind, ...rest] = entry.task.split(':');
    const key = rest.join(':');
    const data = (entry.data ?? {}) as Record<string, unknown>;
    switch (kind) {
      case 'summaries':
        return this.applySummaries(key, entry, data);
      case 'traces':
        return this.applyTraces(entry, data);
      case 'graph':
      case 'timeseries': {
        const graph = (kind === 'graph' ? this.graphs : this.timeSeries).get(key);
        if (graph === undefined) return;
        turnPage(graph.task, entry);
        graph.pages.push(data);
        return;
      }
      case 'cloudtrail':
        return this.applyCloudTrail(key, entry, data);
      case 'metrics':
        return this.applyMetrics(key, entry, data);
      case 'rules':
        return this.applySamplingRules(entry, data);
      default:
        return;
    }
  }

  private applySummaries(key: string, entry: JournalEntry, data: Record<string, unknown>): void {
    const index = this.summaryWindows.findIndex((w) => windowKey(w.window) === key);
    if (index < 0) return;
    if (entry.op === 'split') {
      const into = data.into as Window[];
      const width = data.width as number;
      this.summaryWindows.splice(index, 1, ...into.map((window) => ({ window, task: newTask() })));
      this.maxSummaryWidth = Math.min(this.maxSummaryWidth, width);
      return;
    }
    turnPage((this.summaryWindows[index] as { task: PagedTask }).task, entry);
    for (const summary of (data.items ?? []) as XRayTraceSummary[]) {
      const known = this.summaries.get(summary.Id);
      if (known === undefined || (summary.Revision as number | undefined ?? 0) >= (known.Revision as number | undefined ?? 0)) this.summaries.set(summary.Id, summary);
    }
  }

  private applyTraces(entry: JournalEntry, data: Record<string, unknown>): void {
    const ids = (data.ids ?? []) as string[];
    const unprocessed = new Set((data.unprocessed ?? []) as string[]);
    for (const trace of (data.traces ?? []) as WireTrace[]) {
      const known = this.traces.get(trace.Id) ?? { Id: trace.Id, Duration: trace.Duration, LimitExceeded: trace.LimitExceeded, segments: new Map<string, string>() };
      for (const segment of trace.Segments ?? []) {
        if (typeof segment.Id !== 'string' || typeof segment.Document !== 'string') continue;
        if (!known.segments.has(segment.Id)) this.segmentCount += 1;
        known.segments.set(segment.Id, segment.Document);
      }
      this.traces.set(trace.Id, known);
      this.answeredIds.add(trace.Id);
    }
    for (const id of unprocessed) this.unprocessed.set(id, (this.unprocessed.get(id) ?? 0) + 1);
    // A full answer (no NextToken) settles every id asked for that was not left unprocessed.
    if (entry.next === undefined) {
      for (const id of ids) if (!unprocessed.has(id)) this.answeredIds.add(id);
      this.openBatch = undefined;
    } else {
      this.openBatch = { ids, next: entry.next };
    }
  }

  private applyCloudTrail(region: string, entry: JournalEntry, data: Record<string, unknown>): void {
    const state = this.regions.get(region);
    if (state === undefined) return;
    if (entry.op === 'restart') {
      state.task.next = undefined;
      state.endTime = data.endTime as number;
      return;
    }
    turnPage(state.task, entry);
    for (const event of (data.events ?? []) as LookupEventWire[]) {
      if (typeof event.EventId === 'string' && !state.events.has(event.EventId)) state.events.set(event.EventId, event);
    }
  }

  private applySamplingRules(entry: JournalEntry, data: Record<string, unknown>): void {
    turnPage(this.samplingRules.task, entry);
    for (const record of (data.records ?? []) as Record<string, unknown>[]) {
      const rule = (record?.SamplingRule ?? {}) as Record<string, unknown>;
      const key = typeof rule.RuleARN === 'string' ? rule.RuleARN : typeof rule.RuleName === 'string' ? rule.RuleName : undefined;
      if (key !== undefined && !this.samplingRules.records.has(key)) this.samplingRules.records.set(key, record);
    }
  }

  private applyMetrics(key: string, entry: JournalEntry, data: Record<string, unknown>): void {
    const [part, ...name] = key.split(':');
    if (part === 'list') {
      const api = name.join(':');
      const list = this.metricLists.get(api) ?? { task: newTask(), metrics: [] };
      turnPage(list.task, entry);
      list.metrics.push(...((data.metrics ?? []) as MetricWire[]));
      this.metricLists.set(api, list);
      return;
    }
    const index = Number(name[0]);
    const batch = this.metricBatches.get(index) ?? { task: newTask(), results: new Map<string, MetricResultWire>() };
    turnPage(batch.task, entry);
    for (const result of (data.results ?? []) as MetricResultWire[]) {
      if (typeof result.Id !== 'string') continue;
      const known = batch.results.get(result.Id);
      batch.results.set(
        result.Id,
        known === undefined
          ? result
          : { ...known, ...result, Timestamps: [...(known.Timestamps ?? []), ...(result.Timestamps ?? [])], Values: [...(known.Values ?? []), ...(result.Values ?? [])] },
      );
    }
    this.metricBatches.set(index, batch);
  }

  /** What has been fetched so far (for progress), counted once each. */
  fetchedCounts(): FetchedCounts {
    let events = 0;
    for (const region of this.regions.values()) events += region.events.size;
    let metricSeries = 0;
    for (const batch of this.metricBatches.values()) metricSeries += batch.results.size;
    return { summaries: this.summaries.size, traces: this.traces.size, segments: this.segmentCount, events, metricSeries };
  }

  /** Oldest event time fetched in a Region (epoch ms), for restarting a lookup whose NextToken expired. */
  oldestEventTime(region: string): number | undefined {
    let oldest: number | undefined;
    for (const event of this.regions.get(region)?.events.values() ?? []) {
      if (typeof event.EventTime === 'number' && (oldest === undefined || event.EventTime * 1000 < oldest)) oldest = event.EventTime * 1000;
    }
    return oldest;
  }
}

function turnPage(task: PagedTask, entry: JournalEntry): void {
  task.pages += 1;
  task.next = entry.next;
  task.done = entry.next === undefined;
}
