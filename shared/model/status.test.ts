import { describe, expect, it } from 'vitest';
import { kindOfPacked, packSpan, rankOfBits, SPAN_KINDS, spanKindNumber, STATUS_BITS, STATUS_ORDER, statusBitsOf, statusOf, statusOfBits, statusRank } from './status.ts';

const ALL_FLAGS = [false, true].flatMap((fault) => [false, true].flatMap((throttle) => [false, true].flatMap((error) => [false, true].map((inProgress) => ({ fault, throttle, error, inProgress })))));

describe('the request status', () => {
  it('follows X-Ray: a 429 carries error and throttle and counts as throttle; a 5xx is a fault whatever else is set', () => {
    // aws-reference.md §3: the SDK sets error and throttle on a throttled call (the DynamoDB example of Appendix C).
    expect(statusOf({ fault: false, throttle: true, error: true })).toBe('throttle');
    expect(statusOf({ fault: false, throttle: false, error: true })).toBe('error');
    expect(statusOf({ fault: true, throttle: true, error: true })).toBe('fault');
    expect(statusOf({ fault: false, throttle: false, error: false })).toBe('ok');
  });

  it('ranks by STATUS_ORDER, least severe first', () => {
    expect(STATUS_ORDER.map(statusRank)).toEqual([0, 1, 2, 3]);
    expect(STATUS_ORDER).toEqual(['ok', 'error', 'throttle', 'fault']);
  });

  it('packs the flags in one layout that reads back to the same status, with the kind above them', () => {
    const seen = new Set<number>();
    for (const flags of ALL_FLAGS) {
      const bits = statusBitsOf(flags);
      seen.add(bits);
      expect(bits & ~STATUS_BITS).toBe(0);
      expect(statusOfBits(bits)).toBe(statusOf(flags));
      expect(rankOfBits(bits)).toBe(statusRank(statusOf(flags)));
      for (const kind of SPAN_KINDS) {
        const packed = packSpan(spanKindNumber(kind), bits);
        expect(packed).toBeLessThan(256);
        expect(SPAN_KINDS[kindOfPacked(packed)]).toBe(kind);
        expect(packed & STATUS_BITS).toBe(bits);
      }
    }
    expect(seen.size).toBe(16);
  });
});
