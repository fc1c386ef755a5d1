import { useState } from 'react';
import { formatCount, formatQuantity, formatTime } from '../../shared/base/format.ts';
import { useAppState } from '../core/store.ts';

/** What a gap leaves out, for people: the part, its window and how many ids (kind: notFetched, failed, throttled…). */
const GAP_KINDS: Readonly<Record<string, string>> = { notFetched: 'not fetched', failed: 'failed', throttled: 'throttled', truncated: 'cut short', skipped: 'skipped' };

/** One line under the header: what is open, its size, the problems met while reading it, and what a partial capture left out. */
export function IncidentBar() {
  const incident = useAppState((state) => state.incident);
  const [showProblems, setShowProblems] = useState(false);
  const [showGaps, setShowGaps] = useState(false);
  if (incident.phase !== 'ready') return null;
  const { overview } = incident;
  const gaps = overview.summary.gaps;
  return (
    <div className="incident-bar">
      <span className="incident-bar__label" title={overview.files.join('\n')}>
        {incident.label}
      </span>
      <span className="incident-bar__facts">
        {formatQuantity(overview.summary.traces, 'trace')} · {formatQuantity(overview.spans, 'span')} · {formatQuantity(overview.summary.services.length, 'service')} ·{' '}
        {formatQuantity(overview.summary.events, 'CloudTrail event')}
      </span>
      {overview.problemCount > 0 ? (
        <button type="button" className="button button--quiet incident-bar__problems" aria-expanded={showProblems} onClick={() => setShowProblems((shown) => !shown)}>
          {formatQuantity(overview.problemCount, 'problem')} while reading
        </button>
      ) : null}
      {gaps.length > 0 ? (
        <button type="button" className="button button--quiet incident-bar__problems" aria-expanded={showGaps} onClick={() => setShowGaps((shown) => !shown)}>
          {formatQuantity(gaps.length, 'part')} missing from the snapshot
        </button>
      ) : null}
      {showGaps ? (
        <ul className="incident-bar__problem-list" aria-label="Missing from the snapshot">
          {gaps.slice(0, 50).map((gap, i) => (
            <li key={i}>
              <strong>{gap.what}</strong> ({GAP_KINDS[gap.kind] ?? gap.kind}
              {gap.ids?.length ? `, ${formatQuantity(gap.ids.length, 'id')}` : ''}
              {gap.window ? `, ${formatTime(gap.window.start)} → ${formatTime(gap.window.end)}` : ''}): {gap.detail}
            </li>
          ))}
          {gaps.length > 50 ? <li>… and {formatCount(gaps.length - 50)} more.</li> : null}
        </ul>
      ) : null}
      {showProblems ? (
        <ul className="incident-bar__problem-list" aria-label="Problems while reading">
          {overview.problems.map((problem, i) => (
            <li key={i}>
              <strong>{problem.file}</strong>
              {problem.at ? ` (${problem.at})` : ''}: {problem.message}
            </li>
          ))}
          {overview.problemCount > overview.problems.length ? <li>… and {formatCount(overview.problemCount - overview.problems.length)} more.</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
