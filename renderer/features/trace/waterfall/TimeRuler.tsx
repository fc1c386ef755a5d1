import { scaleLinear } from 'd3';
import { memo } from 'react';
import type { WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';
import { formatOffset } from '../../../../shared/base/format.ts';
import { windowTimes, type TimeWindow } from './time-window.ts';

export interface TimeRulerProps {
  readonly trace: WaterfallTrace;
  readonly window: TimeWindow;
}

/** Tick labels over the timeline column: offsets from the trace start, d3 choosing round steps. */
export const TimeRuler = memo(function TimeRuler({ trace, window }: TimeRulerProps) {
  const { start, duration } = windowTimes(trace, window);
  const from = start - trace.start;
  const scale = scaleLinear().domain([from, from + duration]).range([0, 100]);
  // A label past 92 % would run off the edge or into its neighbour: that tick keeps only its line.
  const ticks = scale.ticks(8);
  return (
    <div className="te-ruler" aria-label={`Time from the trace start, showing ${formatOffset(from, duration)} to ${formatOffset(from + duration, duration)}`} role="img">
      <div className="te-ruler-name" aria-hidden="true">
        Span
      </div>
      <div className="te-ruler-ticks" aria-hidden="true">
        {ticks.map((tick) => (
          <span key={tick} className="te-ruler-tick" style={{ left: `${scale(tick)}%` }}>
            {scale(tick) > 92 ? '' : formatOffset(tick, duration)}
          </span>
        ))}
      </div>
    </div>
  );
});
