import { AppError, toErrorData } from '../../shared/base/errors.ts';
import { openInputs, summarizeIncident, type OpenedIncident } from '../../shared/incident/index.ts';
import { serviceMapOf } from '../../shared/analysis/map/index.ts';
import { checkTraceQuery, traceSearchFor } from '../../shared/analysis/traces/index.ts';
import { MAX_PROBLEMS_SENT, type AnalysisQueries, type IncidentOverview, type QueryName, type WorkerRequest, type WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';
import { createTraceHandlers } from './trace-handlers.ts';

type Handlers = { readonly [Q in QueryName]: (params: AnalysisQueries[Q]['params']) => Promise<AnalysisQueries[Q]['result']> };

interface OpenState {
  readonly incident: OpenedIncident;
  readonly overview: IncidentOverview;
  /** Set once the trace search builds ahead what filters need (see prepareAhead). */
  preparing?: boolean;
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

  /**
   * After an incident opens, builds the filter's node index and annotation columns in short slices
   * between queries, so the first `service()` or `annotation.x` filter finds them ready; a filter
   * that comes first finishes the build itself. Stops when another incident opens.
   */
  private prepareAhead(state: OpenState): void {
    if (state.preparing) return;
    state.preparing = true;
    const table = traceSearchFor(state.incident.dataset).table;
    const slice = (): void => {
      if (this.state !== state) return;
      const deadline = now() + PREPARE_SLICE_MS;
      if (!table.prepare(() => now() >= deadline)) afterPendingMessages(slice);
    };
    afterPendingMessages(slice);
  }

  private current(): OpenState {
    if (!this.state) throw new AppError('notFound', 'No incident is open. Open a file or the demo first.');
    return this.state;
  }

  readonly handlers: Handlers = {
    ...createTraceHandlers(async (traceId) => {
      await this.opening;
      const trace = this.current().incident.dataset.traceById.get(traceId);
      if (!trace) throw new AppError('notFound', `Trace ${traceId} is not in this incident.`);
      return trace;
    }),
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
        const state: OpenState = { incident, overview };
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

  /** Answers one message; never throws (errors travel as data). */
  async answer(request: WorkerRequest): Promise<WorkerResponse> {
    const handler = Object.hasOwn(this.handlers, request.query) ? (this.handlers[request.query] as (params: unknown) => Promise<unknown>) : undefined;
    if (!handler) return { id: request.id, ok: false, error: { kind: 'notFound', message: `Unknown query ${String(request.query)}` } };
    try {
      return { id: request.id, ok: true, value: await handler(request.params ?? {}) };
    } catch (error) {
      return { id: request.id, ok: false, error: toErrorData(error) };
    }
  }
}
