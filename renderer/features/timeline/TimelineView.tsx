import { useCallback, useMemo, useRef, useState } from 'react';
import { formatCount, formatPercent, formatQuantity, formatTimeRange } from '../../../shared/base/format.ts';
import { formatRange, formatRoute, routeSource, updateRouteParams, useRoute, withSource } from '../../core/route.ts';
import { useElementSize } from '../../components/use-dom.ts';
import { useShareChange } from '../../core/use-change-detail.ts';
import { useSharedWindow } from '../../core/use-shared-window.ts';
import { STATUS_LABELS, STATUS_ORDER } from '../../components/status-colors.ts';
import { SamplingRulesPanel } from './SamplingRulesPanel.tsx';
import { SuspectsPanel } from './SuspectsPanel.tsx';
import { TimelineCanvas } from './TimelineCanvas.tsx';
import { TIMELINE_PARAMS, timelineStateFromParams } from './timeline-route.ts';
import { useTimeline } from './use-timeline.ts';
import type { TimelineModel } from '../../../shared/analysis/timeline/index.ts';
import './timeline.css';
import './timeline-side.css';

const FALLBACK = { width: 900, height: 400 };

/**
 * The widest the plot can be in this window, without measuring it (timeline.css: the view's
 * padding, the side column's least width of 18rem, the gap, the main box's padding and border).
 */
function plotWidthBound(): number {
  const rem = 16;
  return (globalThis.innerWidth || FALLBACK.width) - (2 * 1.5 + 18 + 1 + 2 * 0.75) * rem - 2;
}

/** A range chosen in another view, taken as the brush. */
function adoptWindow(range: readonly [number, number]): void {
  updateRouteParams({ [TIMELINE_PARAMS.from]: String(Math.round(range[0])), [TIMELINE_PARAMS.to]: String(Math.round(range[1])) });
}

/** The Traces view of the brushed range (and of the chosen node, when one is chosen). */
function rangeTracesHref(sourceParams: URLSearchParams, range: readonly [number, number], series: string | undefined): string {
  const params = new URLSearchParams(sourceParams);
  params.set('window', `${range[0]}~${range[1]}`);
  if (series?.startsWith('node:')) params.set('node', series.slice('node:'.length));
  // An edge series' id is `edge:` and the map's edge id, which the Traces view's `edge` takes.
  if (series?.startsWith('edge:')) params.set('edge', series.slice('edge:'.length));
  return formatRoute('traces', params);
}

/**
 * Compare, ranges mode: the brushed range (after) against the range of the same length just
 * before it (before, ending a microsecond before the brush starts: X-Ray's finest time, so a trace
 * counts in one range only).
 */
/** Compare `range` with `before`, or by default with the range of the same length right before it. */
function rangeCompareHref(sourceParams: URLSearchParams, range: readonly [number, number], before?: readonly [number, number]): string {
  const params = new URLSearchParams(sourceParams);
  const length = range[1] - range[0];
  params.set('mode', 'ranges');
  params.set('before', formatRange(before ?? [range[0] - length, range[0] - 1e-6]));
  params.set('after', formatRange(range));
  return formatRoute('compare', params);
}

/** What a first answer was made without, in words (the lanes drawn are complete). */
function pendingText(pending: TimelineModel['pending']): string {
  const parts = [pending.includes('series') ? "counting each service's and call's requests" : '', pending.includes('onsets') ? 'looking for onsets and suspects' : ''].filter(Boolean);
  return `${parts.join(' and ')}…`;
}

/**
 * The Timeline: requests, latency and configuration changes of the incident on one time axis,
 * with the onsets found and the suspects ranked beside it. Its state (series, range, selected
 * change) is in the URL.
 */
export function TimelineView() {
  const route = useRoute();
  const state = timelineStateFromParams(route.params);
  const plot = useRef<HTMLDivElement>(null);
  const { width, measured } = useElementSize(plot, FALLBACK, true);
  const { state: timeline, drawn } = useTimeline(state.series, state.gateway, measured ? width : undefined, plotWidthBound());
  const [settled, setSettled] = useState(false);
  const onDrawn = useCallback(() => {
    drawn();
    setSettled(true);
  }, [drawn]);
  const sourceParams = withSource(new URLSearchParams(), routeSource(route));
  useShareChange(state.change);
  useSharedWindow(state.brush, adoptWindow);
  const ready = timeline.phase === 'ready' ? timeline.model : undefined;
  // The onsets of the series drawn: a call's own, a node's own, every node's for every request.
  const onsets = useMemo(() => {
    if (!ready) return [];
    if (ready.series.startsWith('edge:')) return ready.edgeOnsets.filter((onset) => onset.series === ready.series);
    return ready.onsets.filter((onset) => ready.series === 'overall' || onset.series === ready.series);
  }, [ready]);

  const header = (
    <header className="te-timeline-header">
      <h1>Timeline</h1>
      {timeline.phase === 'ready' ? (
        <label className="te-timeline-series">
          Lanes of{' '}
          <select value={timeline.model.series} onChange={(event) => updateRouteParams({ [TIMELINE_PARAMS.series]: event.target.value === 'overall' ? undefined : event.target.value })}>
            {(['overall', 'node', 'edge'] as const).map((kind) => {
              const options = timeline.model.choices
                .filter((choice) => choice.kind === kind)
                .map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.label}
                    {choice.type ? ` [${choice.type}]` : ''} · {formatCount(choice.requests)}
                  </option>
                ));
              return kind === 'overall' || options.length === 0 ? options : <optgroup key={kind} label={kind === 'node' ? 'Services' : 'Calls'}>{options}</optgroup>;
            })}
          </select>
        </label>
      ) : null}
      {timeline.phase === 'ready' && timeline.model.gatewayChoices.length > 1 ? (
        <label className="te-timeline-series">
          API Gateway metrics{' '}
          <select value={timeline.model.gateway?.label} onChange={(event) => updateRouteParams({ [TIMELINE_PARAMS.gateway]: event.target.value })}>
            {timeline.model.gatewayChoices.map((label) => (
              <option key={label} value={label}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </header>
  );

  if (timeline.phase === 'failed') {
    return (
      <div className="te-timeline-view">
        {header}
        <p role="alert" className="notice notice--error">
          The timeline could not be made: {timeline.message}
        </p>
      </div>
    );
  }
  // Drawn once the plot is measured: at the fallback width it would be drawn, then drawn again.
  const model = timeline.phase === 'ready' && measured ? timeline.model : undefined;
  const chosen = model?.choices.find((choice) => choice.id === model.series);
  const empty = model !== undefined && model.lanes.count === 0;
  return (
    <div className="te-timeline-view">
      {header}
      <div className="te-timeline-body">
        <div className="te-timeline-main">
          <div className="te-timeline-top">
          <div className="te-timeline-legend" aria-hidden="true">
            {STATUS_ORDER.map((status) => (
              <span key={status}>
                <span className={`te-swatch te-swatch--${status}`} /> {STATUS_LABELS[status]}
              </span>
            ))}
            <span>
              <span className="te-swatch te-swatch--onset" /> onset
            </span>
          </div>
            {model && model.pending.length > 0 ? (
              <span className="te-pending" role="status">
                <span className="te-pending__mark" aria-hidden="true" /> Still {pendingText(model.pending)}
              </span>
            ) : null}
            {state.brush ? (
              <span className="te-timeline-range" role="group" aria-label="Chosen range">
                Range {formatTimeRange(state.brush[0], state.brush[1])}{' '}
                <a className="button button--quiet" href={rangeTracesHref(sourceParams, state.brush, model?.series)}>
                  Traces in this range
                </a>{' '}
                {state.kept && (state.kept[0] !== state.brush[0] || state.kept[1] !== state.brush[1]) ? (
                  <a className="button button--quiet" href={rangeCompareHref(sourceParams, state.brush, state.kept)}>
                    Compare with the kept range
                  </a>
                ) : (
                  <a className="button button--quiet" href={rangeCompareHref(sourceParams, state.brush)}>
                    Compare with the range before it
                  </a>
                )}{' '}
                <button type="button" className="button button--quiet" onClick={() => updateRouteParams({ [TIMELINE_PARAMS.kept]: formatRange(state.brush!) })} title="Keep this range as the before of a comparison, then brush the after">
                  Keep as before
                </button>{' '}
                <button type="button" className="button button--quiet" onClick={() => updateRouteParams({ [TIMELINE_PARAMS.from]: undefined, [TIMELINE_PARAMS.to]: undefined })}>
                  Clear range
                </button>
              </span>
            ) : null}
            {state.kept ? (
              <span className="te-timeline-range te-timeline-range--kept" role="group" aria-label="Kept range">
                Before: {formatTimeRange(state.kept[0], state.kept[1])} <span className="muted">(kept: brush the range to compare it with)</span>{' '}
                <button type="button" className="button button--quiet" onClick={() => updateRouteParams({ [TIMELINE_PARAMS.kept]: undefined })}>
                  Forget
                </button>
              </span>
            ) : null}
          </div>
          <div ref={plot} className="te-timeline-plot" aria-busy={model === undefined}>
            {model === undefined ? (
              <p className="muted te-timeline-loading">Counting requests per minute and looking for onsets…</p>
            ) : empty ? (
              <p className="muted">No traces in this incident: the timeline counts traced requests. {model.markers.length > 0 ? `The change lane beside lists ${formatQuantity(model.markers.length, 'marker')}.` : ''}</p>
            ) : (
              <TimelineCanvas
                model={model}
                width={width}
                brush={state.brush}
                selectedEvent={state.change}
                onsets={onsets}
                onDrawn={onDrawn}
                onBrush={(range) => updateRouteParams({ [TIMELINE_PARAMS.from]: range ? String(Math.round(range[0])) : undefined, [TIMELINE_PARAMS.to]: range ? String(Math.round(range[1])) : undefined })}
                onSelectEvent={(eventId) => updateRouteParams({ [TIMELINE_PARAMS.change]: eventId })}
              />
            )}
          </div>
          {model && chosen ? (
            <p className="muted te-timeline-note">
              {chosen.label}: {formatCount(chosen.requests)} traced requests. Counts are of the traces in the snapshot: X-Ray samples requests, so they are a sample of the traffic
              {model.gateway?.samplingRate !== undefined
                ? `; API Gateway counted the requests of ${model.gateway.label} itself, and ${formatPercent(model.gateway.samplingRate)} of them were traced.`
                : model.gateway
                  ? '.'
                  : '. The snapshot holds no API Gateway metrics to compare them with.'}
            </p>
          ) : null}
          {model?.pending.includes('series') ? (
            <p className="muted te-pending" role="status">
              Matching the sampling rules to each service…
            </p>
          ) : model ? (
            <SamplingRulesPanel sampling={model.sampling} series={model.series} />
          ) : null}
        </div>
        {model ? (
          <SuspectsPanel
            model={model}
            selectedEvent={state.change}
            sourceParams={sourceParams}
            onSelectEvent={(eventId) => updateRouteParams({ [TIMELINE_PARAMS.change]: eventId })}
            onSelectSeries={(series) => updateRouteParams({ [TIMELINE_PARAMS.series]: series })}
            settled={settled || empty}
          />
        ) : null}
      </div>
    </div>
  );
}
