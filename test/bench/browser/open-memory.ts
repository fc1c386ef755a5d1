import { readdirSync, readFileSync } from 'node:fs';

/**
 * The private memory of the browser's processes (every Chromium process started from this one:
 * browser, zygotes, renderers, GPU, network and storage services): the sum of Private_Clean and
 * Private_Dirty in /proc/<pid>/smaps_rollup, which is what a process holds for itself (shared
 * libraries and shared memory count once, nowhere). Sampled on an interval; `peak` is the most
 * seen. Linux only.
 */
export class BrowserMemory {
  private pids: number[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticks = 0;
  peak = 0;

  start(intervalMs = 100): void {
    this.peak = 0;
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

  /** The current total, in bytes. */
  now(): number {
    return privateBytes(this.pids);
  }

  private sample(): void {
    this.peak = Math.max(this.peak, privateBytes(this.pids));
  }
}

function privateBytes(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      for (const match of text.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB$/gm)) sum += Number(match[1]) * 1024;
    } catch {
      // The process ended between the scan and the read.
    }
  }
  return sum;
}

/** Chromium processes below this one (by parent pid). */
function chromiumDescendants(): number[] {
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
