/**
 * Two latency histograms on one log-scaled axis, so a view can overlay them: BINS_PER_DECADE bins
 * per power of ten, their bounds at 10^(i/BINS_PER_DECADE) seconds — the same bounds for every
 * edge, so two histograms (or two edges) line up — from the bin of the fastest request of either
 * range to the bin of the slowest. Durations below MIN_SECONDS (zero, clock noise) count in the
 * first bin.
 */
export interface OverlaidHistogram {
  /** Bin bounds in seconds, ascending: bin i is [bounds[i], bounds[i+1]). One more than the counts. */
  readonly bounds: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
}

export const BINS_PER_DECADE = 5;
const MIN_SECONDS = 1e-6;

function binOf(seconds: number): number {
  return Math.floor(Math.log10(Math.max(MIN_SECONDS, seconds)) * BINS_PER_DECADE + 1e-9);
}

/** Both ranges' durations (sorted ascending) on one axis; no bins when neither has any. */
export function overlaidHistogram(before: Float64Array, after: Float64Array): OverlaidHistogram {
  const lows = [before[0], after[0]].filter((v): v is number => v !== undefined);
  const highs = [before[before.length - 1], after[after.length - 1]].filter((v): v is number => v !== undefined);
  if (lows.length === 0) return { bounds: [], before: [], after: [] };
  const first = binOf(Math.min(...lows));
  const last = binOf(Math.max(...highs));
  const bounds: number[] = [];
  for (let i = first; i <= last + 1; i++) bounds.push(Number(boundOf(i).toPrecision(6)));
  return { bounds, before: countsOf(before, first, last), after: countsOf(after, first, last) };
}

/** Counts per bin of sorted durations: one walk along them, moving to the next bin when a value reaches its bound. */
function countsOf(sorted: Float64Array, first: number, last: number): number[] {
  const counts = new Array<number>(last - first + 1).fill(0);
  let bin = 0;
  let next = boundOf(first + 1);
  for (let i = 0; i < sorted.length; i++) {
    const value = sorted[i]!;
    while (value >= next && bin < counts.length - 1) next = boundOf(first + ++bin + 1);
    counts[bin]!++;
  }
  return counts;
}

function boundOf(index: number): number {
  return 10 ** (index / BINS_PER_DECADE);
}
