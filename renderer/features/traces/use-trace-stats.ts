import { useEffect, useState } from 'react';
import type { RootCauseKind, TraceQuery, TraceStats } from '../../../shared/analysis/traces/index.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';

export const HISTOGRAM_BINS = 40;

/** The duration histogram and root-cause groups of a query; the previous answer stays until the next one arrives. */
export function useTraceStats(client: AnalysisClient, query: TraceQuery, groupKind: RootCauseKind, generation: number): TraceStats | undefined {
  const key = JSON.stringify([query, groupKind, generation]);
  const [stats, setStats] = useState<{ key: string; value: TraceStats } | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const params = JSON.parse(key)[0] as TraceQuery;
    void client.query('traceListStats', { ...params, groupKind, bins: HISTOGRAM_BINS }).then((result) => {
      if (live && result.ok) setStats({ key, value: result.value });
    });
    return () => {
      live = false;
    };
  }, [client, key, groupKind]);
  return stats?.value;
}
