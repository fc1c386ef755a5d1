import { brushX, max, scaleLinear, select, type BrushBehavior } from 'd3';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { DurationHistogram as Histogram } from '../../../shared/analysis/traces/index.ts';
import { formatCount, formatDuration } from '../../../shared/base/format.ts';

const HEIGHT = 132;
const MARGIN = { top: 10, right: 14, bottom: 26, left: 44 };
/** jsdom has no layout: draw as if the box were this wide. */
const FALLBACK_WIDTH = 640;

export interface DurationHistogramProps {
  readonly histogram: Histogram | undefined;
  /** The selected duration range in seconds. */
  readonly range: readonly [number, number] | undefined;
  readonly onRange: (range: readonly [number, number] | undefined) => void;
}

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const update = (): void => {
      const next = Math.round(element.getBoundingClientRect().width);
      if (next > 0) setWidth(next);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/**
 * The durations of the matching traces as bars (d3 scales, React draws the SVG). d3-brush owns
 * one gesture on one group: dragging across the bars selects a duration range, a click outside
 * the selection clears it. The range lives in the URL; a range set elsewhere moves the brush
 * without calling back.
 */
export function DurationHistogram({ histogram, range, onRange }: DurationHistogramProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const brushBehavior = useRef<BrushBehavior<unknown> | undefined>(undefined);
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  const width = useWidth(boxRef);
  const edges = histogram?.edges ?? [0, 1];
  const counts = histogram?.counts ?? [];
  const domainMax = edges[edges.length - 1] ?? 1;
  const total = counts.reduce((sum, count) => sum + count, 0);

  const x = useMemo(() => scaleLinear().domain([0, domainMax]).range([MARGIN.left, Math.max(MARGIN.left + 10, width - MARGIN.right)]), [domainMax, width]);
  const y = useMemo(() => scaleLinear().domain([0, max(counts) || 1]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]), [counts]);

  useEffect(() => {
    const group = brushRef.current;
    if (!group) return;
    const brush = brushX<unknown>()
      .extent([
        [MARGIN.left, MARGIN.top],
        [x.range()[1]!, HEIGHT - MARGIN.bottom],
      ])
      .on('end', (event: { selection: [number, number] | null; sourceEvent: unknown }) => {
        if (!event.sourceEvent) return; // moved from code, not by the person
        if (!event.selection) onRangeRef.current(undefined);
        else onRangeRef.current([Math.max(0, x.invert(event.selection[0])), Math.max(0, x.invert(event.selection[1]))]);
      });
    const selection = select(group);
    selection.call(brush);
    brushBehavior.current = brush;
    return () => {
      selection.on('.brush', null);
      selection.selectAll('*').remove();
      brushBehavior.current = undefined;
    };
  }, [x]);

  useEffect(() => {
    const group = brushRef.current;
    const brush = brushBehavior.current;
    if (!group || !brush) return;
    const pixels: [number, number] | null = range ? [x(Math.min(range[0], domainMax)), x(Math.min(range[1], domainMax))] : null;
    select(group).call(brush.move, pixels);
  }, [range, x, domainMax]);

  const yMax = y.domain()[1]!;
  const label = histogram
    ? `Duration histogram of ${formatCount(total)} traces, 0 to ${formatDuration(domainMax)}${range ? `; selected ${formatDuration(range[0])} to ${formatDuration(range[1])}` : ''}.`
    : 'Duration histogram, loading.';
  return (
    <div ref={boxRef} className="te-traces-histogram">
      <svg width={width} height={HEIGHT} role="img" aria-label={label} className="te-traces-histogram__svg">
        <g aria-hidden="true">
          <line x1={MARGIN.left} x2={x.range()[1]} y1={HEIGHT - MARGIN.bottom} y2={HEIGHT - MARGIN.bottom} className="te-traces-histogram__axis" />
          {counts.map((count, i) => {
            const left = x(edges[i]!);
            const right = x(edges[i + 1]!);
            const inRange = range !== undefined && edges[i + 1]! > range[0] && edges[i]! < range[1];
            return (
              <rect
                key={i}
                x={left + 0.5}
                y={y(count)}
                width={Math.max(0.5, right - left - 1)}
                height={Math.max(0, y(0) - y(count))}
                className={`te-traces-histogram__bar${inRange ? ' te-traces-histogram__bar--selected' : ''}`}
              >
                <title>{`${formatDuration(edges[i]!)}–${formatDuration(edges[i + 1]!)}: ${formatCount(count)} traces`}</title>
              </rect>
            );
          })}
          {x.ticks(Math.max(2, Math.floor(width / 110))).map((tick) => (
            <text key={tick} x={x(tick)} y={HEIGHT - 8} textAnchor="middle" className="te-traces-histogram__tick">
              {tick === 0 ? '0' : formatDuration(tick)}
            </text>
          ))}
          <text x={MARGIN.left - 6} y={MARGIN.top + 4} textAnchor="end" className="te-traces-histogram__tick">
            {formatCount(yMax)}
          </text>
          <text x={MARGIN.left - 6} y={HEIGHT - MARGIN.bottom} textAnchor="end" className="te-traces-histogram__tick">
            0
          </text>
        </g>
        <g ref={brushRef} className="te-traces-histogram__brush" data-testid="duration-brush" />
      </svg>
    </div>
  );
}
