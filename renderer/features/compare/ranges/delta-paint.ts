import type { ComparedFigure, RangeComparison } from '../../../../shared/analysis/compare/index.ts';
import { formatChange, formatCount, formatDuration, formatPercent, formatPoints } from '../../../../shared/base/format.ts';
import type { MapPaint, MapPainter } from '../../../components/map/index.ts';

/** The figure the map is coloured by. */
export type PaintFigure = 'p90' | 'fault';
export const PAINT_FIGURES: Readonly<Record<PaintFigure, string>> = { p90: 'Latency p90', fault: 'Fault rate (5xx)' };

/** How a figure changed, as the map and its legend colour it. */
export type Tone = 'worse' | 'better' | 'same' | 'undecided' | 'absent';
/** The colours (ranges.css: light and dark by the theme). */
export const TONE_COLORS: Readonly<Record<Tone, string>> = {
  worse: 'var(--te-delta-worse)',
  better: 'var(--te-delta-better)',
  same: 'var(--te-delta-same)',
  undecided: 'var(--te-delta-undecided)',
  absent: 'var(--te-delta-absent)',
};
export const TONE_TEXT: Readonly<Record<PaintFigure, Readonly<Record<Tone, string>>>> = {
  p90: { worse: 'slower, beyond the noise', better: 'faster, beyond the noise', same: 'within the noise', undecided: 'too few requests to decide', absent: 'not compared' },
  fault: { worse: 'more faults, beyond the noise', better: 'fewer faults, beyond the noise', same: 'within the noise', undecided: 'too few requests to decide', absent: 'not compared' },
};

/** The change of the chosen figure, its test's verdict and the texts drawn. */
export function figurePaint(figure: ComparedFigure, which: PaintFigure): MapPaint & { readonly tone: Tone } {
  const { before, after, delta, tests } = figure;
  const name = PAINT_FIGURES[which];
  if (tests === null) {
    const lines = ['too few', `${formatCount(before.requests)} → ${formatCount(after.requests)} req`] as const;
    return { tone: 'undecided', color: TONE_COLORS.undecided, strong: false, dashed: true, lines, description: `${name}: ${figure.reason}` };
  }
  const latency = which === 'p90';
  const change = latency ? (delta.relativeLatency?.p90 ?? null) : (delta.rates?.fault ?? null);
  const significant = latency ? tests.latency?.significant === true : tests.rates.fault.significant;
  const tone: Tone = !significant || change === null || change === 0 ? 'same' : change > 0 ? 'worse' : 'better';
  const lines = [
    latency ? formatChange(change, formatPercent) : formatPoints(change),
    latency ? `${formatDuration(before.latency?.p90)} → ${formatDuration(after.latency?.p90)}` : `${formatPercent(before.rates?.fault)} → ${formatPercent(after.rates?.fault)}`,
  ] as const;
  return { tone, color: TONE_COLORS[tone], strong: significant, dashed: false, lines, description: `${name} ${lines[1]} (${lines[0]}), ${TONE_TEXT[which][tone]}; ${figure.reason}` };
}

const ABSENT: MapPaint = { color: TONE_COLORS.absent, strong: false, dashed: false, lines: ['', ''], description: 'not compared: a client (its calls carry the figures), or no request in either range' };

/** Colours every node and edge of the map by the chosen figure's change; what the comparison does not list is drawn faint. */
export function deltaPainter(comparison: RangeComparison, which: PaintFigure): MapPainter {
  const paints = new Map<string, MapPaint>();
  for (const figure of [...comparison.nodes, ...comparison.edges]) paints.set(figure.id, figurePaint(figure, which));
  return { node: (key) => paints.get(key) ?? ABSENT, edge: (id) => paints.get(id) ?? ABSENT };
}
