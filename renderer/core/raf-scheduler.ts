/**
 * One requestAnimationFrame loop for the trace view (the Perfetto `raf_scheduler` idea): work is
 * scheduled under a key, the latest callback per key wins, and everything due runs in one frame.
 * Scroll positions, minimap drags and canvas redraws all go through it, so a burst of events
 * costs one render per frame. Without requestAnimationFrame (tests, a hidden page) it falls back
 * to a macrotask.
 */
export interface FrameScheduler {
  schedule(key: string, work: () => void): void;
  cancel(key: string): void;
}

export function createFrameScheduler(): FrameScheduler {
  const due = new Map<string, () => void>();
  let pending = false;
  const run = (): void => {
    pending = false;
    const jobs = [...due.values()];
    due.clear();
    for (const job of jobs) job();
  };
  const request = (): void => {
    if (pending) return;
    pending = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 16);
  };
  return {
    schedule(key, work) {
      due.set(key, work);
      request();
    },
    cancel(key) {
      due.delete(key);
    },
  };
}

/** The scheduler shared by every trace view in the window. */
export const frameScheduler: FrameScheduler = createFrameScheduler();
