import { useCallback, useMemo, useRef, useState } from 'react';
import { inputRanges, type CompareRanges, type TimeRange } from '../../../../shared/analysis/compare/index.ts';
import { formatTimeRange } from '../../../../shared/base/format.ts';
import { ErrorNotice, StatusNotice } from '../../../components/Notice.tsx';
import { statusColorProperties } from '../../../components/status-colors.ts';
import { formatRange, routeSource, updateRouteParams, useRoute } from '../../../core/route.ts';
import { useShortcutHelp } from '../../../core/shortcuts.ts';
import { useAppState, type ShortcutGroup } from '../../../core/store.ts';
import { CompareMap } from './CompareMap.tsx';
import type { PaintFigure } from './delta-paint.ts';
import { FigureDetail } from './FigureDetail.tsx';
import { FigureTable, tableRows } from './FigureTable.tsx';
import { RangesHeader } from './RangesHeader.tsx';
import { rangesRequestOf, type RangesModeParams, type RangesModeState } from './ranges-links.ts';
import { useComparedMap, useRangeComparison } from './use-range-comparison.ts';
import './ranges.css';

const SHORTCUTS: ShortcutGroup = {
  title: 'Compare ranges',
  shortcuts: [
    { keys: ['↑', '↓', 'k', 'j'], action: 'Move between calls and nodes in the table' },
    { keys: ['Enter'], action: "Go to the selected one's detail" },
  ],
};

/**
 * Compare, ranges mode: two ranges of trace starts (a change's split, two brushed ranges, or typed
 * ones) node by node and call by call — the analysis' verdicts (docs/compare.md) in a table,
 * changed most first, the map coloured by the change of a chosen figure, and the selected one's
 * histograms, exceptions and traces. The request and the selection live in the URL.
 */
export function RangesView({ state, params }: { readonly state: RangesModeState; readonly params: RangesModeParams }) {
  const route = useRoute();
  const source = routeSource(route);
  const incident = useAppState((app) => app.incident);
  const request = rangesRequestOf(state);
  const answer = useRangeComparison(request);
  const comparison = answer.phase === 'ready' ? answer.comparison : answer.phase === 'loading' ? answer.previous : undefined;
  const map = useComparedMap(comparison);
  const [figure, setFigure] = useState<PaintFigure>('p90');
  const detailRef = useRef<HTMLElement>(null);
  useShortcutHelp('compare-ranges', SHORTCUTS);
  const rows = useMemo(() => (comparison ? tableRows(comparison) : undefined), [comparison]);
  const row = rows && state.select !== undefined ? [...rows.edges, ...rows.nodes].find((candidate) => candidate.figure.id === state.select) : undefined;
  const openDetail = useCallback(() => detailRef.current?.focus(), []);
  const select = useCallback((id: string | undefined) => updateRouteParams({ [params.select]: id }), [params]);
  // Explicit ranges: an edit or a swap replaces a change's split (the change is dropped).
  const applyRanges = useCallback(
    (before: TimeRange, after: TimeRange) => updateRouteParams({ [params.change]: undefined, [params.before]: formatRange(before), [params.after]: formatRange(after) }),
    [params],
  );
  if (incident.phase !== 'ready') return null;
  const files = filesCompared(incident.overview);

  const emptySide = comparison && (comparison.traces.before === 0 || comparison.traces.after === 0) ? (comparison.traces.before === 0 ? 'before' : 'after') : undefined;
  return (
    <div className="te-cmp-view" style={statusColorProperties()} aria-busy={answer.phase === 'loading'}>
      <RangesHeader comparison={comparison} requested={{ before: state.before, after: state.after }} onApply={applyRanges} waiting={answer.phase === 'loading'} />
      {files ? (
        <p className="te-cmp-files">
          Two files are open: <strong>{files.names[0]}</strong> ({formatTimeRange(...files.ranges.before)}) and <strong>{files.names[1]}</strong> ({formatTimeRange(...files.ranges.after)}).{' '}
          <button type="button" className="button button--quiet" onClick={() => applyRanges(files.ranges.before, files.ranges.after)}>
            Compare the two files
          </button>
        </p>
      ) : null}
      {answer.phase === 'idle' ? (
        <div className="te-cmp-empty">
          <p>
            <strong>Choose what to compare.</strong> On the Timeline, select a change and &ldquo;Compare before/after this change&rdquo;, or brush a range and &ldquo;Compare with the range before it&rdquo;; in Changes, select an event; or type two ranges above.
          </p>
        </div>
      ) : null}
      {answer.phase === 'loading' ? <StatusNotice busy>{comparison ? 'Comparing the new ranges… (the table below is of the ranges before)' : 'Comparing the two ranges, call by call and node by node…'}</StatusNotice> : null}
      {answer.phase === 'failed' ? <ErrorNotice title="Could not compare the ranges" message={answer.message} /> : null}
      {emptySide && comparison ? (
        <div className="notice notice--status" role="note">
          <div>
            <strong>No trace starts in the {emptySide} range</strong> ({formatTimeRange(...comparison.ranges[emptySide])}): there is nothing to compare it with. Widen it, or choose other ranges.
          </div>
        </div>
      ) : null}
      {comparison && answer.phase !== 'failed' ? (
        <div className={answer.phase === 'loading' ? 'te-cmp-body te-cmp-body--stale' : 'te-cmp-body'}>
          <div className="te-cmp-main">
            <CompareMap comparison={comparison} map={map} figure={figure} selected={state.select} onFigure={setFigure} onSelect={select} />
            <FigureTable comparison={comparison} selected={state.select} onSelect={select} onOpen={openDetail} />
          </div>
          <FigureDetail ref={detailRef} comparison={comparison} row={row} source={source} params={params} />
        </div>
      ) : null}
    </div>
  );
}

/**
 * Two files opened together whose traces do not overlap in time (two snapshots of one system,
 * last week's and today's): each file's span of trace starts as a range, to compare file against file.
 */
function filesCompared(overview: { readonly files: readonly string[]; readonly inputSpans?: readonly (TimeRange | undefined)[] }): { readonly names: readonly string[]; readonly ranges: CompareRanges } | undefined {
  if (overview.files.length !== 2 || overview.inputSpans === undefined) return undefined;
  try {
    return { names: overview.files, ranges: inputRanges(overview.files, overview.inputSpans) };
  } catch {
    // Overlapping, or a file without traces: there is no file-against-file comparison to offer.
    return undefined;
  }
}
