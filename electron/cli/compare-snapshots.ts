import { inputRanges, type CompareRanges } from '../../shared/analysis/compare/index.ts';
import type { OpenedIncident } from '../../shared/incident/index.ts';
import { terminalSafe } from '../../shared/base/terminal-text.ts';

/**
 * `compare A B --snapshots`: two snapshots of the same system (last week's and today's), opened
 * together as the app opens them, as the before and after ranges — each file's span of trace
 * starts, which the open reports per input (OpenedIncident.inputSpans) — refused when they overlap.
 */
export function snapshotRanges(files: readonly { readonly name: string }[], opened: Pick<OpenedIncident, 'inputSpans'>): CompareRanges {
  return inputRanges(files.map((file) => terminalSafe(file.name)), opened.inputSpans);
}
