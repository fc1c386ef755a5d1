import { scaleLinear, scaleLog } from 'd3';
import { memo } from 'react';
import type { OverlaidHistogram } from '../../../../shared/analysis/compare/index.ts';
import { formatCount, formatDuration, formatPercent } from '../../../../shared/base/format.ts';

const WIDTH = 360;
const HEIGHT = 150;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 40 };

/** Each bin's share of its range's requests (the ranges' counts differ; the shapes are what compare). */
function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? count / total : 0));
}

/**
 * Both ranges' latency histograms on one log-scaled axis (the analysis' shared bins, 5 a decade):
 * before as an outline, after filled, each bar the share of its range's requests, so two ranges of
 * different traffic compare by shape.
 */
export const OverlaidHistogramChart = memo(function OverlaidHistogramChart({ histogram, title }: { readonly histogram: OverlaidHistogram; readonly title: string }) {
  const { bounds, before, after } = histogram;
  if (bounds.length < 2) return <p className="muted">No response times in either range.</p>;
  const x = scaleLog()
    .domain([bounds[0]!, bounds[bounds.length - 1]!])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const b = shares(before);
  const a = shares(after);
  const peak = Math.max(...b, ...a, 0.01);
  const y = scaleLinear().domain([0, peak]).nice(3).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const busiest = (values: readonly number[]): number => values.indexOf(Math.max(...values));
  const most = (values: readonly number[], counts: readonly number[]): string =>
    counts.some((count) => count > 0) ? `most between ${formatDuration(bounds[busiest(values)])} and ${formatDuration(bounds[busiest(values) + 1])}` : 'none';
  const summary = `${title}: before ${most(b, before)}; after ${most(a, after)}; log axis from ${formatDuration(bounds[0])} to ${formatDuration(bounds[bounds.length - 1])}.`;
  // Decade ticks (1 ms, 10 ms, …) inside the domain, and the ends when there is no decade between.
  const decades = bounds.filter((bound) => Math.abs(Math.log10(bound) - Math.round(Math.log10(bound))) < 1e-6);
  const ticks = decades.length >= 2 ? decades : [...new Set([bounds[0]!, ...decades, bounds[bounds.length - 1]!])];
  // A tick at an end of the axis is anchored inside it, so its label is not cut off.
  const anchor = (tick: number): 'start' | 'middle' | 'end' => (x(tick) < MARGIN.left + 16 ? 'start' : x(tick) > WIDTH - MARGIN.right - 16 ? 'end' : 'middle');
  return (
    <figure className="te-cmp-histogram">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={summary}>
        {y.ticks(3).map((tick) => (
          <g key={tick} className="te-cmp-histogram__grid">
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatPercent(tick)}
            </text>
          </g>
        ))}
        {before.map((count, i) => {
          const left = x(bounds[i]!) + 0.5;
          const width = Math.max(1, x(bounds[i + 1]!) - x(bounds[i]!) - 1);
          const range = `${formatDuration(bounds[i])}–${formatDuration(bounds[i + 1])}`;
          return (
            <g key={bounds[i]}>
              {a[i]! > 0 ? (
                <rect className="te-cmp-histogram__after" x={left} width={width} y={y(a[i]!)} height={y(0) - y(a[i]!)}>
                  <title>{`${range}, after: ${formatCount(after[i]!)} (${formatPercent(a[i])})`}</title>
                </rect>
              ) : null}
              {count > 0 ? (
                <rect className="te-cmp-histogram__before" x={left} width={width} y={y(b[i]!)} height={y(0) - y(b[i]!)}>
                  <title>{`${range}, before: ${formatCount(count)} (${formatPercent(b[i])})`}</title>
                </rect>
              ) : null}
            </g>
          );
        })}
        <line className="te-cmp-histogram__axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
        {ticks.map((tick) => (
          <text key={tick} className="te-cmp-histogram__tick" x={x(tick)} y={HEIGHT - 7} textAnchor={anchor(tick)}>
            {formatDuration(tick)}
          </text>
        ))}
      </svg>
      <figcaption className="te-cmp-legend">
        <span>
          <span className="te-cmp-swatch te-cmp-swatch--before" /> before ({formatCount(before.reduce((s, c) => s + c, 0))})
        </span>
        <span>
          <span className="te-cmp-swatch te-cmp-swatch--after" /> after ({formatCount(after.reduce((s, c) => s + c, 0))})
        </span>
        <span className="muted">share of each range&apos;s requests, log time axis</span>
      </figcaption>
    </figure>
  );
});
