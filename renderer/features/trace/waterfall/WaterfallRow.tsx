import { memo } from 'react';
import type { LambdaPhase, WaterfallAnalysis, WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';
import { SpanFlag } from '../../../../shared/model/trace.ts';
import { formatDuration } from '../../../../shared/base/format.ts';
import { statusOf, statusColor, STATUS_LABELS } from '../../../components/status-colors.ts';

export const ROW_HEIGHT = 26;
/**
 * Indentation stops growing here (144 px, about half the name column at its narrowest) so a deep row
 * keeps room for its name; deeper rows say their depth instead (10,000-deep chains exist).
 */
const MAX_INDENT_LEVELS = 12;
const INDENT = 12;

/** Everything rows share; a new object only when the trace, analysis or time window changes. */
export interface RowContext {
  readonly trace: WaterfallTrace;
  readonly analysis: WaterfallAnalysis;
  /** The time window, epoch seconds. */
  readonly windowStart: number;
  readonly windowDuration: number;
  readonly idPrefix: string;
  readonly onSelect: (span: number) => void;
  readonly onToggle: (span: number) => void;
}

export interface WaterfallRowProps {
  readonly span: number;
  readonly row: number;
  /** undefined for a span without children. */
  readonly expanded: boolean | undefined;
  /** False while the span's values are still coming (a large trace arrives in chunks): the row shows its place in the tree only. */
  readonly loaded: boolean;
  readonly selected: boolean;
  readonly matched: boolean;
  readonly context: RowContext;
}

const PHASE_NOTES: Readonly<Record<LambdaPhase, string>> = {
  Initialization: 'Lambda phase: cold start',
  Restore: 'Lambda phase: SnapStart restore',
  Invocation: 'Lambda phase: handler',
  Overhead: 'Lambda phase: after the response',
};

/** The duration label sits after the bar, before it when the bar reaches the right edge, inside it when it spans nearly all. */
function labelPlacement(left: number, right: number): { style: { left?: string; right?: string }; inside: boolean } {
  if (right < 80) return { style: { left: `calc(${Math.max(0, right)}% + 4px)` }, inside: false };
  if (left > 20) return { style: { right: `calc(${100 - Math.min(100, left)}% + 4px)` }, inside: false };
  return { style: { right: `calc(${Math.max(0, 100 - right)}% + 4px)` }, inside: true };
}

export function rowDomId(prefix: string, span: number): string {
  return `${prefix}-row-${span}`;
}

/** The toggle of a span with children (a plain spacer for a leaf). */
function Toggle({ span, expanded, name, context }: { readonly span: number; readonly expanded: boolean | undefined; readonly name: string; readonly context: RowContext }) {
  if (expanded === undefined) return <span className="te-wf-toggle te-wf-toggle--leaf" aria-hidden="true" />;
  return (
    <button type="button" tabIndex={-1} className="te-wf-toggle" aria-label={`${expanded ? 'Collapse' : 'Expand'} ${name}`} onClick={() => context.onToggle(span)}>
      {expanded ? '▾' : '▸'}
    </button>
  );
}

/** A row whose span's values have not arrived: its place in the tree (level, toggle), and a note. */
function PendingRow({ span, row, expanded, selected, context }: WaterfallRowProps) {
  const depth = context.trace.depth[span]!;
  return (
    <div
      role="row"
      id={rowDomId(context.idPrefix, span)}
      className={selected ? 'te-wf-row te-wf-row--pending te-wf-row--selected' : 'te-wf-row te-wf-row--pending'}
      style={{ top: row * ROW_HEIGHT }}
      aria-rowindex={span + 1}
      aria-level={depth + 1}
      aria-expanded={expanded}
      aria-selected={selected}
      aria-busy="true"
      onClick={() => context.onSelect(span)}
    >
      <div role="gridcell" className="te-wf-name" style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * INDENT + 4 }}>
        <Toggle span={span} expanded={expanded} name={`span ${span + 1}`} context={context} />
        <span className="te-wf-label te-wf-label--pending">Reading span…</span>
      </div>
      <div role="gridcell" className="te-wf-timeline" />
    </div>
  );
}

/** One span of the treegrid. Small and memoised: scrolling re-renders only rows entering the window. */
export const WaterfallRow = memo(function WaterfallRow(props: WaterfallRowProps) {
  if (!props.loaded) return <PendingRow {...props} />;
  const { span, row, expanded, selected, matched, context } = props;
  const { trace, analysis, windowStart, windowDuration } = context;
  const s = trace.spans[span]!;
  const depth = trace.depth[span]!;
  const flags = trace.flags[span]!;
  const status = statusOf(s);
  const end = s.end ?? trace.end;
  const toPercent = (t: number): number => ((t - windowStart) / windowDuration) * 100;
  const critical = analysis.criticalPath.onPath[span] === 1;
  const sections = critical ? analysis.criticalSectionsBySpan.get(span) : undefined;
  const overhead = analysis.gatewayOverheads.get(span);
  const phase = analysis.lambdaPhases.get(span);
  const classes = ['te-wf-row'];
  if (selected) classes.push('te-wf-row--selected');
  if (matched) classes.push('te-wf-row--match');
  if (critical) classes.push('te-wf-row--critical');
  const label = labelPlacement(toPercent(s.start), toPercent(end));
  const barClasses = ['te-wf-bar'];
  if (s.inProgress) barClasses.push('te-wf-bar--open');
  if (phase) barClasses.push('te-wf-bar--phase');
  return (
    <div
      role="row"
      id={rowDomId(context.idPrefix, span)}
      className={classes.join(' ')}
      style={{ top: row * ROW_HEIGHT }}
      aria-rowindex={span + 1}
      aria-level={depth + 1}
      aria-expanded={expanded}
      aria-selected={selected}
      onClick={() => context.onSelect(span)}
    >
      <div role="gridcell" className="te-wf-name" style={{ paddingLeft: Math.min(depth, MAX_INDENT_LEVELS) * INDENT + 4 }}>
        <Toggle span={span} expanded={expanded} name={s.name} context={context} />
        <span className="te-wf-dot" style={{ background: statusColor(status) }} title={STATUS_LABELS[status]} />
        {depth > MAX_INDENT_LEVELS ? <span className="te-chip te-chip--depth" title={`Level ${depth + 1} of the tree`}>{`depth ${depth}`}</span> : null}
        <span className="te-wf-label">{s.name}</span>
        {status !== 'ok' ? <span className="te-chip te-chip--status">{STATUS_LABELS[status]}</span> : null}
        {phase ? <span className={`te-chip te-chip--phase`}>{PHASE_NOTES[phase]}</span> : null}
        {overhead?.overhead !== undefined ? <span className="te-chip te-chip--overhead">{`Gateway overhead ${formatDuration(overhead.overhead)}`}</span> : null}
        {s.inProgress ? <span className="te-chip te-chip--warn">In progress</span> : null}
        {flags & SpanFlag.orphan ? <span className="te-chip te-chip--warn" title={`Parent ${s.parentId ?? ''} is not in the trace`}>Orphan</span> : null}
        {flags & SpanFlag.skewed ? <span className="te-chip te-chip--warn" title="Starts before its parent or ends after it: clock skew">Clock skew</span> : null}
        {flags & SpanFlag.addedInferred ? <span className="te-chip">Inferred</span> : null}
      </div>
      <div role="gridcell" className="te-wf-timeline">
        <span
          className={barClasses.join(' ')}
          style={{ left: `${toPercent(s.start)}%`, width: `${Math.max(0, toPercent(end) - toPercent(s.start))}%`, background: statusColor(status) }}
          aria-hidden="true"
        />
        {sections?.map((section) => (
          <span
            key={section.start}
            className="te-wf-critical"
            style={{ left: `${toPercent(section.start)}%`, width: `${toPercent(section.end) - toPercent(section.start)}%` }}
            aria-hidden="true"
          />
        ))}
        <span className={label.inside ? 'te-wf-duration te-wf-duration--inside' : 'te-wf-duration'} style={label.style}>
          {s.inProgress ? `${formatDuration(end - s.start)}+` : formatDuration(end - s.start)}
          {critical ? <span className="te-visually-hidden">, on the critical path</span> : null}
        </span>
      </div>
    </div>
  );
});
