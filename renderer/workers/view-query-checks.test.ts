import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import { checkChangeDetailRequest, checkChangeListRequest, checkCompareRangesRequest, checkServiceMapRequest, checkTimelineRequest } from './view-query-checks.ts';

/** A message is whatever the page sent: each check refuses what its query cannot answer, naming the query. */
const refused = (check: () => void): string => {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('invalidInput');
    return (error as AppError).message;
  }
  return 'accepted';
};

describe("the Timeline's and the Changes view's questions", () => {
  it('takes a positive width for the timeline, and nothing else', () => {
    expect(refused(() => checkTimelineRequest({ maxBuckets: 1 }))).toBe('accepted');
    for (const bad of [null, 'x', {}, { maxBuckets: 0 }, { maxBuckets: Number.NaN }, { maxBuckets: '900' }]) {
      expect(refused(() => checkTimelineRequest(bad as never)), JSON.stringify(bad)).toBe('timeline: maxBuckets must be a positive number');
    }
    expect(refused(() => checkTimelineRequest({ maxBuckets: 1, first: true }))).toBe('accepted');
    expect(refused(() => checkTimelineRequest({ maxBuckets: 1, first: 'yes' } as never))).toBe('timeline: first must be true or false');
  });

  it('takes a page of changes with text filters and a window of two numbers', () => {
    const page = { offset: 0, limit: 200 };
    expect(refused(() => checkChangeListRequest({ ...page, text: 'jane', source: 'iam.amazonaws.com', node: 'AWS::Lambda|f', window: [1, 2] }))).toBe('accepted');
    const message = 'changeList: offset and limit must be numbers; text, source and node text; window two numbers';
    for (const bad of [null, { limit: 1 }, { ...page, text: 3 }, { ...page, source: {} }, { ...page, node: 7 }, { ...page, window: [1] }, { ...page, window: [1, 'b'] }, { ...page, window: '1~2' }]) {
      expect(refused(() => checkChangeListRequest(bad as never)), JSON.stringify(bad)).toBe(message);
    }
  });

  it('takes a map of either origin, with or without a window of two numbers', () => {
    for (const good of [{}, { origin: 'computed' }, { origin: 'captured', window: [1, 2] }, { window: [0, 0] }]) expect(refused(() => checkServiceMapRequest(good)), JSON.stringify(good)).toBe('accepted');
    for (const bad of [null, { origin: 'xray' }, { window: [1] }, { window: [1, Number.NaN] }, { window: '1~2' }]) {
      expect(refused(() => checkServiceMapRequest(bad as never)), JSON.stringify(bad)).toBe('serviceMap: origin must be "computed" or "captured"; window two numbers');
    }
  });

  it('takes an event id as text', () => {
    expect(refused(() => checkChangeDetailRequest({ eventId: 'e-1' }))).toBe('accepted');
    expect(refused(() => checkChangeDetailRequest({ eventId: 1 } as never))).toBe('changeDetail: eventId must be text');
  });
});

describe('the compare question', () => {
  it('takes a before range or a change, and an after range of two numbers', () => {
    for (const good of [{ before: [1, 2] }, { before: [1, 2], after: [3, 4] }, { change: 'e-1' }, { change: 'e-1', after: [3, 4] }]) {
      expect(refused(() => checkCompareRangesRequest(good as never)), JSON.stringify(good)).toBe('accepted');
    }
    const message = 'compareRanges: give before (two numbers) or change (an eventId), and after as two numbers if at all';
    for (const bad of [null, {}, { after: [1, 2] }, { before: [1] }, { before: '1~2' }, { change: 7 }, { change: 'e-1', after: [1, Number.NaN] }]) {
      expect(refused(() => checkCompareRangesRequest(bad as never)), JSON.stringify(bad)).toBe(message);
    }
  });
});
