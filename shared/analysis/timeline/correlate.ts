import type { Dataset } from '../../model/dataset.ts';
import type { ServiceNode } from '../../model/service-graph.ts';
import { changeLane, type ChangeLane } from '../changes/index.ts';
import { collectSpanFacts } from '../map/index.ts';
import { seriesOnsets, type Onset } from './onsets.ts';
import { requestSeries, type SeriesOptions, type TimelineSeries } from './series.ts';
import { rankSuspects, type NodeOnset, type Suspect } from './suspects.ts';

/**
 * "What changed before it broke?" for one dataset: the request series, the onsets of every
 * service node and edge, the suspects of the node onsets ranked, and the default change lane.
 * Client nodes (the callers X-Ray draws in front of a root) have no requests of their own and no
 * onsets; what they saw is the `overall` series and the client → root edges.
 */
export interface Correlation {
  readonly series: TimelineSeries;
  /** Node onsets, by time then node name then kind. */
  readonly onsets: readonly NodeOnset[];
  /** Edge onsets, by time then series id then kind. */
  readonly edgeOnsets: readonly Onset[];
  readonly overallOnsets: readonly Onset[];
  readonly suspects: readonly Suspect[];
  readonly lane: ChangeLane;
}

export function correlate(dataset: Dataset, options: SeriesOptions = {}): Correlation {
  return correlateSeries(dataset, requestSeries(dataset.traces, options));
}

/** The correlation of a dataset whose series are made (SeriesBuilder, in slices). */
export function correlateSeries(dataset: Dataset, series: TimelineSeries): Correlation {
  const nodeByKey = new Map<string, ServiceNode>(series.graph.nodes.map((node) => [node.key, node]));
  const onsets: NodeOnset[] = [];
  for (const nodeSeries of series.nodes) {
    const node = nodeByKey.get(nodeSeries.node!);
    if (node === undefined || node.type === 'client') continue;
    for (const onset of seriesOnsets(nodeSeries, series.buckets)) onsets.push({ onset, node });
  }
  onsets.sort((a, b) => a.onset.at - b.onset.at || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0) || (a.onset.kind < b.onset.kind ? -1 : 1));
  const edgeOnsets = series.edges.flatMap((edgeSeries) => seriesOnsets(edgeSeries, series.buckets)).sort((a, b) => a.at - b.at || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) || (a.kind < b.kind ? -1 : 1));
  const hasChanges = dataset.events.some((event) => event.change !== undefined);
  const arns = hasChanges ? collectSpanFacts(dataset.traces, { arns: true }).arns : new Map<string, readonly string[]>();
  return {
    series,
    onsets,
    edgeOnsets,
    overallOnsets: seriesOnsets(series.overall, series.buckets),
    suspects: hasChanges ? rankSuspects(onsets, series.graph, dataset.events, arns) : [],
    lane: changeLane(dataset.events),
  };
}
