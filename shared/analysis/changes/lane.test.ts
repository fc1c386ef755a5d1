import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../model/change-event.ts';
import { changeLane, changedResource, BURST_GAP } from './lane.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 4, 24, 13, 0, 0);

function event(eventId: string, minutes: number, fields: Partial<ChangeEvent> & { family?: string; resource?: string } = {}): ChangeEvent {
  const { family = 'lambda', resource = 'checkout', ...rest } = fields;
  return {
    eventId,
    eventName: 'UpdateFunctionCode20150331v2',
    eventSource: `${family}.amazonaws.com`,
    time: T0 + minutes * MINUTE,
    readOnly: false,
    resources: [],
    change: { family, joinKeys: [{ kind: 'functionName', value: resource }] },
    record: {},
    ...rest,
  };
}

describe('the default change lane', () => {
  it('draws a burst of the same change on the same resource as one marker, and keeps every event id', () => {
    const events = [0, 1, 3, 7, 11].map((m, i) => event(`deploy-${i}`, m));
    const lane = changeLane([...events, event('other-fn', 2, { resource: 'billing' }), event('late', 11 + 6)]);
    expect(lane.markers.map((m) => [m.eventName, m.resource, m.count, m.eventIds, (m.at - T0) / MINUTE, (m.last - T0) / MINUTE])).toEqual([
      ['UpdateFunctionCode', 'checkout', 5, ['deploy-0', 'deploy-1', 'deploy-2', 'deploy-3', 'deploy-4'], 0, 11],
      ['UpdateFunctionCode', 'billing', 1, ['other-fn'], 2, 2],
      ['UpdateFunctionCode', 'checkout', 1, ['late'], 17, 17],
    ]);
    expect(BURST_GAP).toBe(5 * MINUTE);
  });

  it('groups API-version spellings of one change; a different change on the same resource is its own marker', () => {
    const lane = changeLane([event('a', 0, { eventName: 'UpdateFunctionConfiguration20150331v2' }), event('b', 1, { eventName: 'UpdateFunctionConfiguration20150331' }), event('c', 2)]);
    expect(lane.markers.map((m) => [m.eventName, m.count])).toEqual([
      ['UpdateFunctionConfiguration', 2],
      ['UpdateFunctionCode', 1],
    ]);
  });

  it('counts each event kept off the lane once, by its first reason: read-only, failed, not a change', () => {
    const { change: _unused, ...notAChange } = event('put-object', 0, { eventName: 'PutObject', family: 's3' });
    const lane = changeLane([
      event('read-only-and-failed', 0, { readOnly: true, errorCode: 'AccessDenied', change: undefined }),
      event('failed', 1, { errorCode: 'AccessDenied', change: undefined }),
      { ...notAChange, eventId: 'not-a-change' },
      { ...notAChange, eventId: 'unknown-read-only', readOnly: undefined },
      event('kept', 3),
    ]);
    expect(lane.hidden).toEqual({ readOnly: 1, failed: 1, notConfig: 2 });
    expect(lane.markers.map((m) => m.eventIds)).toEqual([['kept']]);
  });

  it('orders the events by time, then id, whatever order they come in, and takes a burst gap of exactly five minutes', () => {
    const lane = changeLane([event('b-late', 20), event('z', 0, { resource: 'other' }), event('a', 0, { resource: 'other2' }), event('gap-1', 30, { resource: 'g' }), event('gap-2', 35, { resource: 'g' })]);
    expect(lane.markers.map((m) => m.eventIds)).toEqual([['a'], ['z'], ['b-late'], ['gap-1', 'gap-2']]);
  });

  it('names what changed by its first join value (a stage name alone is no resource), else the record\'s first resource', () => {
    const api = event('api', 0, { family: 'apigateway', eventName: 'CreateDeployment', change: { family: 'apigateway', joinKeys: [{ kind: 'stageName', value: 'prod' }, { kind: 'restApiId', value: 'a1b2c3d4e5' }] } });
    const bare = event('bare', 1, { change: { family: 'lambda', joinKeys: [] }, resources: [{ type: 'AWS::Lambda::Function', name: 'from-resources' }] });
    const arnOnly = event('arn', 2, { change: { family: 'lambda', joinKeys: [] }, resources: [{ arn: 'arn:aws:lambda:us-east-1:1:function:f' }] });
    expect(changeLane([api, bare, arnOnly]).markers.map((m) => m.resource)).toEqual(['a1b2c3d4e5', 'from-resources', 'arn:aws:lambda:us-east-1:1:function:f']);
  });

  it('keeps an event whose errorCode is empty on the lane (some records carry "errorCode": "")', () => {
    const lane = changeLane([event('empty-error', 0, { errorCode: '' })]);
    expect([lane.markers.length, lane.hidden.failed]).toEqual([1, 0]);
  });
  it('orders events of the same millisecond by id, whichever comes first', () => {
    const [a, b] = [event('a', 0, { resource: 'fn-a' }), event('b', 0, { resource: 'fn-b' })];
    expect(changeLane([a, b]).markers.map((m) => m.eventIds)).toEqual([['a'], ['b']]);
    expect(changeLane([b, a]).markers.map((m) => m.eventIds)).toEqual([['a'], ['b']]);
  });

  it('names no resource for a change with no join value and no resource, and groups such changes by name alone', () => {
    const bare = (id: string, minutes: number): ChangeEvent => event(id, minutes, { change: { family: 'lambda', joinKeys: [] } });
    expect(changeLane([bare('x', 0), bare('y', 2)]).markers.map((m) => [m.resource, m.eventIds])).toEqual([[undefined, ['x', 'y']]]);
  });

  it('names what any event touched for the Changes table, a change or not: its first resource, by name, else ARN', () => {
    // Read-only calls are no changes (no join keys): their record's resources name them.
    const { change: _unused, ...describe } = event('describe', 0, { eventName: 'GetFunction', readOnly: true });
    expect(changedResource({ ...describe, resources: [{ type: 'AWS::Lambda::Function', name: 'checkout' }] })).toBe('checkout');
    expect(changedResource({ ...describe, resources: [{ arn: 'arn:aws:lambda:us-east-1:1:function:checkout' }] })).toBe('arn:aws:lambda:us-east-1:1:function:checkout');
    expect(changedResource(describe)).toBeUndefined();
  });
});
