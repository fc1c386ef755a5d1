import { readdirSync, readFileSync } from 'node:fs';

/**
 * The private memory of the browser's processes (every Chromium process started from this one:
 * browser, zygotes, renderers, GPU, network and storage services): the sum of their resident
 * anonymous pages, RssAnon in /proc/<pid>/status — the heaps, the buffers and the stacks a process
 * holds for itself (shared libraries and shared memory are file or shmem pages and count nowhere).
 * Sampled on an interval; `peak` is the most seen. Linux only.
 *
 * Not smaps_rollup's Private_Clean + Private_Dirty, which it used to read: that file walks every
 * page table of the process under its memory-map lock, 60–65 ms a pass over the browser's
 * processes at 1 GB, so sampling it every 100 ms cost the benchmark 7.8–8.7 s of system CPU during
 * one open of the 1m case on a 2-core machine, and stalled the measured renderer's own mappings (the
 * heap's growth): the app's open took 13.5–14.7 s with it against 9.7–10.2 s with a pass a
 * second. status reads counters. On the same runs the two peaks differed by 2–2.5 %, in the same
 * direction on both sides (RssAnon leaves out the few file pages only one process had touched).
 */
export class BrowserMemory {
  private pids: number[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticks = 0;
  private started = 0;
  peak = 0;
  /** Every sample: ms after start, and the total. */
  readonly samples: { readonly at: number; readonly bytes: number }[] = [];
  /** When the peak was seen (ms after start), and each process type's share of it. */
  peakAtMs = 0;
  peakByType: Record<string, number> = {};

  start(intervalMs = 100): void {
    this.peak = 0;
    this.samples.length = 0;
    this.started = performance.now();
    this.pids = chromiumDescendants();
    this.sample();
    this.timer = setInterval(() => {
      if (++this.ticks % 10 === 0) this.pids = chromiumDescendants();
      this.sample();
    }, intervalMs);
  }

  /** Stops sampling (after a last sample) and returns the peak in bytes. */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.pids = chromiumDescendants();
    this.sample();
    return this.peak;
  }

  /** The most seen up to `ms` after start. */
  peakUntil(ms: number): number {
    let peak = 0;
    for (const sample of this.samples) if (sample.at <= ms) peak = Math.max(peak, sample.bytes);
    return peak;
  }

  /** ms after start, on this process's clock. */
  elapsed(): number {
    return performance.now() - this.started;
  }

  /** The current total, in bytes. */
  now(): number {
    return privateBytes(this.pids);
  }

  private sample(): void {
    const byType: Record<string, number> = {};
    const total = privateBytes(this.pids, byType);
    this.samples.push({ at: performance.now() - this.started, bytes: total });
    if (total > this.peak) {
      this.peak = total;
      this.peakAtMs = Math.round(performance.now() - this.started);
      this.peakByType = byType;
    }
  }
}

function privateBytes(pids: readonly number[], byType?: Record<string, number>): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const kb = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      const own = Number(kb ?? 0) * 1024;
      sum += own;
      if (byType) {
        const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))?.[1] ?? 'browser';
        byType[type] = (byType[type] ?? 0) + own;
      }
    } catch {
      // The process ended between the scan and the read.
    }
  }
  return sum;
}

/** Chromium processes below this one (by parent pid). */
export function chromiumDescendants(): number[] {
  const parentOf = new Map<number, number>();
  const command = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      parentOf.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
      command.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
    } catch {
      // Gone already.
    }
  }
  const found: number[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      queue.push(child);
      if (/chrom/i.test(command.get(child) ?? '')) found.push(child);
    }
  }
  return found;
}
