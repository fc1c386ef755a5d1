import type { TraceComparison, TraceComparisonSide } from '../../../../shared/analysis/compare/index.ts';
import { formatCount, formatDuration, formatChange, formatQuantity, formatTime } from '../../../../shared/base/format.ts';
import { STATUS_LABELS, statusColor } from '../../../components/status-colors.ts';
import { onlySpans, roundDelta, rowName, sideStatus, type Side } from './comparison-rows.ts';

export interface CompareTracesHeaderProps {
  readonly comparison: TraceComparison;
  /** The root row of each trace (its first root's merged row). */
  readonly roots: { readonly before: number; readonly after: number };
  readonly traceHref: (traceId: string) => string;
  readonly onSwap: () => void;
}

function TraceCard({ comparison, side, info, root, href }: { readonly comparison: TraceComparison; readonly side: Side; readonly info: TraceComparisonSide; readonly root: number; readonly href: string }) {
  const entry = root >= 0 ? rowName(comparison, root) : undefined;
  const status = root >= 0 ? sideStatus(comparison, root, side) : 'ok';
  return (
    <section className={`te-cmp-card te-cmp-card--${side}`} aria-label={`${side === 'before' ? 'Before' : 'After'} trace`}>
      <h2 className="te-cmp-card__title">
        <span className={`te-cmp-swatch te-cmp-swatch--${side}`} aria-hidden="true" />
        {side === 'before' ? 'Before' : 'After'}
      </h2>
      <a className="te-cmp-card__id" href={href} title="Open in the Trace view">
        {info.traceId}
      </a>
      <dl className="te-cmp-card__facts">
        <dt>Entry</dt>
        <dd>{entry ? `${entry.node ?? entry.name}` : '—'}</dd>
        <dt>Start</dt>
        <dd>{formatTime(info.start * 1000)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(info.duration)}</dd>
        <dt>Status</dt>
        <dd>
          <span className="te-cmp-dot" style={{ background: statusColor(status) }} aria-hidden="true" /> {STATUS_LABELS[status]}
        </dd>
        <dt>Spans</dt>
        <dd>{formatCount(info.spans)}</dd>
      </dl>
    </section>
  );
}

/** Both traces named and linked, the totals of the comparison, and the swap. */
export function CompareTracesHeader({ comparison, roots, traceHref, onSwap }: CompareTracesHeaderProps) {
  const delta = roundDelta(comparison.after.duration - comparison.before.duration);
  const onlyBeforeSpans = onlySpans(comparison, 'before');
  const onlyAfterSpans = onlySpans(comparison, 'after');
  return (
    <header className="te-cmp-header">
      <TraceCard comparison={comparison} side="before" info={comparison.before} root={roots.before} href={traceHref(comparison.before.traceId)} />
      <div className="te-cmp-totals" aria-label="Totals">
        <p className={`te-cmp-totals__delta te-cmp-totals__delta--${delta > 0 ? 'slower' : delta < 0 ? 'faster' : 'same'}`}>
          {formatChange(delta, formatDuration)}
          <span className="te-cmp-totals__words">{delta > 0 ? ' slower' : delta < 0 ? ' faster' : ' same duration'}</span>
        </p>
        <ul className="te-cmp-totals__list">
          <li>{`${formatQuantity(comparison.matched, 'matched pair')}`}</li>
          <li>{`Only before: ${formatQuantity(comparison.onlyBefore.length, 'subtree')}, ${formatQuantity(onlyBeforeSpans, 'span')}`}</li>
          <li>{`Only after: ${formatQuantity(comparison.onlyAfter.length, 'subtree')}, ${formatQuantity(onlyAfterSpans, 'span')}`}</li>
          <li>{`${formatQuantity(comparison.statusChanged.length, 'status change')}`}</li>
          <li>{`Critical path: ${formatCount(comparison.before.criticalSpans)} → ${formatCount(comparison.after.criticalSpans)} spans, ${formatQuantity(comparison.criticalChanged.length, 'row')} on one only`}</li>
        </ul>
        <button type="button" className="te-cmp-swap" onClick={onSwap}>
          ⇄ Swap before and after
        </button>
      </div>
      <TraceCard comparison={comparison} side="after" info={comparison.after} root={roots.after} href={traceHref(comparison.after.traceId)} />
    </header>
  );
}
