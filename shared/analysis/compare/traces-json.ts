import type { Trace } from '../../model/trace.ts';
import { STATUS_BITS, statusOfBits, type RequestStatus } from '../../model/status.ts';
import { CRITICAL_AFTER, CRITICAL_BEFORE, type TraceComparison } from './traces.ts';

/**
 * The comparison as the command line's `--json` prints it:
 * `{"pairs":[{"path","before","after","delta"}],"onlyBefore":[…],"onlyAfter":[…]}`. Times in
 * seconds; a duration is null while its span is in progress.
 *
 * `path` names a span from the root, steps joined by ` > `: a span with a service node of its own
 * (a segment, an inferred span) is the node, `name (type)` (`name` alone when it has no type); a
 * subsegment is its name; ` #k` follows when it is the k-th (k ≥ 2, by start time) of its
 * siblings with the same step.
 */
export interface ComparedSpanJson {
  readonly id: string;
  readonly duration: number | null;
  readonly selfTime: number;
  readonly status: RequestStatus;
  readonly critical: boolean;
}

export interface PairJson {
  readonly path: string;
  readonly before: ComparedSpanJson;
  readonly after: ComparedSpanJson;
  readonly delta: { readonly duration: number | null; readonly selfTime: number; readonly status: string | null };
}

export interface OnlySubtreeJson {
  readonly path: string;
  readonly id: string;
  /** Spans in the subtree, its root included. */
  readonly spans: number;
  readonly duration: number | null;
  readonly status: RequestStatus;
}

export interface CompareTracesJson {
  readonly pairs: readonly PairJson[];
  readonly onlyBefore: readonly OnlySubtreeJson[];
  readonly onlyAfter: readonly OnlySubtreeJson[];
}

/** The text of one step of a row's path. */
function stepOf(comparison: TraceComparison, row: number): string {
  const { rows, labels } = comparison;
  const label = labels[rows.label[row]!]!;
  const name = rows.ownsNode[row] && label.node !== '' ? (label.type !== '' ? `${label.node} (${label.type})` : label.node) : label.name;
  const ordinal = rows.ordinal[row]!;
  return ordinal > 0 ? `${name} #${ordinal + 1}` : name;
}

/** The path of a row, from the root (see the module's comment). */
export function rowPath(comparison: TraceComparison, row: number): string {
  const steps: string[] = [];
  for (let r = row; r >= 0; r = comparison.rows.parentRow[r]!) steps.push(stepOf(comparison, r));
  return steps.reverse().join(' > ');
}

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function spanJson(trace: Trace, span: number, duration: number, self: number, bits: number, critical: boolean): ComparedSpanJson {
  return { id: trace.spans[span]!.id, duration: finite(duration), selfTime: self, status: statusOfBits(bits), critical };
}

/**
 * The matched pairs by |duration delta| (the largest `top` of them when given), then the pairs
 * whose status changed that are not among those (in row order), and every subtree only one trace has.
 */
export function compareTracesJson(comparison: TraceComparison, before: Trace, after: Trace, top?: number): CompareTracesJson {
  const { rows } = comparison;
  const pairs: PairJson[] = [];
  const pairOf = (r: number): PairJson => {
    const i = rows.before[r]!;
    const j = rows.after[r]!;
    const bits = rows.status[r]!;
    const [was, now] = [statusOfBits(bits & STATUS_BITS), statusOfBits(bits >> 4)];
    const critical = rows.critical[r]!;
    return {
      path: rowPath(comparison, r),
      before: spanJson(before, i, rows.beforeDuration[r]!, rows.beforeSelf[r]!, bits & STATUS_BITS, (critical & CRITICAL_BEFORE) !== 0),
      after: spanJson(after, j, rows.afterDuration[r]!, rows.afterSelf[r]!, bits >> 4, (critical & CRITICAL_AFTER) !== 0),
      delta: { duration: finite(rows.durationDelta[r]!), selfTime: rows.selfDelta[r]!, status: was === now ? null : `${was} → ${now}` },
    };
  };
  const limit = top ?? comparison.rowCount;
  const taken = new Set<number>();
  for (let k = 0; k < comparison.byDelta.length && taken.size < limit; k++) {
    const r = comparison.byDelta[k]!;
    if (rows.before[r]! < 0 || rows.after[r]! < 0) continue;
    taken.add(r);
    pairs.push(pairOf(r));
  }
  for (const r of comparison.statusChanged) if (!taken.has(r)) pairs.push(pairOf(r));
  const only = (list: Int32Array, trace: Trace, side: 'before' | 'after'): OnlySubtreeJson[] =>
    Array.from(list, (r) => {
      const span = side === 'before' ? rows.before[r]! : rows.after[r]!;
      const duration = side === 'before' ? rows.beforeDuration[r]! : rows.afterDuration[r]!;
      const bits = side === 'before' ? rows.status[r]! & STATUS_BITS : rows.status[r]! >> 4;
      return { path: rowPath(comparison, r), id: trace.spans[span]!.id, spans: rows.subtreeRows[r]!, duration: finite(duration), status: statusOfBits(bits) };
    });
  return { pairs, onlyBefore: only(comparison.onlyBefore, before, 'before'), onlyAfter: only(comparison.onlyAfter, after, 'after') };
}
