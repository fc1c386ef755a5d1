import type { Dataset } from '../../model/dataset.ts';
import type { Correlation } from './correlate.ts';
import { timelineSampling } from './timeline-sampling.ts';

/**
 * The `sampling` field of `trace-explorer correlate --json`: the snapshot's sampling rules in
 * X-Ray's order, and per service (most traced requests first) the rules that matched its traced
 * requests with their share, whether it starts traces (`decides`), the rules on attributes that
 * may apply first (`undecided`), and where API Gateway's Count exists the rate measured and the
 * rate the rules predict (null otherwise). Rates are rounded to 6 digits.
 */
export interface SamplingJson {
  readonly rules: readonly { readonly name: string; readonly priority: number; readonly reservoir: number; readonly fixedRate: number }[];
  readonly services: readonly {
    readonly node: string;
    readonly type: string;
    readonly requests: number;
    /** The requests whose rule was found (fewer than `requests` when an even sample of many traces was read); shares are of these. */
    readonly matched: number;
    readonly decides: boolean;
    readonly rules: readonly { readonly name: string; readonly requests: number; readonly share: number }[];
    readonly unmatched: number;
    readonly undecided: readonly string[];
    readonly metric: string | null;
    readonly measured: number | null;
    readonly expected: number | null;
  }[];
}

const rounded = (value: number | undefined): number | null => (value === undefined ? null : Number(value.toFixed(6)));

export function samplingJson(dataset: Dataset, correlation: Correlation): SamplingJson {
  const { series } = correlation;
  const byKey = new Map(series.nodes.map((s) => [s.node, s]));
  const sampling = timelineSampling(dataset, series.graph, series.buckets, (key) => byKey.get(key));
  return {
    rules: sampling.rules.map(({ name, priority, reservoir, fixedRate }) => ({ name, priority, reservoir, fixedRate })),
    services: sampling.services.map((s) => ({
      node: s.name,
      type: s.type,
      requests: s.requests,
      matched: s.matched,
      decides: s.decides,
      rules: s.matches.map((m) => ({ name: m.rule.name, requests: m.requests, share: rounded(m.share)! })),
      unmatched: s.unmatched,
      undecided: s.undecided,
      metric: s.metric ?? null,
      measured: rounded(s.measured),
      expected: rounded(s.expected),
    })),
  };
}
