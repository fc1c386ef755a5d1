import { useState } from 'react';
import { formatCount, formatTimeRange } from '../../../shared/base/format.ts';
import { formatRange, formatRoute, routeSource, updateRouteParams, useRoute, withSource } from '../../core/route.ts';
import type { OpenSource } from '../../../shared/contract/host/index.ts';
import { useSharedWindow } from '../../core/use-shared-window.ts';
import { useChangeDetail, useShareChange } from '../../core/use-change-detail.ts';
import { ChangeDetailView } from '../../components/ChangeDetailView.tsx';
import { ChangesTable } from './ChangesTable.tsx';
import { CHANGES_PARAMS, changesStateFromParams } from './changes-route.ts';
import { useChangeList } from './use-change-list.ts';
import './changes.css';

const PAGE = 200;

/** Compare, ranges mode, split at the event's time (the Compare view's `mode` and `change`). */
function compareHref(source: OpenSource | undefined, eventId: string): string {
  const params = withSource(new URLSearchParams(), source);
  params.set('mode', 'ranges');
  params.set('change', eventId);
  return formatRoute('compare', params);
}

/** A range chosen in another view (the timeline's brush, the Traces window). */
function adoptWindow(range: readonly [number, number]): void {
  updateRouteParams({ [CHANGES_PARAMS.window]: formatRange(range) });
}
const LANE_CHOICES = [
  ['all', 'All events'],
  ['lane', 'On the change lane'],
  ['readOnly', 'Read-only'],
  ['failed', 'Failed (error code)'],
  ['notConfig', 'Not configuration changes'],
] as const;

/**
 * Changes: every CloudTrail event of the incident in a virtualised table, filtered by text, event
 * source, the map node it joined, where it stands on the change lane and a time range (shared
 * with the other views); a selected event shows who made it, what it
 * changed and its whole record. The filters and the selection are in the URL.
 */
export function ChangesView() {
  const route = useRoute();
  const state = changesStateFromParams(route.params);
  const [offset, setOffset] = useState(0);
  const [text, setText] = useState(state.text);
  const list = useChangeList({ offset, limit: PAGE, lane: state.lane, ...(state.change ? { find: state.change } : {}), ...(state.text ? { text: state.text } : {}), ...(state.source ? { source: state.source } : {}), ...(state.node ? { node: state.node } : {}), ...(state.window ? { window: state.window } : {}) });
  const detail = useChangeDetail(state.change);
  useShareChange(state.change);
  useSharedWindow(state.window, adoptWindow);
  const page = list.phase === 'ready' ? list.page : undefined;
  const filter = (patch: Record<string, string | undefined>): void => {
    setOffset(0);
    updateRouteParams(patch);
  };
  return (
    <div className="te-changes-view">
      <header className="te-changes-header">
        <h1>Changes</h1>
        <p role="status" className="muted">
          {page ? `${formatCount(page.total)} of ${formatCount(page.all)} CloudTrail events` : 'Loading…'}
        </p>
      </header>
      <form
        className="te-changes-filters"
        onSubmit={(event) => {
          event.preventDefault();
          filter({ [CHANGES_PARAMS.text]: text.trim() || undefined });
        }}
      >
        <label>
          Find{' '}
          <input type="search" value={text} placeholder="event name, user, resource, error code, event id" onChange={(event) => setText(event.target.value)} />
        </label>
        <label>
          Source{' '}
          <select value={state.source ?? ''} onChange={(event) => filter({ [CHANGES_PARAMS.source]: event.target.value || undefined })}>
            <option value="">Every source</option>
            {page?.sources.map(({ source, count }) => (
              <option key={source} value={source}>
                {source} · {formatCount(count)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Joined node{' '}
          <select value={state.node ?? ''} onChange={(event) => filter({ [CHANGES_PARAMS.node]: event.target.value || undefined })}>
            <option value="">Any node, or none</option>
            {page?.nodes.map(({ key, name, type, count }) => (
              <option key={key} value={key}>
                {name} [{type}] · {formatCount(count)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lane{' '}
          <select value={state.lane} onChange={(event) => filter({ [CHANGES_PARAMS.lane]: event.target.value === 'all' ? undefined : event.target.value })}>
            {LANE_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          Apply
        </button>
      </form>
      {state.window ? (
        <p className="te-changes-window" role="group" aria-label="Time range">
          Made {formatTimeRange(state.window[0], state.window[1])}{' '}
          <button type="button" className="button button--quiet" onClick={() => filter({ [CHANGES_PARAMS.window]: undefined })}>
            Every time
          </button>
        </p>
      ) : null}
      {list.phase === 'failed' ? (
        <p role="alert" className="notice notice--error">
          The events could not be listed: {list.message}
        </p>
      ) : null}
      <div className="te-changes-body">
        {page && page.all === 0 ? (
          <p className="muted">No CloudTrail events in this incident. Import `aws cloudtrail lookup-events` output or the trail&apos;s log files with the traces to see what changed.</p>
        ) : page ? (
          <ChangesTable
            page={page}
            selected={state.change}
            onSelect={(eventId) => updateRouteParams({ [CHANGES_PARAMS.change]: eventId })}
            onWindow={(first) => {
              if (first < offset || first + 80 > offset + PAGE) setOffset(Math.max(0, first - 40));
            }}
          />
        ) : (
          <p className="muted">Reading the events…</p>
        )}
        <aside className="te-changes-detail" aria-label="Selected event">
          {state.change ? (
            <>
              <ChangeDetailView eventId={state.change} state={detail} named />
              <p>
                <a className="button button--quiet" href={compareHref(routeSource(route), state.change)}>
                  Compare before/after this change
                </a>
              </p>
            </>
          ) : <p className="muted">Select an event to see who made it, what it changed and its whole record.</p>}
        </aside>
      </div>
    </div>
  );
}
