import type { Trace } from '../../model/trace.ts';
import { nodeKey, serviceIdentity } from '../../dataset/index.ts';

/**
 * "The typical trace before and after": of the traces that enter through one service node and
 * start in a range, the one of median duration. A real trace is picked, never an average: with an
 * even count, the lower of the two middle ones; equal durations are ordered by start, then id.
 */

/** [from, to): epoch seconds; a trace is in the range when its first span starts in it. */
export type TraceRange = readonly [number, number];

/** The map node key (`type|name`, dataset nodeKey) of the node a trace enters through: its first root's. */
export function entryNodeOf(trace: Trace): string | undefined {
  const root = trace.spans[0];
  if (root === undefined) return undefined;
  const { name, type } = serviceIdentity(root);
  return nodeKey(type, name);
}

/** The median-duration trace entering through `entry` that starts in `range`, and how many there were. */
export function typicalTrace(traces: readonly Trace[], entry: string, range: TraceRange): { readonly trace: Trace | undefined; readonly candidates: number } {
  const [from, to] = range;
  const candidates = traces.filter((trace) => trace.start >= from && trace.start < to && entryNodeOf(trace) === entry);
  candidates.sort((x, y) => x.end - x.start - (y.end - y.start) || x.start - y.start || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { trace: candidates[Math.floor((candidates.length - 1) / 2)], candidates: candidates.length };
}
