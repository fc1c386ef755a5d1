import { useState } from 'react';
import { formatCount, formatQuantity } from '../../shared/base/format.ts';
import { useAppState } from '../core/store.ts';

/** One line under the header: what is open, its size, and the problems met while reading it. */
export function IncidentBar() {
  const incident = useAppState((state) => state.incident);
  const [showProblems, setShowProblems] = useState(false);
  if (incident.phase !== 'ready') return null;
  const { overview } = incident;
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
