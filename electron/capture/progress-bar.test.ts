import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../shared/base/format.ts';
import { formatProgressLine, ProgressBar } from './progress-bar.ts';
import type { CaptureProgress } from './progress.ts';

const fetched = { summaries: 0, traces: 0, segments: 0, events: 0, metricSeries: 0 };
const at = (phase: CaptureProgress['phase'], done: number, total: number, extra: Partial<CaptureProgress> = {}): CaptureProgress => ({
  phase,
  done,
  total,
  calls: done,
  throttles: 0,
  etaSeconds: undefined,
  fetched,
  ...extra,
});

describe('the command line progress bar', () => {
  it('draws one line with the bar, the phase, pages, calls, throttling and the ETA', () => {
    expect(formatProgressLine(at('traces', 25, 100, { calls: 31, throttles: 2, etaSeconds: 95 }), 10)).toBe('[###.......]  25% traces · 25/100 pages · 31 calls · 2 throttled · ETA 1 min 35 s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3 h 2 min');
  });

  it('redraws in place on a terminal, at most 10 times a second, and ends its line', () => {
    const written: string[] = [];
    let now = 0;
    const bar = new ProgressBar({ write: (t: string) => written.push(t), isTTY: true }, () => now);
    bar.update(at('summaries', 1, 10, { etaSeconds: 9 }));
    now = 50;
    bar.update(at('summaries', 2, 10));
    now = 200;
    bar.update(at('summaries', 3, 10));
    bar.update(at('traces', 4, 10));
    bar.finish();
    expect(written.filter((t) => t.startsWith('\r\x1b[2K'))).toHaveLength(3);
    // The last ETA is kept while updates come without one.
    expect(written[1]).toContain('ETA 9 s');
    expect(written.at(-1)).toBe('\n');
  });

  it('prints a plain line per phase and every 5 seconds when stderr is a file or a pipe', () => {
    const written: string[] = [];
    let now = 0;
    const bar = new ProgressBar({ write: (t: string) => written.push(t), isTTY: false }, () => now);
    for (let i = 0; i < 20; i++) {
      now = i * 1000;
      bar.update(at(i < 12 ? 'traces' : 'cloudtrail', i, 20));
    }
    bar.finish();
    expect(written.every((t) => t.endsWith('\n') && !t.includes('\r'))).toBe(true);
    // At 0, 5 and 10 s in traces, then at once when the phase changes (12 s) and 5 s later.
    expect(written.map((t) => /% (\w+)/.exec(t)?.[1])).toEqual(['traces', 'traces', 'traces', 'CloudTrail', 'CloudTrail']);
    expect(written.map((t) => /· (\d+)\/20 pages/.exec(t)?.[1])).toEqual(['0', '5', '10', '12', '17']);
  });
});
