/**
 * X-Ray: trace summaries per sub-window (always complete for the window; a "time range too wide"
 * answer splits the window in two, and later windows start no wider than what X-Ray accepted),
 * then the chosen full traces with BatchGetTraces (5 ids a call; unprocessed ids asked again a
 * bounded number of times), and the service graph per window.
 */
import { BatchGetTracesCommand, GetServiceGraphCommand, GetTraceSummariesCommand } from '@aws-sdk/client-xray';
import type { XRayTraceSummary } from '../../shared/model/index.ts';
import { describeAwsError, isFatal, isThrottle, isTimeRangeTooWide } from './aws-errors.ts';
import { MAX_PAGES, runPart, settleAll, type CaptureContext } from './capture-context.ts';
import type { TraceSelection } from './capture-options.ts';
import { windowKey, type CaptureState, type Window, type WireTrace } from './capture-state.ts';
import { backoffDelay } from './retry-strategy.ts';
import { toWireJson } from './wire-json.ts';

export const TRACE_IDS_PER_CALL = 5;
/** Times an id answered as unprocessed is asked for again before it becomes a gap. */
export const UNPROCESSED_RETRIES = 3;
/** Narrowest window we split to; X-Ray refusing even this is a real error. */
const MIN_SUMMARY_WIDTH_MS = 60_000;

/** The group condition and the user's filter, as one FilterExpression. */
export function filterExpression(filter: string | undefined, group: string | undefined): string | undefined {
  const groupTerm = group === undefined ? undefined : `group.name = ${JSON.stringify(group)}`;
  if (groupTerm !== undefined && filter !== undefined) return `${groupTerm} AND (${filter})`;
  return groupTerm ?? filter;
}

function nextWindowToFetch(state: CaptureState, failed: ReadonlySet<string>): { window: Window; index: number } | undefined {
  const index = state.summaryWindows.findIndex((w) => !w.task.done && !failed.has(windowKey(w.window)));
  return index < 0 ? undefined : { window: (state.summaryWindows[index] as { window: Window }).window, index };
}

export async function captureSummaries(ctx: CaptureContext): Promise<void> {
  const { state, request } = ctx;
  const filter = filterExpression(request.filterExpression, request.group);
  const failed = new Set<string>();
  for (let guard = 0; guard < MAX_PAGES; guard++) {
    const found = nextWindowToFetch(state, failed);
    if (found === undefined) return;
    const { window } = found;
    const task = `summaries:${windowKey(window)}`;
    const entry = state.summaryWindows[found.index] as { task: { next: string | undefined; pages: number } };
    const width = window.end - window.start;
    if (entry.task.pages === 0 && width > state.maxSummaryWidth) {
      // X-Ray already refused wider windows: split before asking.
      split(ctx, window, task, state.maxSummaryWidth);
      continue;
    }
    const token = entry.task.next;
    let output;
    try {
      output = await ctx.call(() =>
        ctx.session.xray(request.region).send(
          new GetTraceSummariesCommand({
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            TimeRangeType: request.timeRangeType ?? 'TraceId',
            ...(request.sampling ? { Sampling: true, SamplingStrategy: { Name: request.sampling.name, Value: request.sampling.value } } : {}),
            ...(filter === undefined ? {} : { FilterExpression: filter }),
            ...(token === undefined ? {} : { NextToken: token }),
          }),
          { abortSignal: ctx.sendSignal },
        ),
      );
    } catch (error) {
      if (isTimeRangeTooWide(error) && entry.task.pages === 0 && width > MIN_SUMMARY_WIDTH_MS) {
        split(ctx, window, task, Math.max(MIN_SUMMARY_WIDTH_MS, Math.ceil(width / 2)));
        continue;
      }
      if (isFatal(error, ctx.signal)) throw error;
      // This window failed; the others are still worth fetching.
      ctx.state.failures.set(task, { kind: isThrottle(error) ? 'throttled' : 'failed', detail: describeAwsError(error, 'xray:GetTraceSummaries', request.region) });
      failed.add(windowKey(window));
      continue;
    }
    const wire = toWireJson(output) as { TraceSummaries?: XRayTraceSummary[]; NextToken?: string };
    ctx.record({ op: 'GetTraceSummaries', task, ...(token === undefined ? {} : { token }), ...(wire.NextToken ? { next: wire.NextToken } : {}), data: { items: wire.TraceSummaries ?? [] } });
  }
}

function split(ctx: CaptureContext, window: Window, task: string, width: number): void {
  const into: Window[] = [];
  for (let start = window.start; start < window.end; start += width) into.push({ start, end: Math.min(window.end, start + width) });
  ctx.record({ op: 'split', task, data: { into, width } });
}

/** The trace ids the selection asks for, from the complete summaries, in a stable order. */
export function selectTraceIds(summaries: Iterable<XRayTraceSummary>, selection: TraceSelection): string[] {
  const time = (s: XRayTraceSummary): number => (typeof s.StartTime === 'number' ? s.StartTime : 0);
  const all = [...summaries].sort((a, b) => time(b) - time(a) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
  switch (selection.mode) {
    case 'all':
      return all.map((s) => s.Id);
    case 'recent':
      return all.slice(0, selection.count).map((s) => s.Id);
    case 'faults':
      return all.filter((s) => s.HasFault === true).slice(0, selection.count).map((s) => s.Id);
    case 'slowest':
      return [...all]
        .sort((a, b) => (b.Duration ?? 0) - (a.Duration ?? 0) || (a.Id < b.Id ? -1 : 1))
        .slice(0, selection.count)
        .map((s) => s.Id);
    case 'share': {
      // Evenly spread over time: every (1/fraction)-th trace, newest first.
      const count = Math.min(all.length, Math.ceil(selection.fraction * all.length));
      return Array.from({ length: count }, (_, i) => (all[Math.floor((i * all.length) / count)] as XRayTraceSummary).Id);
    }
  }
}

/** Ids selected and not yet answered, in batches of five. */
export function pendingTraceBatches(state: CaptureState, ids: readonly string[]): string[][] {
  const open = new Set(state.openBatch?.ids ?? []);
  const pending = ids.filter((id) => !state.answeredIds.has(id) && !open.has(id) && (state.unprocessed.get(id) ?? 0) <= UNPROCESSED_RETRIES);
  const batches: string[][] = [];
  for (let i = 0; i < pending.length; i += TRACE_IDS_PER_CALL) batches.push(pending.slice(i, i + TRACE_IDS_PER_CALL));
  return batches;
}

async function fetchBatch(ctx: CaptureContext, ids: string[], firstToken: string | undefined): Promise<void> {
  let token = firstToken;
  for (let page = 0; page < MAX_PAGES; page++) {
    const sent = token;
    const output = await ctx.call(() =>
      ctx.session.xray(ctx.request.region).send(new BatchGetTracesCommand({ TraceIds: ids, ...(sent === undefined ? {} : { NextToken: sent }) }), { abortSignal: ctx.sendSignal }),
    );
    const wire = toWireJson(output) as { Traces?: WireTrace[]; UnprocessedTraceIds?: string[]; NextToken?: string };
    ctx.record({
      op: 'BatchGetTraces',
      task: 'traces',
      ...(sent === undefined ? {} : { token: sent }),
      ...(wire.NextToken ? { next: wire.NextToken } : {}),
      data: { ids, traces: wire.Traces ?? [], unprocessed: wire.UnprocessedTraceIds ?? [] },
    });
    if (!wire.NextToken) return;
    token = wire.NextToken;
  }
}

export async function captureTraces(ctx: CaptureContext): Promise<void> {
  const { state } = ctx;
  const ids = selectTraceIds(state.summaries.values(), ctx.request.traces);
  if (state.openBatch !== undefined) await fetchBatch(ctx, state.openBatch.ids, state.openBatch.next);
  for (let round = 0; round <= UNPROCESSED_RETRIES + 1; round++) {
    const batches = pendingTraceBatches(state, ids);
    if (batches.length === 0) return;
    if (round > 0) await ctx.clock.sleep(backoffDelay(round - 1, 'THROTTLING', { baseDelayMs: 1000, throttleBaseDelayMs: 1000, maxDelayMs: 20_000, random: Math.random }) * ctx.timeScale, ctx.signal);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const batch = batches[next++];
        if (batch === undefined) return;
        await fetchBatch(ctx, batch, undefined);
      }
    };
    await settleAll(Array.from({ length: Math.min(ctx.traceConcurrency, batches.length) }, worker));
  }
}

export async function captureServiceGraphs(ctx: CaptureContext): Promise<void> {
  for (const [key, graph] of ctx.state.graphs) {
    await runPart(ctx, `graph:${key}`, 'xray:GetServiceGraph', async () => {
      for (let page = 0; page < MAX_PAGES && !graph.task.done; page++) {
        const token = graph.task.next;
        const output = await ctx.call(() =>
          ctx.session.xray(ctx.request.region).send(
            new GetServiceGraphCommand({
              StartTime: new Date(graph.window.start),
              EndTime: new Date(graph.window.end),
              ...(ctx.request.group === undefined ? {} : { GroupName: ctx.request.group }),
              ...(token === undefined ? {} : { NextToken: token }),
            }),
            { abortSignal: ctx.sendSignal },
          ),
        );
        const wire = toWireJson(output) as Record<string, unknown> & { NextToken?: string };
        const { NextToken, ...page } = wire;
        ctx.record({ op: 'GetServiceGraph', task: `graph:${key}`, ...(token === undefined ? {} : { token }), ...(NextToken ? { next: NextToken } : {}), data: page });
      }
    });
  }
}
