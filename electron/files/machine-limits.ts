import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { limitsForMemory, type Limits, type MemoryUse } from '../../shared/snapshot/index.ts';

/**
 * What this Node process can hold while it reads a snapshot, for the reader's caps: the smaller of
 * the machine's memory (as the cgroup limits it) and twice the JavaScript heap limit (an open
 * snapshot keeps its text outside the heap and its columns inside), and the heap in use, looked
 * at while reading, so a file too big for this process is refused with its name before the heap
 * runs out (V8 would abort the process with no file named).
 */
export function machineLimits(): Limits {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  const memory = Math.min(totalmem(), constrained && constrained > 0 ? constrained : Number.POSITIVE_INFINITY, 2 * getHeapStatistics().heap_size_limit);
  return limitsForMemory(memory);
}

export function heapUse(): MemoryUse {
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  return { used, limit };
}

/** The reader options of a CLI command: the machine's caps and the heap probe. */
export function machineReadOptions(): { readonly baseLimits: Limits; readonly memory: () => MemoryUse } {
  return { baseLimits: machineLimits(), memory: heapUse };
}
