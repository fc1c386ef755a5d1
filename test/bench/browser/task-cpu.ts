import type { Page } from 'playwright-core';

/**
 * The main thread's long tasks with the CPU time each one used, from a Chromium trace (category
 * `toplevel`: every task's wall time `dur` and thread time `tdur`). On the shared 2-core machine a
 * task's wall time is often several times its CPU time — the renderer waits for a core — so the
 * Long Tasks API alone cannot tell a 50 ms task from a 10 ms one that was descheduled.
 */
export interface TaskCpu {
  /** Wall time of the task, ms. */
  readonly ms: number;
  /** CPU time the main thread used in it, ms. */
  readonly cpuMs: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

const TASK = 'ThreadControllerImpl::RunTask';

/** Runs `run` while tracing; the main-thread tasks of `page`'s renderer longer than `overMs` (wall), longest first. */
export async function withTaskCpu<T>(page: Page, run: () => Promise<T>, overMs = 50): Promise<{ readonly result: T; readonly tasks: readonly TaskCpu[] }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReportEvents' });
  let result: T;
  try {
    result = await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  // The page's renderer: of the CrRendererMain threads, the one that ran the most tasks.
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const taskCount = (e: TraceEvent): number => events.filter((t) => t.pid === e.pid && t.tid === e.tid && t.name === TASK).length;
  const main = mains.map((e) => ({ e, count: taskCount(e) })).sort((a, b) => b.count - a.count)[0]?.e;
  const tasks = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === TASK && (e.dur ?? 0) > overMs * 1000)
    .map((e) => ({ ms: Math.round((e.dur ?? 0) / 100) / 10, cpuMs: Math.round((e.tdur ?? Number.NaN) / 100) / 10 }))
    .sort((a, b) => b.ms - a.ms);
  return { result, tasks };
}
