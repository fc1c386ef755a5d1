import { AppError, toErrorData } from '../../shared/base/errors.ts';
import { openInputs, summarizeIncident, type OpenedIncident } from '../../shared/incident/index.ts';
import { serviceMapOf } from '../../shared/analysis/map/index.ts';
import { checkTraceQuery, traceSearchFor } from '../../shared/analysis/traces/index.ts';
import { MAX_PROBLEMS_SENT, type AnalysisQueries, type IncidentOverview, type QueryName, type WorkerRequest, type WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';
import { createTraceHandlers } from './trace-handlers.ts';
import { TREE_AHEAD_SPANS } from './trace-tree-ahead.ts';
import type { Trace } from '../../shared/model/index.ts';

type Handlers = { readonly [Q in QueryName]: (params: AnalysisQueries[Q]['params']) => Promise<AnalysisQueries[Q]['result']> };

interface OpenState {
  readonly incident: OpenedIncident;
  readonly overview: IncidentOverview;
  /** Set while the idle loop runs (see prepareAhead). */
  preparing?: boolean;
  /** The largest trace when it has TREE_AHEAD_SPANS spans or more: its tree answer is made ahead. */
  readonly largest: Trace | undefined;
}

function largestTrace(traces: readonly Trace[]): Trace | undefined {
  let largest: Trace | undefined;
  for (const trace of traces) if (trace.spans.length >= TREE_AHEAD_SPANS && trace.spans.length > (largest?.spans.length ?? 0)) largest = trace;
  return largest;
}

/** Longest stretch the build-ahead holds the worker before letting queries in. */
const PREPARE_SLICE_MS = 8;

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/**
 * Runs `task` once the messages already queued have been handled: a MessageChannel round trip,
 * which (unlike nested setTimeout, clamped to 4 ms) leaves no idle gap between slices.
 */
function afterPendingMessages(task: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(task, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
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
   * Set from a `traceTree` answer until the next query: the UI thread renders that trace's first
   * rows meanwhile, and asks for more (its chunks, its analysis) once they are painted. The idle
   * work waits, so that render does not share the machine with it (on a busy machine, it did).
   */
  private held = false;
  /** The idle loop's next slice, parked while `held`. */
  private parked: (() => void) | undefined;

  /**
   * After an incident opens, makes ahead in idle time what its first questions wait for: the tree
   * answer of its largest trace (when it is large: TraceTreeAhead), then the filter's node index and
   * annotation columns in short slices between queries, so the first `service()` or `annotation.x`
   * filter finds them ready (a filter that comes first finishes the build itself). The largest
   * trace's answer is made again after each time it is handed out. Stops when another incident opens.
   */
  private prepareAhead(state: OpenState): void {
    if (state.preparing) return;
    state.preparing = true;
    const table = traceSearchFor(state.incident.dataset).table;
    let tableDone = false;
    const slice = (): void => {
      if (this.state !== state) return;
      if (this.held) {
        this.parked = slice;
        return;
      }
      const ahead = this.trace.treeAhead;
      if (state.largest && !ahead.has(state.largest)) ahead.prepareStep(state.largest);
      else if (!tableDone) {
        const deadline = now() + PREPARE_SLICE_MS;
        tableDone = table.prepare(() => now() >= deadline);
      }
      if (!tableDone || (state.largest && !ahead.has(state.largest))) afterPendingMessages(slice);
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
    open: async ({ inputs }) => {
      // Opens run one after another; the last one asked for is what stays open.
      const run = this.opening.then(async () => {
        const started = now();
        this.state = undefined;
        const incident = await openInputs(inputs);
        const { problems, ...summary } = summarizeIncident(incident.dataset, incident.problems);
        let spans = 0;
        for (const trace of incident.dataset.traces) spans += trace.spans.length;
        const overview: IncidentOverview = {
          files: inputs.map((input) => input.name),
          summary,
          spans,
          problems: problems.slice(0, MAX_PROBLEMS_SENT),
          problemCount: problems.length,
          duplicates: incident.duplicates,
          replaced: incident.replaced,
          openMillis: Math.round(now() - started),
        };
        const state: OpenState = { incident, overview, largest: largestTrace(incident.dataset.traces) };
        this.state = state;
        // Build the filter's indexes in idle slices from now on, so a filter typed on the Traces
        // view finds them ready; queries still get in between slices.
        this.prepareAhead(state);
        return overview;
      });
      this.opening = run.catch(() => undefined);
      return run;
    },
    serviceMap: async ({ origin }) => {
      await this.opening;
      return serviceMapOf(this.current().incident.dataset, origin);
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
  };

  /** Holds the idle work (a trace's first rows are being drawn) or lets it go on. */
  private holdIdleWork(hold: boolean): void {
    this.held = hold;
    const parked = this.parked;
    if (hold || !parked) return;
    this.parked = undefined;
    afterPendingMessages(parked);
  }

  /** Answers one message; never throws (errors travel as data). */
  async answer(request: WorkerRequest): Promise<WorkerResponse> {
    const handler = Object.hasOwn(this.handlers, request.query) ? (this.handlers[request.query] as (params: unknown) => Promise<unknown>) : undefined;
    if (!handler) return { id: request.id, ok: false, error: { kind: 'notFound', message: `Unknown query ${String(request.query)}` } };
    this.holdIdleWork(request.query === 'traceTree');
    try {
      return { id: request.id, ok: true, value: await handler(request.params ?? {}) };
    } catch (error) {
      return { id: request.id, ok: false, error: toErrorData(error) };
    } finally {
      // A tree answer handed out the largest trace's made-ahead one: the idle loop makes the next.
      const state = this.state;
      if (request.query === 'traceTree' && state?.largest && !this.trace.treeAhead.has(state.largest)) this.prepareAhead(state);
    }
  }
}
