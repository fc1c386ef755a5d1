import type { ChangeDetail } from '../../shared/contract/worker/analysis-protocol.ts';
import { formatTime } from '../../shared/base/format.ts';
import './change-detail.css';

export type ChangeDetailState = { readonly phase: 'none' } | { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly detail: ChangeDetail | null } | { readonly phase: 'failed'; readonly message: string };

const HIDDEN_TEXT = { readOnly: 'read-only: kept off the change lane', failed: 'failed: kept off the change lane', notConfig: 'not a configuration change: kept off the change lane' } as const;

/** A value of a diff as a person reads it: JSON, cut at 200 characters. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function DiffTable({ detail }: { readonly detail: ChangeDetail }) {
  const { diff } = detail;
  if (diff.entries.length === 0 && diff.unchanged.length === 0) return <p className="muted">The request names no field to compare.</p>;
  return (
    <table className="te-diff">
      <caption className="muted">
        {diff.previousEventId ? `What it changed, against the configuration the event ${diff.previousEventId} answered with` : 'What it asked for (no earlier event here says what was there before)'}
      </caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {diff.entries.map((entry) => (
          <tr key={entry.field}>
            <th scope="row">{entry.field}</th>
            <td>{entry.known ? shown(entry.before) : <span className="muted">unknown before</span>}</td>
            <td>{shown(entry.after)}</td>
          </tr>
        ))}
        {diff.unchanged.length > 0 ? (
          <tr>
            <td colSpan={3} className="muted">
              Set to the value it had: {diff.unchanged.join(', ')}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

/** Who made the change, when and where, what it changed, and its whole CloudTrail record (the worker's changeDetail, asked by core's useChangeDetail). */
export function ChangeDetailView({ eventId, state, named = false }: { readonly eventId: string; readonly state: ChangeDetailState; readonly named?: boolean }) {
  if (state.phase === 'loading' || state.phase === 'none') return <p className="muted">Reading the event…</p>;
  if (state.phase === 'failed') return <p role="alert">The event could not be read: {state.message}</p>;
  const detail = state.detail;
  if (detail === null) return <p role="alert">No event {eventId} in this incident.</p>;
  return (
    <div className="te-change-detail">
      {named ? (
        <h2 className="te-change-detail__name">
          {detail.eventName}
          {detail.resource ? <span className="muted"> on {detail.resource}</span> : null}
        </h2>
      ) : null}
      <dl>
        <dt>When</dt>
        <dd>{formatTime(detail.at)}</dd>
        <dt>Who</dt>
        <dd>
          {detail.user ?? 'unknown'}
          {detail.sourceIp ? ` from ${detail.sourceIp}` : ''}
        </dd>
        {detail.userAgent ? (
          <>
            <dt>With</dt>
            <dd className="te-change-detail__agent">{detail.userAgent}</dd>
          </>
        ) : null}
        <dt>Where</dt>
        <dd>
          {detail.eventSource}
          {detail.region ? ` in ${detail.region}` : ''}
        </dd>
        {detail.errorCode ? (
          <>
            <dt>Failed</dt>
            <dd>
              {detail.errorCode}
              {detail.errorMessage ? `: ${detail.errorMessage}` : ''}
            </dd>
          </>
        ) : null}
        {detail.hidden ? (
          <>
            <dt>Lane</dt>
            <dd>{HIDDEN_TEXT[detail.hidden]}</dd>
          </>
        ) : null}
      </dl>
      <DiffTable detail={detail} />
      <details>
        <summary>The CloudTrail record</summary>
        <pre className="te-change-record">{detail.recordJson}</pre>
      </details>
    </div>
  );
}
