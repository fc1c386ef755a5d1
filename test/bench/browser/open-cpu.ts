import { readdirSync, readFileSync } from 'node:fs';

/**
 * The CPU time the browser's processes used, by thread name, from /proc/<pid>/task/<tid>/stat
 * (utime + stime). On the shared machine a page's wall time is mostly waiting for a core; the CPU
 * its threads used is not, so the open benchmark reports both: `workerCpuMs` is the dedicated
 * workers' still running (the analysis worker, or the baseline's), `cpuMs` every thread's, those
 * that ended included (the processes' own figures: the app's parse workers end with the open,
 * and show in `byThread` as "(ended threads)"). Linux only.
 */
export interface BrowserCpu {
  readonly cpuMs: number;
  readonly workerCpuMs: number;
  /** The threads with the most CPU, by name (Chromium names its threads: CrRendererMain, DedicatedWorker, …). */
  readonly byThread: Readonly<Record<string, number>>;
}

/** Clock ticks per second of utime and stime: USER_HZ, 100 on every Linux Chromium runs on. */
const TICKS_PER_SECOND = 100;

export function browserCpu(pids: readonly number[]): BrowserCpu {
  const byThread: Record<string, number> = {};
  let total = 0;
  let threads = 0;
  for (const pid of pids) {
    // The process's own figures include the threads that have ended (the app's parse workers end with the open).
    try {
      total += cpuOf(readFileSync(`/proc/${pid}/stat`, 'utf8')).ms;
    } catch {
      continue;
    }
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const { name, ms } = cpuOf(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        threads += ms;
        byThread[name] = (byThread[name] ?? 0) + ms;
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  if (total > threads) byThread['(ended threads)'] = total - threads;
  const workerCpuMs = Object.entries(byThread)
    .filter(([name]) => /DedicatedWorker/i.test(name))
    .reduce((sum, [, ms]) => sum + ms, 0);
  const top = Object.fromEntries(Object.entries(byThread).sort((a, b) => b[1] - a[1]).slice(0, 7));
  return { cpuMs: total, workerCpuMs, byThread: top };
}

/** A thread's or a process's name and CPU from its stat line: after the name, state is field 3, utime 14 and stime 15. */
function cpuOf(stat: string): { readonly name: string; readonly ms: number } {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, close), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND };
}
