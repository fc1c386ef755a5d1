import { describe, expect, it } from 'vitest';
import { formatBytes, formatChange, formatCount, formatDuration, formatOffset, formatPercent, formatPoints, formatProbability, formatQuantity, formatTime, formatTimeRange, formatTimestamp, NO_VALUE, parseTimeText } from './format.ts';

describe('the one set of formatters', () => {
  it('writes durations with about three significant figures, then two units', () => {
    const seconds = [0.0004, 0.0042, 0.017, 0.131, 1, 2.5, 1.256, 12.34, 150, 3 * 3600 + 120, 2 * 86400 + 3 * 3600 + 59];
    expect(seconds.map((s) => formatDuration(s))).toEqual(['400 µs', '4.2 ms', '17 ms', '131 ms', '1 s', '2.5 s', '1.26 s', '12.3 s', '2 min 30 s', '3 h 2 min', '2 d 3 h']);
    expect([0, -0.25, undefined, Number.NaN, Infinity].map((s) => formatDuration(s))).toEqual(['0 ms', '-250 ms', NO_VALUE, NO_VALUE, NO_VALUE]);
  });

  it('writes a change of duration with its sign', () => {
    expect([0.012, -0.0031, 0, 2.5, undefined, Number.NaN].map((s) => formatChange(s, formatDuration))).toEqual(['+12 ms', '-3.1 ms', '0 ms', '+2.5 s', NO_VALUE, NO_VALUE]);
  });

  it('rounds epoch-second noise away (a stage of 1716560306.662 − 1716560306.418 s is 244 ms)', () => {
    expect(formatDuration(1716560306.662 - 1716560306.418)).toBe('244 ms');
  });

  it('writes counts, quantities, sizes and rates', () => {
    expect([0, 7, 999, 1000, 100_453, 1_000_000, -12_345, 2.6].map(formatCount)).toEqual(['0', '7', '999', '1,000', '100,453', '1,000,000', '-12,345', '3']);
    expect([formatQuantity(1, 'trace'), formatQuantity(3054, 'trace'), formatQuantity(2, 'child', 'children')]).toEqual(['1 trace', '3,054 traces', '2 children']);
    expect([300, 1024, 1536, 64 * 1024 * 1024, 2 * 1024 ** 3, 10.5 * 1024 ** 3].map(formatBytes)).toEqual(['300 B', '1 KiB', '1.5 KiB', '64 MiB', '2 GiB', '10.5 GiB']);
    expect([0, 0.0004, 0.0213, 0.093, 0.5, 1, undefined].map(formatPercent)).toEqual(['0%', '<0.1%', '2.1%', '9.3%', '50%', '100%', NO_VALUE]);
  });

  it('writes changes with their sign, rates in percentage points', () => {
    expect(formatChange(0.012, formatDuration)).toBe('+12 ms');
    expect(formatChange(-0.031, formatPercent)).toBe('-3.1%');
    expect(formatChange(0, formatDuration)).toBe('0 ms');
    expect(formatChange(null, formatDuration)).toBe(NO_VALUE);
    expect(formatPoints(0.098)).toBe('+9.8 pp');
    expect(formatPoints(-0.25)).toBe('-25 pp');
    expect(formatPoints(undefined)).toBe(NO_VALUE);
    expect([formatPoints(0.0002), formatPoints(-0.0004), formatPoints(0)]).toEqual(['0 pp', '0 pp', '0 pp']);
    expect([formatProbability(0.0004), formatProbability(0.01234), formatProbability(1), formatProbability(Number.NaN)]).toEqual(['<0.001', '0.012', '1', NO_VALUE]);
  });

  it('reads typed times back: ISO-8601 (UTC unless offset), what formatTime writes, epoch seconds', () => {
    const at = Date.UTC(2024, 4, 24, 13, 0, 5) / 1000;
    expect(parseTimeText(formatTime(at * 1000))).toBe(at);
    expect(parseTimeText(formatTimestamp(at + 0.25))).toBe(at + 0.25);
    expect(parseTimeText('2024-05-24T13:00:05')).toBe(at);
    expect(parseTimeText('2024-05-24T15:00:05+02:00')).toBe(at);
    expect(parseTimeText(String(at))).toBe(at);
    for (const bad of ['', 'yesterday', '2024-05-24 13', '13:00:05', '2024-13-45T00:00:00Z']) expect(parseTimeText(bad)).toBeUndefined();
  });

  it('writes times in UTC: to the second for reading, to the millisecond when exact', () => {
    expect(formatTime('2024-05-24T14:03:12.345Z')).toBe('2024-05-24 14:03:12 UTC');
    expect(formatTime(Date.UTC(2024, 4, 24, 14, 0, 23))).toBe('2024-05-24 14:00:23 UTC');
    expect(formatTimeRange(Date.UTC(2024, 4, 24, 14, 0, 23) / 1000, Date.UTC(2024, 4, 25, 0, 0, 0) / 1000)).toBe('2024-05-24 14:00:23 UTC → 2024-05-25 00:00:00 UTC');
    expect(formatTime('not a time')).toBe('not a time');
    expect(formatTimestamp(1716560306.671)).toBe('2024-05-24T14:18:26.671Z');
    expect(formatTimestamp(1e20)).toBe('100000000000000000000');
  });

  it('labels a time axis in the unit its visible span needs', () => {
    expect(formatOffset(0.0005, 0.001)).toBe('500 µs');
    expect(formatOffset(0.0123, 0.05)).toBe('12.3 ms');
    expect(formatOffset(1.5, 10)).toBe('1.5 s');
    expect(formatOffset(42.25, 100)).toBe('42.3 s');
  });
});
