import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCloudTrailTime, recordProblem } from './record.ts';

describe('parseCloudTrailTime', () => {
  it('reads the forms met in CloudTrail, the CLI and real exports', () => {
    const at = Date.UTC(2024, 4, 24, 14, 15, 3);
    expect(parseCloudTrailTime('2024-05-24T14:15:03Z')).toBe(at);
    expect(parseCloudTrailTime('2024-05-24T14:15:03.000Z')).toBe(at);
    expect(parseCloudTrailTime('2024-05-24 14:15:03')).toBe(at);
    expect(parseCloudTrailTime('2024-05-24 14:15:03.000000000')).toBe(at);
    expect(parseCloudTrailTime('2024-05-24T07:15:03-07:00')).toBe(at);
    expect(parseCloudTrailTime('2024-05-24T19:45:03+0530')).toBe(at);
    expect(parseCloudTrailTime(1716560103)).toBe(at);
    expect(parseCloudTrailTime(1716560103.5)).toBe(at + 500);
    expect(parseCloudTrailTime(at)).toBe(at);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['redacted', '...', '2025-10-21TT00:52:27Z', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '24/05/2024', '', '2024-05-24', NaN, -1, null, {}]) {
      expect(parseCloudTrailTime(bad), String(bad)).toBeUndefined();
    }
  });

  it('round-trips any ISO instant, in UTC or with an offset', () => {
    const instants = fc.integer({ min: 0, max: 4102444800000 });
    const offsets = fc.integer({ min: -12 * 60, max: 14 * 60 });
    fc.assert(
      fc.property(instants, offsets, (ms, offset) => {
        expect(parseCloudTrailTime(new Date(ms).toISOString())).toBe(ms);
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseCloudTrailTime(local + zone)).toBe(ms);
      }),
    );
  });
});

describe('recordProblem', () => {
  const good = { eventVersion: '1.08', eventID: 'e1', eventName: 'UpdateTable', eventSource: 'dynamodb.amazonaws.com', eventTime: '2024-05-24T14:15:03Z' };

  it('accepts a complete record and says what is missing from others', () => {
    expect(recordProblem(good)).toBeUndefined();
    expect(recordProblem({ ...good, eventID: undefined })).toBe('record without eventID');
    expect(recordProblem({ ...good, eventName: 7 })).toBe('record without eventName');
    expect(recordProblem({ ...good, eventSource: '' })).toBe('record without eventSource');
    expect(recordProblem({ ...good, eventTime: undefined })).toBe('record without eventTime');
    expect(recordProblem([good])).toBe('record is an array, not an object');
  });

  it('reads an inherited-looking key as data only', () => {
    const hostile = JSON.parse('{"__proto__":{"eventID":"x"},"eventName":"a","eventSource":"b","eventTime":"2024-05-24T14:15:03Z"}') as unknown;
    expect(recordProblem(hostile)).toBe('record without eventID');
  });

  it('accepts an Insights event by its insightDetails', () => {
    const insight = { eventVersion: '1.08', eventID: 'i1', eventTime: '2023-01-02T02:51:00Z', eventType: 'AwsCloudTrailInsight', insightDetails: { eventSource: 'ssm.amazonaws.com', eventName: 'UpdateInstanceInformation' } };
    expect(recordProblem(insight)).toBeUndefined();
    expect(recordProblem({ ...insight, insightDetails: { eventSource: 'ssm.amazonaws.com' } })).toBe('Insights event without insightDetails.eventName');
  });
});
