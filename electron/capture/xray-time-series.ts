/**
 * X-Ray GetTimeSeriesServiceStatistics, where asked for (`--time-series`): per window of the
 * service graph, following NextToken, for the entities the selector names (X-Ray's default
 * without one) and the capture's group. Each window becomes one `xray.timeSeries` record.
 */
import { GetTimeSeriesServiceStatisticsCommand } from '@aws-sdk/client-xray';
import { MAX_PAGES, runPart, type CaptureContext } from './capture-context.ts';
import { timeSeriesPeriod } from './capture-options.ts';
import type { CaptureState } from './capture-state.ts';
import { toWireJson } from './wire-json.ts';

export async function captureTimeSeries(ctx: CaptureContext): Promise<void> {
  const { request } = ctx;
  if (request.timeSeries === undefined) return;
  const selector = request.timeSeries.entitySelector;
  const period = timeSeriesPeriod(request.from, request.to);
  for (const [key, series] of ctx.state.timeSeries) {
    await runPart(ctx, `timeseries:${key}`, 'xray:GetTimeSeriesServiceStatistics', async () => {
      for (let page = 0; page < MAX_PAGES && !series.task.done; page++) {
        const token = series.task.next;
        const output = await ctx.call(() =>
          ctx.session.xray(request.region).send(
            new GetTimeSeriesServiceStatisticsCommand({
              StartTime: new Date(series.window.start),
              EndTime: new Date(series.window.end),
              Period: period,
              ...(selector === undefined ? {} : { EntitySelectorExpression: selector }),
              ...(request.group === undefined ? {} : { GroupName: request.group }),
              ...(token === undefined ? {} : { NextToken: token }),
            }),
            { abortSignal: ctx.sendSignal },
          ),
        );
        const { NextToken, ...data } = toWireJson(output) as Record<string, unknown> & { NextToken?: string };
        ctx.record({ op: 'GetTimeSeriesServiceStatistics', task: `timeseries:${key}`, ...(token === undefined ? {} : { token }), ...(NextToken ? { next: NextToken } : {}), data });
      }
    });
  }
}

/** One record document per fetched window: the pages' statistics joined, with the query beside them. */
export function timeSeriesDocuments(state: CaptureState): Record<string, unknown>[] {
  const { request } = state;
  if (request.timeSeries === undefined) return [];
  const period = timeSeriesPeriod(request.from, request.to);
  const docs: Record<string, unknown>[] = [];
  for (const series of state.timeSeries.values()) {
    if (series.pages.length === 0) continue;
    const points = series.pages.flatMap((p) => (Array.isArray(p.TimeSeriesServiceStatistics) ? (p.TimeSeriesServiceStatistics as unknown[]) : []));
    docs.push({
      StartTime: series.window.start / 1000,
      EndTime: series.window.end / 1000,
      Period: period,
      ...(request.timeSeries.entitySelector === undefined ? {} : { EntitySelectorExpression: request.timeSeries.entitySelector }),
      ...(request.group === undefined ? {} : { GroupName: request.group }),
      TimeSeriesServiceStatistics: points,
      ContainsOldGroupVersions: series.pages.some((p) => p.ContainsOldGroupVersions === true),
    });
  }
  return docs;
}
