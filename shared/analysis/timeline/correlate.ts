import type { Dataset } from '../../model/dataset.ts';
import type { ServiceNode } from '../../model/service-graph.ts';
import { changeLane, type ChangeLane } from '../changes/index.ts';
import { datasetSpanFacts } from '../map/index.ts';
import { seriesOnsets, type Onset } from './onsets.ts';
import { requestSeries, type RequestSeries, type SeriesOptions, type TimelineSeries } from './series.ts';
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
  return new CorrelationBuilder(dataset, series).result();
}

/**
 * correlateSeries a series at a time: `step` finds the onsets of one series after another until
 * `shouldStop()` (the worker's idle slices: a month of one node's minutes is tens of ms), then
 * ranks the suspects; `result` finishes what is left.
 */
export class CorrelationBuilder {
  /** Every series whose onsets are looked for: the nodes' (clients excepted), the edges', the overall. */
  private readonly queue: RequestSeries[];
  private readonly found = new Map<RequestSeries, readonly Onset[]>();
  private readonly nodeByKey: Map<string, ServiceNode>;
  private done: Correlation | undefined;

  constructor(
    private readonly dataset: Dataset,
    private readonly series: TimelineSeries,
  ) {
    this.nodeByKey = new Map(series.graph.nodes.map((node) => [node.key, node]));
    const nodes = series.nodes.filter((nodeSeries) => {
      const node = this.nodeByKey.get(nodeSeries.node!);
      return node !== undefined && node.type !== 'client';
    });
    this.queue = [...nodes, ...series.edges, series.overall];
  }

  /** Onsets of the next series until `shouldStop()`; true once every series' are found. */
  step(shouldStop: () => boolean = () => false): boolean {
    const left = this.queue.filter((one) => !this.found.has(one));
    for (let i = 0; i < left.length; i++) {
      this.found.set(left[i]!, seriesOnsets(left[i]!, this.series.buckets));
      if (i < left.length - 1 && shouldStop()) return false;
    }
    return true;
  }

  result(): Correlation {
    if (this.done) return this.done;
    this.step();
    const { dataset, series, found, nodeByKey } = this;
    const onsets: NodeOnset[] = [];
    for (const nodeSeries of series.nodes) {
      const node = nodeByKey.get(nodeSeries.node!);
      if (node === undefined || node.type === 'client') continue;
      for (const onset of found.get(nodeSeries)!) onsets.push({ onset, node });
    }
    onsets.sort((a, b) => a.onset.at - b.onset.at || (a.node.name < b.node.name ? -1 : a.node.name > b.node.name ? 1 : 0) || (a.onset.kind < b.onset.kind ? -1 : 1));
    const edgeOnsets = series.edges.flatMap((edgeSeries) => found.get(edgeSeries)!).sort((a, b) => a.at - b.at || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) || (a.kind < b.kind ? -1 : 1));
    const hasChanges = dataset.events.some((event) => event.change !== undefined);
    // The ARNs the map read already (the same facts, kept per dataset): reading them again cost
    // 0.66 s of a 30-day incident's cold timeline.
    const arns = hasChanges ? datasetSpanFacts(dataset).arns : new Map<string, readonly string[]>();
    this.done = {
      series,
      onsets,
      edgeOnsets,
      overallOnsets: found.get(series.overall)!,
      suspects: hasChanges ? rankSuspects(onsets, series.graph, dataset.events, arns) : [],
      lane: changeLane(dataset.events),
    };
    return this.done;
  }
}
