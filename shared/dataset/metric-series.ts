import type { MetricSeries } from '../model/index.ts';
import { isJsonObject } from '../base/json.ts';

/** Lifts a stored `metrics.result` document ({query, result} of GetMetricData) into a series. */
export function toMetricSeries(doc: unknown): MetricSeries | string {
  if (!isJsonObject(doc) || !isJsonObject(doc.result)) return 'metric record without a `result` object';
  const result = doc.result;
  const query = isJsonObject(doc.query) ? doc.query : {};
  if (typeof result.Id !== 'string') return 'metric result without an `Id`';
  const stamps = Array.isArray(result.Timestamps) ? result.Timestamps : [];
  const values = Array.isArray(result.Values) ? result.Values : [];
  if (stamps.length !== values.length) return `metric result ${result.Id}: ${stamps.length} timestamps but ${values.length} values`;
  const pairs: [number, number][] = [];
  for (let i = 0; i < stamps.length; i++) {
    const time = toMillis(stamps[i]);
    const value = Number(values[i]);
    if (time === undefined || !Number.isFinite(value)) return `metric result ${result.Id}: bad datapoint at index ${i}`;
    pairs.push([time, value]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const stat = isJsonObject(query.MetricStat) ? query.MetricStat : {};
  const metric = isJsonObject(stat.Metric) ? stat.Metric : {};
  const dimensions = Array.isArray(metric.Dimensions)
    ? metric.Dimensions.filter(isJsonObject).map((d) => ({ name: String(d.Name), value: String(d.Value) }))
    : [];
  return {
    id: result.Id,
    ...(typeof result.Label === 'string' ? { label: result.Label } : {}),
    ...(typeof metric.Namespace === 'string' ? { namespace: metric.Namespace } : {}),
    ...(typeof metric.MetricName === 'string' ? { metricName: metric.MetricName } : {}),
    dimensions,
    ...(typeof stat.Stat === 'string' ? { stat: stat.Stat } : {}),
    ...(typeof stat.Period === 'number' ? { period: stat.Period } : {}),
    timestamps: pairs.map((p) => p[0]),
    values: pairs.map((p) => p[1]),
    ...(typeof result.StatusCode === 'string' ? { statusCode: result.StatusCode } : {}),
  };
}

/** CloudWatch timestamps arrive as epoch seconds (JSON protocols) or ISO strings (CLI output). */
function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}
