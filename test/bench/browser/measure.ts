import type { Page } from 'playwright-core';
import { PROBE_SOURCE } from './page-probes.ts';

/** What marks the waterfall's states, for the in-page probes. */
export const WATERFALL = {
  rows: '[role="treegrid"] [role="row"]',
  ready: '.te-detail',
  pending: '.te-trace-pending, .te-detail [aria-busy="true"]',
  scroller: '.te-wf-scroller',
} as const;

export interface LoadTiming {
  readonly firstRowsMs: number;
  readonly loadedMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: readonly { readonly at: number; readonly ms: number }[];
  readonly longestFrameMs: number;
}

export async function installProbes(page: Page): Promise<void> {
  await page.evaluate(PROBE_SOURCE);
}

/** What a timed selection waits for: its first rows, then `ready` present with no `pending` left. */
export interface LoadMarks {
  readonly rows: string;
  readonly ready: string;
  readonly pending: string;
}

/** Chooses a trace (sets the URL fragment) and times it until loaded and quiet; other views give their own marks. */
export async function timeSelection(page: Page, hash: string, settleMs = 800, marks: LoadMarks = WATERFALL): Promise<LoadTiming> {
  await installProbes(page);
  const done = { rows: marks.rows, ready: marks.ready, pending: marks.pending, settleMs };
  return (await page.evaluate(`window.__teBench.select(${JSON.stringify(hash)}, ${JSON.stringify(done)})`)) as LoadTiming;
}

/** Scrolls `selector` by `step` px a frame for `frames` frames; the intervals between frames. */
export async function timeScroll(page: Page, frames: number, step: number): Promise<number[]> {
  await installProbes(page);
  const result = (await page.evaluate(`window.__teBench.scroll(${JSON.stringify(WATERFALL.scroller)}, ${frames}, ${step})`)) as { intervals: number[] };
  return result.intervals;
}

/** Clicks `target` and times it to the first painted frame where `shown` matches. */
export async function timeClick(page: Page, target: string, shown: string): Promise<number> {
  await installProbes(page);
  // The listener is in place before the click: the page runs evaluations and input in the order sent.
  const measured = page.evaluate(`window.__teBench.armClick(${JSON.stringify(shown)})`) as Promise<number>;
  await page.click(target);
  return measured;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
