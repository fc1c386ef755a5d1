import { AppError } from '../../shared/base/errors.ts';
import { formatTimeRange } from '../../shared/base/format.ts';
import type { TimeRange } from '../../shared/analysis/compare/index.ts';
import { terminalSafe } from '../../shared/base/terminal-text.ts';
import { openCommandFiles } from './cli-open.ts';

/**
 * `compare A B --snapshots`: two snapshots of the same system (last week's and today's) as the
 * before and after ranges — each file's traces' span, first start to last start, taken from the
 * file opened alone. The merged open (both files as one incident, as the app opens them) does
 * not say which file a trace came from, so each file is opened once more on its own: the cost is
 * a second read of both. Spans that overlap are refused: the traces of the two files could not be
 * told apart by time.
 */
export async function snapshotRanges(paths: readonly string[]): Promise<{ readonly before: TimeRange; readonly after: TimeRange }> {
  if (paths.length !== 2) throw new AppError('invalidInput', `--snapshots compares exactly two files (the before and the after snapshot), not ${paths.length}.`);
  const spans: TimeRange[] = [];
  for (const path of paths) {
    // What was skipped is reported once, by the open of both (compare-command.ts).
    const { files, opened } = await openCommandFiles([path]);
    const { traces } = opened.dataset;
    if (traces.length === 0) throw new AppError('invalidInput', `${terminalSafe(files[0]?.name ?? path)}: no X-Ray traces, so no range to compare.`);
    spans.push([traces[0]!.start, traces[traces.length - 1]!.start]);
  }
  const [before, after] = spans as [TimeRange, TimeRange];
  if (before[0] <= after[1] && after[0] <= before[1]) {
    throw new AppError(
      'invalidInput',
      `The traces of ${terminalSafe(paths[0]!)} (${formatTimeRange(...before)}) and ${terminalSafe(paths[1]!)} (${formatTimeRange(...after)}) overlap in time: opened together, their traces cannot be told apart by time. Compare ranges of one incident with --before and --after instead.`,
    );
  }
  return { before, after };
}
