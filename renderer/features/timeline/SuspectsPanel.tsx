import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import { formatCount, formatTime } from '../../../shared/base/format.ts';
import { withoutVersionSuffix } from '../../../shared/analysis/changes/index.ts';
import { formatRoute } from '../../core/route.ts';
import { ChangeDetailView } from '../../components/ChangeDetailView.tsx';
import { useChangeDetail } from '../../core/use-change-detail.ts';

interface Props {
  readonly model: TimelineModel;
  readonly selectedEvent: string | undefined;
  readonly sourceParams: URLSearchParams;
  readonly onSelectEvent: (eventId: string) => void;
  readonly onSelectSeries: (series: string) => void;
  /** False until the lanes are first drawn: the change lane lists its first markers only (MARKERS_FIRST), so the first answer's layout stays short. */
  readonly settled: boolean;
}

/** `AWS::Lambda::Function` → `Lambda::Function`: enough to tell a function from its service. */
function shortType(type: string): string {
  return type.replace(/^AWS::/, '');
}

/** Markers listed beside the lanes (all are drawn on it, and listed in Changes). */
const MARKERS_LISTED = 100;
/** Markers listed until the lanes are drawn: what the list's box shows without scrolling. */
const MARKERS_FIRST = 12;
/** Onsets of calls listed (each call's are drawn on its own lanes). */
const CALL_ONSETS_LISTED = 30;

/** Seconds of traces shown before and after a change by "Traces … around it". */
export const AROUND_BEFORE = 300;
export const AROUND_AFTER = 1200;

const KIND_TEXT = { fault: 'Faults (5xx)', error: 'Errors (4xx)', throttle: 'Throttles (429)', latency: 'Slower' } as const;

/** Onsets and the changes before them, best first, each with its reasons; selecting one shows it and links to its traces. */
export function SuspectsPanel({ model, selectedEvent, sourceParams, onSelectEvent, onSelectSeries, settled }: Props) {
  // `14:05`, or `05-24 14:05` when the incident spans more than a day (a clock alone is ambiguous then).
  const days = model.lanes.count * model.lanes.step > 86_400;
  const clock = (iso: string): string => (days ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16));
  const selected = model.suspects.find((suspect) => suspect.eventId === selectedEvent);
  const listed = settled ? MARKERS_LISTED : MARKERS_FIRST;
  const detail = useChangeDetail(selectedEvent);
  const marker = selected ? undefined : model.markers.find((m) => selectedEvent !== undefined && m.eventIds.includes(selectedEvent));
  const laneChangesHref = (): string => {
    const params = new URLSearchParams(sourceParams);
    params.set('lane', 'lane');
    return formatRoute('changes', params);
  };
  const changesHref = (eventId: string): string => {
    const params = new URLSearchParams(sourceParams);
    params.set('change', eventId);
    return formatRoute('changes', params);
  };
  /** Compare, ranges mode, split at the change (equal lengths on both sides, as far as the traces go). */
  const compareHref = (eventId: string): string => {
    const params = new URLSearchParams(sourceParams);
    params.set('mode', 'ranges');
    params.set('change', eventId);
    return formatRoute('compare', params);
  };
  /** The Traces view of the failing node, from 5 minutes before the change to 20 after it. */
  const tracesHref = (type: string, name: string, at: string): string => {
    const params = new URLSearchParams(sourceParams);
    params.set('node', `${type}|${name}`);
    const time = Date.parse(at) / 1000;
    params.set('window', `${time - AROUND_BEFORE}~${time + AROUND_AFTER}`);
    return formatRoute('traces', params);
  };
  return (
    <aside className={`te-suspects${days ? ' te-suspects--days' : ''}`} aria-label="Onsets and suspects">
      {selected ? (
        <section className="te-selected-change" aria-label="Selected change">
          <h2>Selected change</h2>
          <p>
            <strong>{selected.eventName}</strong> on {selected.resource ?? 'an unnamed resource'}, {formatTime(selected.at)}
          </p>
          <ul>
            {selected.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <ChangeDetailView eventId={selected.eventId} state={detail} />
          <p className="te-selected-links">
            <a className="button" href={tracesHref(selected.nodeType, selected.node, selected.at)}>
              Traces of {selected.node} around it
            </a>{' '}
            <a className="button button--quiet" href={compareHref(selected.eventId)}>
              Compare before/after this change
            </a>{' '}
            <a className="button button--quiet" href={changesHref(selected.eventId)}>
              In Changes
            </a>
          </p>
        </section>
      ) : marker ? (
        <section className="te-selected-change" aria-label="Selected change">
          <h2>Selected change</h2>
          <p>
            <strong>{marker.eventName}</strong> on {marker.resource ?? 'an unnamed resource'}, {formatTime(marker.at)}
            {marker.count > 1 ? ` (a burst of ${marker.count})` : ''}
          </p>
          <p className="muted">Not a suspect: it comes after every onset, or there is none.</p>
          <ChangeDetailView eventId={selectedEvent!} state={detail} />
          <p className="te-selected-links">
            <a className="button button--quiet" href={compareHref(selectedEvent!)}>
              Compare before/after this change
            </a>
          </p>
        </section>
      ) : null}
      <section>
        <h2>Onsets</h2>
        {model.pending.includes('onsets') ? (
          <p className="muted te-pending" role="status">
            Looking for onsets and ranking the changes before them…
          </p>
        ) : model.onsets.length === 0 ? (
          <p className="muted">No onset: no node&apos;s faults, errors, throttles or latency departed from its own baseline in this window, so there are no suspects.</p>
        ) : (
          <ul className="te-onsets">
            {model.onsets.map((onset) => (
              <li key={`${onset.node}|${onset.type}|${onset.kind}`}>
                <span className="te-onset-time" title={formatTime(onset.at)}>
                  {clock(onset.at)}
                </span>
                <button type="button" className="te-link-button" onClick={() => onSelectSeries(onset.series)} title={`Show the lanes of ${onset.node} [${onset.type}]; ${onset.confidence} confidence`}>
                  <span className={`te-onset-kind te-onset-kind--${onset.kind}`}>{KIND_TEXT[onset.kind]}</span> {onset.node} <span className="muted">{shortType(onset.type)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {model.edgeOnsets.length > 0 ? (
        <section>
          <h2>Onsets of calls</h2>
          <ul className="te-onsets" aria-label="Onsets of calls">
            {model.edgeOnsets.slice(0, CALL_ONSETS_LISTED).map((onset) => (
              <li key={`${onset.series}|${onset.kind}`}>
                <span className="te-onset-time" title={formatTime(onset.at)}>
                  {clock(onset.at)}
                </span>
                <button type="button" className="te-link-button" onClick={() => onSelectSeries(onset.series)} title={`Show the lanes of the calls from ${onset.from} [${onset.fromType}] to ${onset.to} [${onset.toType}]; ${onset.confidence} confidence`}>
                  <span className={`te-onset-kind te-onset-kind--${onset.kind}`}>{KIND_TEXT[onset.kind]}</span> {onset.label}
                </button>
              </li>
            ))}
          </ul>
          {model.edgeOnsets.length > CALL_ONSETS_LISTED ? <p className="muted te-hidden-counts">The first {CALL_ONSETS_LISTED} of {formatCount(model.edgeOnsets.length)}; each call&apos;s own are drawn when its lanes are shown.</p> : null}
        </section>
      ) : null}
      {model.onsets.length > 0 ? (
        <section>
          <h2>Suspects</h2>
          {model.suspects.length === 0 ? <p className="muted">No configuration change before the onsets.</p> : null}
          <ol className="te-suspect-list">
            {model.suspects.slice(0, 20).map((suspect) => (
              <li key={suspect.eventId}>
                <button type="button" className="te-suspect" aria-pressed={suspect.eventId === selectedEvent} onClick={() => onSelectEvent(suspect.eventId)}>
                  <span className="te-suspect__score">{suspect.score.toFixed(2)}</span>
                  <span className="te-suspect__name">{withoutVersionSuffix(suspect.eventName)}</span>
                  <span className="te-suspect__resource">{suspect.resource ?? ''}</span>
                  <span className="te-suspect__reason">{suspect.reasons[0]}</span>
                </button>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section>
        <h2>Change lane</h2>
        {model.markers.length === 0 ? (
          <p className="muted">No configuration change in the files.</p>
        ) : (
          <ul className="te-marker-list">
            {model.markers.slice(0, listed).map((m) => (
              <li key={m.eventIds[0]}>
                <button type="button" className="te-link-button" aria-pressed={selectedEvent !== undefined && m.eventIds.includes(selectedEvent)} onClick={() => onSelectEvent(m.eventIds[0]!)}>
                  <span className="te-onset-time">{clock(m.at)}</span> {m.eventName} <span className="muted">{m.resource ?? ''}</span>
                  {m.count > 1 ? ` ×${m.count}` : ''}
                </button>
              </li>
            ))}
          </ul>
        )}
        {model.markers.length > listed ? (
          <p className="te-hidden-counts">
            The first {listed} of {formatCount(model.markers.length)} markers;{' '}
            <a href={laneChangesHref()}>every change on the lane is in Changes</a>.
          </p>
        ) : null}
        <p className="muted te-hidden-counts">
          Off the lane: {formatCount(model.hidden.readOnly)} read-only, {formatCount(model.hidden.failed)} failed, {formatCount(model.hidden.notConfig)} not configuration changes.
        </p>
      </section>
    </aside>
  );
}
