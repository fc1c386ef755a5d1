/**
 * How the analysis worker shares its one thread: work in slices of PREPARE_SLICE_MS, each next
 * slice queued behind the messages already waiting, so a query or a cancel is never held long.
 */
/** Longest stretch the build-ahead holds the worker before letting queries in. */
export const PREPARE_SLICE_MS = 8;

export function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

/** A slice's `shouldStop`: true once PREPARE_SLICE_MS have passed from now. */
export function sliceEnds(): () => boolean {
  const deadline = now() + PREPARE_SLICE_MS;
  return () => now() >= deadline;
}

/**
 * Runs `task` once the messages already queued have been handled: a MessageChannel round trip,
 * which (unlike nested setTimeout, clamped to 4 ms) leaves no idle gap between slices.
 */
export function afterPendingMessages(task: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(task, 0);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(null);
}

/** The open's pause between slices of its reading: lets a cancel or another query's message in. */
export const pause = (): Promise<void> => new Promise((resolve) => afterPendingMessages(resolve));
