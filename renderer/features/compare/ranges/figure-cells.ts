import type { ComparedFigure, TestedRate } from '../../../../shared/analysis/compare/index.ts';
import { formatChange, formatCount, formatDuration, formatPercent, formatPoints, NO_VALUE } from '../../../../shared/base/format.ts';
import type { RequestStatus } from '../../../../shared/model/status.ts';

/** One cell of a figure: before → after, the change, and whether its test found it beyond the noise. */
export interface FigureCell {
  readonly value: string;
  readonly change: string;
  readonly significant: boolean;
}

/** Non-breaking inside each side: a narrow column breaks only after the arrow ("12 ms →" over "195 ms"). */
const keep = (text: string): string => text.replace(/ /g, '\u00a0');
const pair = (before: string, after: string): string => (before === after ? keep(before) : `${keep(before)}\u00a0→ ${keep(after)}`);

export function requestsCell(figure: ComparedFigure): FigureCell {
  const { before, after, delta } = figure;
  return { value: pair(formatCount(before.requests), formatCount(after.requests)), change: formatChange(delta.requests, formatCount), significant: false };
}

export function rateCell(figure: ComparedFigure, status: RequestStatus): FigureCell {
  const { before, after, delta, tests } = figure;
  const significant = status !== 'ok' && tests !== null && tests.rates[status as TestedRate].significant;
  const change = delta.rates ? formatPoints(delta.rates[status]) : NO_VALUE;
  return { value: pair(formatPercent(before.rates?.[status]), formatPercent(after.rates?.[status])), change: change === '0 pp' ? '' : change, significant };
}

export function latencyCell(figure: ComparedFigure, quantile: 'p50' | 'p90' | 'p99'): FigureCell {
  const { before, after, delta, tests } = figure;
  const relative = delta.relativeLatency?.[quantile];
  return {
    value: pair(formatDuration(before.latency?.[quantile]), formatDuration(after.latency?.[quantile])),
    change: relative === undefined ? NO_VALUE : formatChange(relative, formatPercent),
    significant: tests?.latency?.significant === true,
  };
}

export type VerdictKind = 'significant' | 'noise' | 'few';
export const VERDICT_TEXT: Readonly<Record<VerdictKind, string>> = { significant: 'significant', noise: 'within noise', few: 'too few requests' };

export function verdictOf(figure: ComparedFigure): VerdictKind {
  return figure.significant === true ? 'significant' : figure.significant === false ? 'noise' : 'few';
}
