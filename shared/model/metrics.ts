/** One CloudWatch GetMetricData result, with the query that produced it. */
export interface MetricSeries {
  readonly id: string;
  readonly label?: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: readonly { readonly name: string; readonly value: string }[];
  readonly stat?: string;
  readonly period?: number;
  /** Epoch milliseconds, ascending. */
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
  readonly statusCode?: string;
}
