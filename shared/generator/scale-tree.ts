import type { XRaySubsegmentDocument } from '../model/index.ts';
import type { Random } from './random.ts';
import { segmentId } from './topology.ts';

/**
 * Application-code subsegment trees for the scale generator: exactly `count` subsegments below a
 * parent, mixing chains (depth) and fan-outs (width), sequential and parallel children, laid out
 * inside the parent's interval. Built with an explicit stack; nesting is capped so one document
 * stays a plausible X-Ray segment. Times are whole microseconds.
 */

export interface TreeSpan {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  fault?: boolean;
  subsegments?: XRaySubsegmentDocument[];
}

/** A node calls can be attached under: the parent itself or any built subsegment. */
export interface AttachPoint {
  readonly children: XRaySubsegmentDocument[];
  readonly startUs: number;
  readonly endUs: number;
  /** The subsegments from the top of the tree down to this node, to mark ancestors (fault). */
  readonly ancestors: readonly TreeSpan[];
}

export interface BuiltTree {
  readonly subsegments: XRaySubsegmentDocument[];
  readonly attachPoints: AttachPoint[];
}

const CODE_NAMES = [
  '## handler', 'validate', 'authorize', 'load-config', 'parse-body', 'compute-price', 'apply-discounts', 'render', 'serialize',
  'cache.get', 'cache.set', 'map-items', 'check-stock', 'build-response', 'retry', 'batch', 'transform', 'enrich', 'audit', 'flush',
];
const MAX_FANOUT = 8;
const MAX_NESTING = 40;
const CHAIN_PROBABILITY = 0.3;

/** Splits `total` ≥ `parts` ≥ 1 into `parts` positive integers, unevenly. */
export function compose(random: Random, total: number, parts: number): number[] {
  const weights: number[] = [];
  let sum = 0;
  for (let i = 0; i < parts; i++) {
    const w = random.next() ** 2 + 0.01;
    weights.push(w);
    sum += w;
  }
  const free = total - parts;
  const out = weights.map((w) => 1 + Math.floor((free * w) / sum));
  let left = total - out.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) out[i] = (out[i] ?? 0) + 1;
  return out;
}

export const toSeconds = (us: number): number => us / 1e6;

function layout(random: Random, startUs: number, endUs: number, count: number, parallel: boolean): [number, number][] {
  const span = Math.max(count, endUs - startUs);
  const out: [number, number][] = [];
  if (parallel) {
    for (let i = 0; i < count; i++) {
      const s = startUs + Math.floor(span * 0.05 * random.next());
      out.push([s, Math.max(s + 1, endUs - Math.floor(span * 0.3 * random.next()))]);
    }
    return out;
  }
  const slot = span / count;
  for (let i = 0; i < count; i++) {
    const s = startUs + Math.floor(i * slot + slot * 0.02 * random.next());
    const e = Math.max(s + 1, Math.floor(startUs + (i + 1) * slot - slot * 0.02 * random.next()));
    out.push([s, Math.min(e, Math.max(s + 1, endUs))]);
  }
  return out;
}

/** Builds exactly `count` subsegments below an interval. */
export function buildCodeTree(random: Random, count: number, startUs: number, endUs: number): BuiltTree {
  const top: XRaySubsegmentDocument[] = [];
  const attachPoints: AttachPoint[] = [{ children: top, startUs, endUs, ancestors: [] }];
  if (count <= 0) return { subsegments: top, attachPoints };
  const stack: { children: XRaySubsegmentDocument[]; budget: number; startUs: number; endUs: number; ancestors: TreeSpan[] }[] = [
    { children: top, budget: count, startUs, endUs, ancestors: [] },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    const depth = item.ancestors.length;
    const fanout = depth >= MAX_NESTING ? item.budget : item.budget === 1 || random.chance(CHAIN_PROBABILITY) ? 1 : random.int(2, Math.min(MAX_FANOUT, item.budget));
    const sizes = compose(random, item.budget, fanout);
    const slots = layout(random, item.startUs, item.endUs, fanout, fanout > 1 && random.chance(0.2));
    sizes.forEach((size, index) => {
      const [s, e] = slots[index] as [number, number];
      const node: TreeSpan = { id: segmentId(random), name: random.pick(CODE_NAMES), start_time: toSeconds(s), end_time: toSeconds(e) };
      item.children.push(node as XRaySubsegmentDocument);
      const ancestors = [...item.ancestors, node];
      node.subsegments = [];
      attachPoints.push({ children: node.subsegments, startUs: s, endUs: e, ancestors });
      if (size > 1) stack.push({ children: node.subsegments, budget: size - 1, startUs: s, endUs: e, ancestors });
    });
  }
  return { subsegments: top, attachPoints };
}

/** Drops the empty `subsegments` arrays left on leaves, without recursion. */
export function pruneEmpty(subsegments: XRaySubsegmentDocument[]): void {
  const stack: XRaySubsegmentDocument[][] = [subsegments];
  while (stack.length > 0) {
    const list = stack.pop() as XRaySubsegmentDocument[];
    for (const sub of list) {
      const children = (sub as TreeSpan).subsegments;
      if (children === undefined) continue;
      if (children.length === 0) delete (sub as TreeSpan).subsegments;
      else stack.push(children);
    }
  }
}

/** A sub-interval of [startUs, endUs] for a call made from code running in it. */
export function callInterval(random: Random, startUs: number, endUs: number): [number, number] {
  const length = Math.max(2, endUs - startUs);
  const s = startUs + Math.floor(length * 0.6 * random.next());
  const e = Math.max(s + 1, Math.min(endUs, s + Math.floor((endUs - s) * (0.3 + 0.7 * random.next()))));
  return [s, e];
}
