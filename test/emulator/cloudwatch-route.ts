/**
 * CloudWatch ListMetrics and GetMetricData over awsJson1_0 with awsQuery compatibility: the
 * protocol @aws-sdk/client-cloudwatch 3.1164.0 speaks (`X-Amz-Target:
 * GraniteServiceVersion20100801.<Op>`, `x-amzn-query-mode: true`). Results match queries by
 * metric, dimensions, period and stat, never by the caller's Id; datapoints page by
 * `metricDatapointsPerPage` (PartialData until a series' last page).
 */
import { epochSeconds, metricKey, type EmulatorDataset, type EmulatorMetric } from './dataset.ts';
import type { EmulatorLimits } from './limits.ts';
import { decodeToken, encodeToken, requestHash } from './paging.ts';
import { ApiError, field, numberField, stringField, type RouteRequest } from './route-types.ts';

interface Series {
  readonly label: string | undefined;
  readonly points: readonly { readonly t: number; readonly v: number }[];
}

type Dimension = { Name: string; Value: string };

export class CloudWatchRoute {
  private readonly series = new Map<string, Series>();
  private readonly metrics: { Namespace: string; MetricName: string; Dimensions: Dimension[] }[] = [];

  constructor(
    dataset: EmulatorDataset,
    private readonly limits: EmulatorLimits,
  ) {
    const listed = new Set<string>();
    for (const m of dataset.metrics) this.addSeries(m, listed);
  }

  private addSeries(m: EmulatorMetric, listed: Set<string>): void {
    const { Metric, Period, Stat } = m.query.MetricStat;
    const points = m.result.Timestamps.map((t, i) => ({ t: epochSeconds(t), v: m.result.Values[i] ?? Number.NaN })).sort((a, b) => a.t - b.t);
    this.series.set(metricKey(Metric, Period, Stat), { label: m.result.Label, points });
    const listKey = metricKey(Metric, 0, '');
    if (!listed.has(listKey)) {
      listed.add(listKey);
      this.metrics.push({ Namespace: Metric.Namespace, MetricName: Metric.MetricName, Dimensions: (Metric.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value })) });
    }
  }

  handle(operation: string, req: RouteRequest): unknown {
    if (operation === 'ListMetrics') return this.listMetrics(req);
    if (operation === 'GetMetricData') return this.getMetricData(req);
    throw new ApiError('InvalidAction', `The emulator does not serve ${operation}`);
  }

  private offset(req: RouteRequest): { offset: number; hash: string } {
    const hash = requestHash(req.body);
    const token = stringField(req.body, 'NextToken');
    if (token === undefined) return { offset: 0, hash };
    const offset = decodeToken(token, hash);
    if (offset === undefined) throw new ApiError('InvalidNextToken', 'The NextToken is not valid.');
    return { offset, hash };
  }

  private listMetrics(req: RouteRequest): unknown {
    const namespace = stringField(req.body, 'Namespace');
    const name = stringField(req.body, 'MetricName');
    const filters = (field(req.body, 'Dimensions') ?? []) as { Name?: string; Value?: string }[];
    const found = this.metrics.filter(
      (m) =>
        (namespace === undefined || m.Namespace === namespace) &&
        (name === undefined || m.MetricName === name) &&
        filters.every((f) => m.Dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))),
    );
    const { offset, hash } = this.offset(req);
    const page = found.slice(offset, offset + this.limits.listMetricsPageSize);
    const next = offset + page.length;
    return { Metrics: page, ...(next < found.length ? { NextToken: encodeToken(next, hash) } : {}) };
  }

  private getMetricData(req: RouteRequest): unknown {
    const queries = field(req.body, 'MetricDataQueries');
    if (!Array.isArray(queries) || queries.length === 0) throw new ApiError('InvalidParameterValue', 'MetricDataQueries is required.');
    if (queries.length > this.limits.metricQueriesPerCall) {
      throw new ApiError('InvalidParameterValue', `At most ${this.limits.metricQueriesPerCall} MetricDataQueries per call.`);
    }
    const start = numberField(req.body, 'StartTime');
    const end = numberField(req.body, 'EndTime');
    if (start === undefined || end === undefined || end <= start) throw new ApiError('InvalidParameterValue', 'StartTime and EndTime are required, EndTime after StartTime.');
    const descending = stringField(req.body, 'ScanBy') !== 'TimestampAscending';
    const all: { id: string; label: string | undefined; points: { t: number; v: number }[] }[] = [];
    for (const q of queries as Record<string, unknown>[]) {
      const id = q.Id;
      const stat = q.MetricStat as { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Dimension[] }; Period?: number; Stat?: string } | undefined;
      if (typeof id !== 'string' || stat?.Metric === undefined || typeof stat.Period !== 'number' || typeof stat.Stat !== 'string') {
        throw new ApiError('InvalidParameterValue', 'The emulator serves MetricStat queries only.');
      }
      if (stat.Period % 60 !== 0) throw new ApiError('InvalidParameterValue', 'Period must be a multiple of 60.');
      const series = this.series.get(metricKey(stat.Metric, stat.Period, stat.Stat));
      const points = (series?.points ?? []).filter((p) => p.t >= start && p.t < end);
      if (descending) points.reverse();
      all.push({ id, label: series?.label ?? stat.Metric.MetricName, points });
    }
    const { offset, hash } = this.offset(req);
    const perPage = this.limits.metricDatapointsPerPage;
    const results: unknown[] = [];
    let position = 0;
    for (const s of all) {
      const from = Math.max(0, offset - position);
      const to = Math.min(s.points.length, offset + perPage - position);
      const first = offset === 0 && s.points.length === 0;
      if (from < to || first) {
        const slice = s.points.slice(from, to);
        results.push({
          Id: s.id,
          Label: s.label,
          Timestamps: slice.map((p) => p.t),
          Values: slice.map((p) => p.v),
          StatusCode: to < s.points.length ? 'PartialData' : 'Complete',
          Messages: [],
        });
      }
      position += s.points.length;
    }
    const next = offset + perPage;
    return { MetricDataResults: results, Messages: [], ...(next < position ? { NextToken: encodeToken(next, hash) } : {}) };
  }
}
