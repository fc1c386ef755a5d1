import { scaleLinear } from 'd3';
import { memo } from 'react';
import { formatCount, formatDuration } from '../../../shared/base/format.ts';
import type { LatencyHistogram as Histogram } from '../../../shared/analysis/map/index.ts';

const WIDTH = 300;
const HEIGHT = 120;
const MARGIN = { top: 8, right: 22, bottom: 22, left: 38 };

/** The response-time histogram of a node or edge: bars on d3 scales, drawn by React. */
export const LatencyHistogram = memo(function LatencyHistogram({ histogram, title }: { readonly histogram: Histogram; readonly title: string }) {
  const { bins, overflow, count } = histogram;
  if (bins.length === 0) return <p className="te-map-muted">No response times recorded.</p>;
  const end = bins[bins.length - 1]!.end;
  let peak = 0;
  let busiest = bins[0]!;
  for (const bin of bins) {
    if (bin.count > peak) {
      peak = bin.count;
      busiest = bin;
    }
  }
  const x = scaleLinear().domain([0, end]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear().domain([0, peak]).nice(3).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const summary = `${title}: ${formatCount(count)} requests from 0 to ${formatDuration(end)}, most between ${formatDuration(busiest.start)} and ${formatDuration(busiest.end)}${overflow > 0 ? `; ${formatCount(overflow)} slower` : ''}.`;
  return (
    <figure className="te-map-histogram">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={summary}>
        {y.ticks(3).map((tick) => (
          <g key={tick} className="te-map-histogram__grid">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatCount(tick)}
            </text>
          </g>
        ))}
        {bins.map((bin) =>
          bin.count > 0 ? (
            <rect key={bin.start} className="te-map-histogram__bar" x={x(bin.start) + 0.5} width={Math.max(1, x(bin.end) - x(bin.start) - 1)} y={y(bin.count)} height={Math.max(0, y(0) - y(bin.count))}>
              <title>{`${formatDuration(bin.start)}–${formatDuration(bin.end)}: ${formatCount(bin.count)}`}</title>
            </rect>
          ) : null,
        )}
        {x.ticks(4).map((tick) => (
          <text key={tick} className="te-map-histogram__tick" x={x(tick)} y={HEIGHT - 6} textAnchor="middle">
            {tick === 0 ? '0' : formatDuration(tick)}
          </text>
        ))}
      </svg>
      <figcaption className="te-map-muted">
        {formatCount(count)} requests{overflow > 0 ? `; ${formatCount(overflow)} slower than ${formatDuration(end)} are not drawn` : ''}.
      </figcaption>
    </figure>
  );
});
