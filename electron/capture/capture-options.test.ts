import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import { checkRegion, parseTime, parseTraceSelection, splitWindow } from './capture-options.ts';

const NOW = Date.parse('2024-05-24T15:00:00Z');

describe('capture options', () => {
  it('reads ISO and relative times', () => {
    expect(parseTime('2024-05-24T14:00:00Z', NOW)).toBe(Date.parse('2024-05-24T14:00:00Z'));
    expect(parseTime('-3h', NOW)).toBe(NOW - 3 * 3_600_000);
    expect(parseTime('-90m', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseTime('-2d', NOW)).toBe(NOW - 2 * 86_400_000);
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(() => parseTime('yesterday', NOW)).toThrow(AppError);
    expect(() => parseTime('3h', NOW)).toThrow(/relative time/);
  });

  it('reads --traces choices', () => {
    expect(parseTraceSelection('all')).toEqual({ mode: 'all' });
    expect(parseTraceSelection('200')).toEqual({ mode: 'recent', count: 200 });
    expect(parseTraceSelection('slowest:50')).toEqual({ mode: 'slowest', count: 50 });
    expect(parseTraceSelection('faults:10')).toEqual({ mode: 'faults', count: 10 });
    expect(() => parseTraceSelection('fastest:3')).toThrow(/all, N, slowest:N or faults:N/);
  });

  it('checks the shape of Region names', () => {
    expect(() => checkRegion('eu-west-1')).not.toThrow();
    expect(() => checkRegion('us-gov-west-1')).not.toThrow();
    expect(() => checkRegion('europe')).toThrow(/Unknown region 'europe'/);
  });

  it('splits a window into consecutive sub-windows that cover it exactly', () => {
    const windows = splitWindow(0, 10_000, 3000);
    expect(windows).toEqual([{ start: 0, end: 3000 }, { start: 3000, end: 6000 }, { start: 6000, end: 9000 }, { start: 9000, end: 10_000 }]);
  });
});
