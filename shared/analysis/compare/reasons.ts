import { formatCount, formatDuration, formatPercent } from '../../base/format.ts';
import { TESTED_RATES, type FigureDelta, type FigureTests, type RangeFigures, type TestedRate } from './figures.ts';

/** How people read each tested rate (X-Ray's terms: aws-reference.md §2). */
const RATE_TEXT: Readonly<Record<TestedRate, string>> = { error: '4xx', throttle: '429', fault: '5xx' };

/** A figure's verdict in plain words, e.g. "slower: p50 20 ms → 50 ms, p90 31 ms → 78 ms; 5xx 0% → 12%". */
export function reasonOf(before: RangeFigures, after: RangeFigures, delta: FigureDelta, tests: FigureTests | null, minRequests: number): string {
  if (tests === null) {
    if (before.requests === 0) return `only after: ${formatCount(after.requests)} requests, none before`;
    if (after.requests === 0) return `only before: ${formatCount(before.requests)} requests, none after`;
    return `too few requests to decide: ${formatCount(before.requests)} before, ${formatCount(after.requests)} after (at least ${formatCount(minRequests)} in each)`;
  }
  const parts: string[] = [];
  const b = before.latency;
  const a = after.latency;
  if (tests.latency?.significant === true && a && b && delta.latency) {
    const word = tests.latency.superiority > 0.5 ? 'slower' : 'faster';
    parts.push(`${word}: p50 ${formatDuration(b.p50)} → ${formatDuration(a.p50)}, p90 ${formatDuration(b.p90)} → ${formatDuration(a.p90)}`);
  }
  for (const rate of TESTED_RATES) {
    if (!tests.rates[rate].significant) continue;
    parts.push(`${RATE_TEXT[rate]} ${formatPercent(before.rates?.[rate])} → ${formatPercent(after.rates?.[rate])}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'no change larger than the noise of the samples';
}
