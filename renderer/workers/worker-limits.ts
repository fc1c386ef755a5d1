import { limitsForMemory, type Limits, type MemoryUse } from '../../shared/snapshot/index.ts';

interface ChromiumMemory {
  readonly usedJSHeapSize: number;
  readonly jsHeapSizeLimit: number;
}

const GiB = 1024 * 1024 * 1024;

function heapInfo(): ChromiumMemory | undefined {
  const memory = (globalThis as { readonly performance?: { readonly memory?: ChromiumMemory } }).performance?.memory;
  return memory && typeof memory.usedJSHeapSize === 'number' && typeof memory.jsHeapSizeLimit === 'number' ? memory : undefined;
}

/**
 * The reader's caps in the analysis worker, from what the device says it has
 * (`navigator.deviceMemory`, in GiB, which Chromium rounds down and caps at 8) and the worker's
 * JavaScript heap limit where Chromium tells it: an open snapshot keeps its text outside the heap
 * and its columns inside, so the heap allows about twice its size. 4 GiB when nothing is known.
 */
export function workerLimits(): Limits {
  const device = (globalThis as { readonly navigator?: { readonly deviceMemory?: number } }).navigator?.deviceMemory;
  const heap = heapInfo()?.jsHeapSizeLimit;
  const candidates = [typeof device === 'number' && device > 0 ? device * GiB : 4 * GiB];
  if (heap !== undefined) candidates.push(2 * heap);
  return limitsForMemory(Math.min(...candidates));
}

/** The heap in use, where Chromium tells it (`performance.memory`); undefined elsewhere. */
export function workerMemory(): MemoryUse | undefined {
  const memory = heapInfo();
  return memory ? { used: memory.usedJSHeapSize, limit: memory.jsHeapSizeLimit } : undefined;
}
