import { AppError, toErrorData } from '../../shared/base/errors.ts';
import { openInputs, type OpenedIncident, type OpenProgress } from '../../shared/incident/index.ts';
import { datasetJoins, serviceMapOf } from '../../shared/analysis/map/index.ts';
import { prepareTimeline, rideAlongTimeline, stageFor, timelineModel } from '../../shared/analysis/timeline/index.ts';
import { changeDetail, changeList } from '../../shared/analysis/changes/index.ts';
import { checkChangeDetailRequest, checkChangeListRequest, checkCompareRangesRequest, checkCompareTracesRequest, checkServiceMapRequest, checkTimelineRequest, checkTypicalTraceRequest } from './view-query-checks.ts';
import { compareRequested, compareTraces, comparedTraces, entryNodeOf, prepareRequestIndex, requestIndexFeed, requestIndexRides, typicalTrace } from '../../shared/analysis/compare/index.ts';
import { checkTraceQuery, prepareTraceSearch, traceSearchFor } from '../../shared/analysis/traces/index.ts';
import {
  type AnalysisQueries,
  type IncidentOverview,
  type OpenProgressData,
  type QueryName,
  type WorkerRequest,
  type WorkerResponse,
} from '../../shared/contract/worker/analysis-protocol.ts';
import { workerLimits, workerMemory } from './worker-limits.ts';
import { createTraceHandlers } from './trace-handlers.ts';
import { afterPendingMessages, now, pause, sliceEnds } from './worker-slices.ts';
import { parsersFor } from './record-parsers.ts';
import { inputFileOf } from './open-input-files.ts';
import { incidentOverview, largestTrace } from './incident-overview.ts';
import type { Trace } from '../../shared/model/index.ts';

/** What a handler knows of its request besides the params: a way to report progress, and whether it was cancelled. */
interface QueryContext {
  readonly signal: AbortSignal;
  progress(progress: OpenProgressData): void;
}

type Handlers = { readonly [Q in QueryName]: (params: AnalysisQueries[Q]['params'], context: QueryContext) => Promise<AnalysisQueries[Q]['result']> };

/**
 * Progress is sent at most this often: the page repaints it (four times a second reads as smooth
 * for a bar and two counts), and each message wakes the UI thread, which on a busy machine takes
 * the worker's core: at 100 ms, the posts were 0.25 s of the worker's profile of a 1,020,000-span open.
 */
const PROGRESS_MS = 250;

interface OpenState {
  readonly incident: OpenedIncident;
  readonly overview: IncidentOverview;
  /** Set while the idle loop runs (see prepareAhead). */
  preparing?: boolean;
  /** The largest trace when it has TREE_AHEAD_SPANS spans or more: its tree answer is made ahead. */
  readonly largest: Trace | undefined;
}

/**
 * The worker's state and its answers. Requests are answered in order; a query that comes while
 * files are opening waits for them. Kept free of `self` so it can be tested directly.
 */
export class AnalysisSession {
  private state: OpenState | undefined;
  private opening: Promise<unknown> = Promise.resolve();
  private readonly trace = createTraceHandlers(async (traceId) => {
    await this.opening;
    const trace = this.current().incident.dataset.traceById.get(traceId);
    if (!trace) throw new AppError('notFound', `Trace ${traceId} is not in this incident.`);
    return trace;
  });
  /**
   * Set from a `traceTree` answer, and from a `first` timeline answer that has parts pending,
   * until the next query: the UI thread renders that trace's first rows (the Timeline's first
   * lanes) meanwhile, and asks for more (its chunks, its analysis; the rest of the timeline) once
   * they are painted. The idle work waits, so that render does not share the machine with it (on
   * a busy machine, it did).
   */
  private held = false;
  /** The idle loop's next slice, parked while `held`. */
  private parked: (() => void) | undefined;
  /** The requests running now, by id (what `cancel` aborts). */
  private readonly running = new Map<number, AbortController>();

  /** Cancels request `id` if it is still running (an open stops at its next chunk, a fetch at once). */
  cancel(id: number): void {
    this.running.get(id)?.abort();
  }

  /**
   * After an incident opens, makes ahead in idle time what its first questions wait for: the tree
   * answer of its largest trace (when it is large: TraceTreeAhead), then the timeline's series and
   * onsets (prepareTimeline; a timeline query that comes first finishes them), then the filter's
   * node index and annotation columns in short slices between queries, so the first `service()` or
   * `annotation.x` filter finds them ready (a filter that comes first finishes the build itself), then
   * compare's request index (made already by the timeline's walk it rides; a compareRanges that comes first finishes it). The largest
   * trace's answer is made again after each time it is handed out. Stops when another incident opens.
   */
  private prepareAhead(state: OpenState): void {
    if (state.preparing) return;
    state.preparing = true;
    let tableDone = false;
    let timelineDone = false;
    let compareDone = false;
    const slice = (): void => {
      if (this.state !== state) return;
      if (this.held) {
        this.parked = slice;
        return;
      }
      const ahead = this.trace.treeAhead;
      if (state.largest && !ahead.has(state.largest)) ahead.prepareStep(state.largest);
      else if (!timelineDone) {
        // The timeline's series and onsets first (the Timeline is where an investigation starts,
        // and it is the slower to make when asked), then the filter's indexes.
        timelineDone = prepareTimeline(state.incident.dataset, sliceEnds());
      } else if (!tableDone) {
        // After the timeline: the trace table's rows and columns (prepareTraceSearch, then the
        // filter's indexes), in slices (made at once, its rows were one 1.5 s task over a month of
        // traces, which held the Timeline's next question behind it).
        const ends = sliceEnds();
        tableDone = prepareTraceSearch(state.incident.dataset, ends) && traceSearchFor(state.incident.dataset).table.prepare(ends);
      } else if (!compareDone) {
        // Made already, riding the timeline's walk (rideAlongTimeline at the open), unless that walk
        // could not take it (an incident without a time window): then it walks here.
        compareDone = prepareRequestIndex(state.incident.dataset, sliceEnds());
      }
      if (!tableDone || !timelineDone || !compareDone || (state.largest && !ahead.has(state.largest))) afterPendingMessages(slice);
      else state.preparing = false;
    };
    afterPendingMessages(slice);
  }

  /** The idle loop's state, for tests (it is otherwise invisible): parked while held, running while work is left. */
  get idleWork(): 'none' | 'running' | 'held' {
    if (this.parked) return 'held';
    return this.state?.preparing === true ? 'running' : 'none';
  }

  private current(): OpenState {
    if (!this.state) throw new AppError('notFound', 'No incident is open. Open a file or the demo first.');
    return this.state;
  }

  readonly handlers: Handlers = {
    ...this.trace.handlers,
    open: async ({ inputs, parseWorkers }, { signal, progress }) => {
      // Opens run one after another; the last one asked for is what stays open.
      const run = this.opening.then(async () => {
        const started = now();
        // The open incident goes first: two big ones would not fit side by side.
        this.state = undefined;
        const files = await Promise.all(inputs.map((input) => inputFileOf(input, signal)));
        let sent = 0;
        const report = (figures: OpenProgress): void => {
          const at = now();
          if (figures.phase === 'reading' && at - sent < PROGRESS_MS) return;
          sent = at;
          progress({ ...figures, name: files[figures.file]?.name ?? '' });
        };
        const batches = parsersFor(files, parseWorkers);
        const incident = await openInputs(files, { keepContent: false, baseLimits: workerLimits(), memory: workerMemory, signal, pause, onProgress: report, ...(batches ? { batches } : {}) }).finally(() => batches?.close());
        if (signal.aborted) throw new AppError('cancelled', 'The open was cancelled.');
        progress({ phase: 'summarizing', file: files.length - 1, files: files.length, name: files.at(-1)?.name ?? '', fileBytes: 0, fileSize: undefined, textBytes: 0, records: 0 });
        const overview = incidentOverview(files.map((file) => file.name), incident, now() - started);
        this.state = { incident, overview, largest: largestTrace(incident.dataset.traces) };
        // Compare's request index rides along the timeline's walk of the spans: one walk for both.
        const feed = requestIndexFeed(incident.dataset);
        if (feed) rideAlongTimeline(incident.dataset, feed);
        // What is made ahead (the largest trace's tree answer, the filter's indexes) starts once the
        // UI says its first view is painted (prepareIndexes).
        return overview;
      });
      this.opening = run.catch(() => undefined);
      return run;
    },
    prepareIndexes: async () => {
      await this.opening;
      if (this.state) this.prepareAhead(this.state);
      return null;
    },
    serviceMap: async (params) => {
      await this.opening;
      checkServiceMapRequest(params);
      return serviceMapOf(this.current().incident.dataset, params.origin, params.window);
    },
    timeline: async (params) => {
      await this.opening;
      checkTimelineRequest(params);
      const state = this.current();
      // Asked before the idle work made it: what the answer needs (a `first` one: the lanes it
      // draws; else everything) in slices too, so the other views' questions are answered
      // meanwhile (a person may go back to the map).
      const stage = stageFor(params);
      while (!prepareTimeline(state.incident.dataset, sliceEnds(), stage)) {
        await pause();
        if (this.state !== state) throw new AppError('cancelled', 'Another incident was opened.');
      }
      const model = timelineModel(state.incident.dataset, params);
      if (params.first === true && model.pending.length > 0) this.holdIdleWork(true);
      return model;
    },
    changeList: async (params) => {
      await this.opening;
      checkChangeListRequest(params);
      const { dataset } = this.current().incident;
      return changeList(dataset, params, datasetJoins(dataset));
    },
    changeDetail: async (params) => {
      await this.opening;
      checkChangeDetailRequest(params);
      return changeDetail(this.current().incident.dataset, params.eventId);
    },
    compareRanges: async (params) => {
      await this.opening;
      checkCompareRangesRequest(params);
      const state = this.current();
      // Asked before the request index is made: made here in slices, other questions answered meanwhile.
      const { dataset } = state.incident;
      while (!prepareRequestIndex(dataset, sliceEnds())) {
        // Riding the timeline's walk: that walk is what to advance.
        if (requestIndexRides(dataset)) prepareTimeline(dataset, sliceEnds(), 'series');
        await pause();
        if (this.state !== state) throw new AppError('cancelled', 'Another incident was opened.');
      }
      return compareRequested(state.incident.dataset, params);
    },
    traceList: async (params) => {
      await this.opening;
      checkTraceQuery(params);
      const state = this.current();
      const page = traceSearchFor(state.incident.dataset).list(params);
      this.prepareAhead(state);
      return page;
    },
    traceListStats: async (params) => {
      await this.opening;
      checkTraceQuery(params);
      const state = this.current();
      const stats = traceSearchFor(state.incident.dataset).stats(params);
      this.prepareAhead(state);
      return stats;
    },
    compareTraces: async (params) => {
      await this.opening;
      checkCompareTracesRequest(params);
      const { before, after } = comparedTraces(this.current().incident.dataset, params);
      return compareTraces(before, after);
    },
    typicalTrace: async (params) => {
      await this.opening;
      checkTypicalTraceRequest(params);
      const { traces, traceById } = this.current().incident.dataset;
      const trace = traceById.get(params.traceId);
      const entry = trace && entryNodeOf(trace);
      if (!trace || entry === undefined) throw new AppError('notFound', `The trace ${params.traceId} is not in this incident.`);
      // The trace itself is a candidate: there is always one.
      const typical = typicalTrace(traces, entry, [-Infinity, Infinity]);
      return { entry, traceId: typical.trace!.id, candidates: typical.candidates };
    },
  };

  /** Holds the idle work (a trace's first rows are being drawn) or lets it go on. */
  private holdIdleWork(hold: boolean): void {
    this.held = hold;
    const parked = this.parked;
    if (hold || !parked) return;
    this.parked = undefined;
    afterPendingMessages(parked);
  }

  /** Answers one message; never throws (errors travel as data). `progress` gets an open's progress. */
  async answer(request: WorkerRequest, progress?: (progress: OpenProgressData) => void): Promise<WorkerResponse> {
    const handler = Object.hasOwn(this.handlers, request.query) ? (this.handlers[request.query] as (params: unknown, context: QueryContext) => Promise<unknown>) : undefined;
    if (!handler) return { id: request.id, ok: false, error: { kind: 'notFound', message: `Unknown query ${String(request.query)}` } };
    this.holdIdleWork(request.query === 'traceTree');
    const controller = new AbortController();
    const signal = controller.signal;
    this.running.set(request.id, controller);
    try {
      return { id: request.id, ok: true, value: await handler(request.params ?? {}, { signal, progress: progress ?? (() => undefined) }) };
    } catch (error) {
      // A tree that could not be answered draws no rows: nothing to hold the idle work for.
      if (request.query === 'traceTree') this.holdIdleWork(false);
      // A stream cut off by the page's Cancel fails as a read error: it was a cancel.
      if (signal.aborted) return { id: request.id, ok: false, error: { kind: 'cancelled', message: 'The open was cancelled.' } };
      return { id: request.id, ok: false, error: toErrorData(error) };
    } finally {
      this.running.delete(request.id);
      // A tree answer handed out the largest trace's made-ahead one: the idle loop makes the next.
      const state = this.state;
      if (request.query === 'traceTree' && state?.preparing !== undefined && state.largest && !this.trace.treeAhead.has(state.largest)) this.prepareAhead(state);
    }
  }
}
