import { useId } from 'react';
import type { RootCauseGroup, RootCauseKind } from '../../../shared/analysis/traces/index.ts';
import { formatCount } from '../../../shared/base/format.ts';

const KIND_LABELS: Readonly<Record<RootCauseKind, string>> = { fault: 'Fault (5xx)', error: 'Error (4xx)', responsetime: 'Response time' };
/** Groups listed; the rest are counted. */
const SHOWN = 12;

export interface RootCauseGroupsProps {
  readonly kind: RootCauseKind;
  readonly groups: readonly RootCauseGroup[] | undefined;
  /** The group the list is narrowed to. */
  readonly selected: string | undefined;
  readonly onKind: (kind: RootCauseKind) => void;
  readonly onSelect: (key: string | undefined) => void;
}

/**
 * Root causes of the matching traces, grouped like X-Ray Analytics (service and exception, or
 * the slowest entity for response time), most traces first. Pressing a group narrows the list
 * to its traces; pressing it again widens it.
 */
export function RootCauseGroups({ kind, groups, selected, onKind, onSelect }: RootCauseGroupsProps) {
  const id = useId();
  const shown = groups?.slice(0, SHOWN) ?? [];
  const biggest = Math.max(1, ...shown.map((group) => group.count));
  return (
    <section className="te-traces-causes" aria-labelledby={`${id}-title`}>
      <div className="te-traces-causes__head">
        <h2 id={`${id}-title`}>Root causes</h2>
        <div role="radiogroup" aria-label="Root-cause kind" className="te-traces-causes__kinds">
          {(Object.keys(KIND_LABELS) as RootCauseKind[]).map((value) => (
            <button key={value} type="button" role="radio" aria-checked={kind === value} className="te-traces-causes__kind" onClick={() => onKind(value)}>
              {KIND_LABELS[value]}
            </button>
          ))}
        </div>
      </div>
      {groups === undefined ? (
        <p className="muted">Loading…</p>
      ) : groups.length === 0 ? (
        <p className="muted">No {kind === 'responsetime' ? 'response-time' : kind} root causes in the matching traces.</p>
      ) : (
        <ul className="te-traces-causes__list" aria-label={`${KIND_LABELS[kind]} root causes`}>
          {shown.map((group) => {
            const pressed = group.key === selected;
            const leaf = kind === 'responsetime' ? group.path[group.path.length - 1] : group.exception;
            return (
              <li key={group.key}>
                <button
                  type="button"
                  className="te-traces-causes__group"
                  aria-pressed={pressed}
                  title={[group.path.join(' › '), group.message].filter(Boolean).join('\n')}
                  onClick={() => onSelect(pressed ? undefined : group.key)}
                >
                  <span className="te-traces-causes__bar" style={{ inlineSize: `${(group.count / biggest) * 100}%` }} aria-hidden="true" />
                  <span className="te-traces-causes__service">{group.service}</span>
                  <span className="te-traces-causes__leaf">{leaf ?? 'no exception recorded'}</span>
                  <span className="te-traces-causes__count">{formatCount(group.count)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {groups && groups.length > SHOWN ? <p className="muted">and {formatCount(groups.length - SHOWN)} more groups</p> : null}
    </section>
  );
}
