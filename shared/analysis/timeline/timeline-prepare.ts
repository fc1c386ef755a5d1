import type { Dataset } from '../../model/dataset.ts';
import type { WalkFeed } from '../graph/index.ts';
import { changeLane, type ChangeLane } from '../changes/index.ts';
import { CorrelationBuilder, type Correlation } from './correlate.ts';
import { laneJson, type CorrelateJson } from './correlate-json.ts';
import type { FirstLanes } from './first-lanes.ts';
import { SeriesBuilder, type TimelineSeries } from './series.ts';
import { timelineSampling, type TimelineSampling } from './timeline-sampling.ts';
import type { TimelineLanes } from './merged-lanes.ts';

/**
 * What the timeline of a dataset is made of, in the order it is made (each stage needs the one
 * before): `first` — the lanes of every request (FirstLanes), a quick pass over the roots;
 * `series` — the series of every node and edge (the walk of every span), the stages' overheads,
 * and the sampling rules per service with the rates measured on them; `all` — the correlation
 * (onsets, suspects). A Timeline chosen right after an incident opens is drawn from `first` and
 * the rest follows (timelineModel's `first` request), so a month of traffic does not hold the
 * first paint for seconds.
 */
export type TimelineStage = 'first' | 'series' | 'all';

/** A part the answer was made without, still being made: each node's and edge's series (with the sampling measured), or the onsets and suspects. */
export type TimelinePending = 'series' | 'onsets';

interface Entry {
  readonly builder: SeriesBuilder;
  series?: TimelineSeries;
  /** The onsets being found, once the series are made. */
  correlating?: CorrelationBuilder;
  sampling?: TimelineSampling;
  correlation?: Correlation;
  /** The change lane and its JSON, for answers made before the correlation (which has its own). */
  lane?: ChangeLane;
  laneJson?: Pick<CorrelateJson, 'lane' | 'hidden'>;
  /** What every complete answer carries, made once. */
  json?: CorrelateJson;
  /** Lanes already merged, by series id and factor (a view asks again for the same width). */
  readonly lanes: Map<string, TimelineLanes>;
}

const entries = new WeakMap<Dataset, Entry>();

function entryOf(dataset: Dataset, feed?: WalkFeed): Entry {
  let entry = entries.get(dataset);
  if (entry === undefined) entries.set(dataset, (entry = { builder: new SeriesBuilder(dataset.traces, feed ? { feed } : {}), lanes: new Map() }));
  return entry;
}

/**
 * Lets `feed` ride along the walk of the dataset's spans that its timeline's series make (the
 * worker gives compare's request index: one walk for both). Only before that walk is set up; later,
 * the feed is detached at once and its owner walks for itself.
 */
export function rideAlongTimeline(dataset: Dataset, feed: WalkFeed): void {
  if (entries.has(dataset)) feed.detach();
  else entryOf(dataset, feed);
}

/**
 * Makes the dataset's timeline up to `upTo` a slice at a time (the worker's idle work after the
 * first paint, and a timeline question asked before it was done): returns when `shouldStop()`
 * says so, true once `upTo` is made. Each step checks `shouldStop` before the next.
 */
export function prepareTimeline(dataset: Dataset, shouldStop: () => boolean, upTo: TimelineStage = 'all'): boolean {
  const entry = entryOf(dataset);
  // Each call makes progress: `shouldStop` is asked only after a step did some work.
  if (entry.laneJson === undefined) {
    if (!entry.builder.stepFirst(shouldStop)) return false;
    // Finished here (sorted by bucket), so a first answer only merges them to its width.
    entry.builder.firstLanes();
    entry.laneJson = laneJson((entry.lane = changeLane(dataset.events)));
    if (upTo !== 'first' && shouldStop()) return false;
  }
  if (upTo === 'first') return true;
  if (entry.series === undefined) {
    if (!entry.builder.finishStep(shouldStop)) return false;
    entry.series = entry.builder.result();
    entry.correlating = new CorrelationBuilder(dataset, entry.series);
    if (shouldStop()) return false;
  }
  if (entry.sampling === undefined) {
    samplingOf(dataset, entry, entry.series);
    if (upTo !== 'series' && shouldStop()) return false;
  }
  if (upTo === 'series') return true;
  if (entry.correlation === undefined) {
    if (!entry.correlating!.step(shouldStop)) return false;
    entry.correlation = entry.correlating!.result();
  }
  return true;
}

/** The stage a request needs before it can be answered: lanes of every request are in `first`, a node's or an edge's need `series`; a request that is not `first` needs all. */
export function stageFor(request: { readonly series?: string; readonly first?: boolean }): TimelineStage {
  if (request.first !== true) return 'all';
  return request.series === undefined || request.series === 'overall' ? 'first' : 'series';
}

/** What is made of the dataset's timeline now (the first stage finished if it was not). */
export function madeSoFar(dataset: Dataset): {
  readonly entry: Entry;
  readonly first: FirstLanes;
  readonly series: TimelineSeries | undefined;
  readonly sampling: TimelineSampling | undefined;
  readonly correlation: Correlation | undefined;
  readonly lane: Pick<CorrelateJson, 'lane' | 'hidden'>;
} {
  prepareTimeline(dataset, () => false, 'first');
  const entry = entryOf(dataset);
  return { entry, first: entry.builder.firstLanes()!, series: entry.series, sampling: entry.sampling, correlation: entry.correlation, lane: entry.laneJson! };
}

/** correlate(dataset), made once per dataset (what the idle work left is finished now). */
export function correlationOf(dataset: Dataset): Correlation {
  prepareTimeline(dataset, () => false, 'all');
  return entryOf(dataset).correlation!;
}

/** The sampling rules per service with the rates measured, once the series are made. */
function samplingOf(dataset: Dataset, entry: Entry, series: TimelineSeries): TimelineSampling {
  const byKey = new Map(series.nodes.map((s) => [s.node, s]));
  return (entry.sampling ??= timelineSampling(dataset, series.graph, series.buckets, (key) => byKey.get(key)));
}
