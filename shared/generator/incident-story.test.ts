import { describe, expect, it } from 'vitest';
import { generateIncident, MEMORY_AFTER_MB, MEMORY_BEFORE_MB } from './incident.ts';
import { durationMs, median, parseTraces } from '../../test/support/incident-ground-truth.ts';
import { toSnapshotContent } from './snapshot-content.ts';
import type { LookupEventItem } from './types.ts';

const incident = generateIncident();
const { facts } = incident;
const traces = parseTraces(incident);
const record = (event: LookupEventItem): Record<string, any> => JSON.parse(event.CloudTrailEvent) as Record<string, any>;
const before = traces.filter((t) => t.stage.start_time < facts.changeTime);
const afterOnset = traces.filter((t) => t.stage.start_time >= facts.onsetTime);
const rate = (list: typeof traces, test: (t: (typeof traces)[number]) => boolean): number => list.filter(test).length / list.length;
const isFault = (t: (typeof traces)[number]): boolean => t.stage.fault === true;
const isThrottled = (t: (typeof traces)[number]): boolean => t.inferred.some((doc) => doc.throttle === true);

describe('the demo incident tells its story', () => {
  it('covers two hours from the default start with a few thousand traces, all inside the window', () => {
    expect(incident.window).toEqual({ start: 1716555600, end: 1716555600 + 7200 });
    expect(traces.length).toBeGreaterThan(2500);
    expect(traces.length).toBeLessThan(3600);
    for (const t of traces) {
      expect(t.stage.start_time).toBeGreaterThanOrEqual(incident.window.start);
      expect(t.stage.start_time).toBeLessThan(incident.window.end);
    }
    expect(traces.map((t) => t.stage.start_time)).toEqual(traces.map((t) => t.stage.start_time).sort((a, b) => a - b));
  });

  it('lowers the function memory with UpdateFunctionConfiguration20150331v2 in the change minute', () => {
    expect(facts.changeTime - incident.window.start).toBeGreaterThanOrEqual(60 * 60);
    expect(facts.changeTime - incident.window.start).toBeLessThan(61 * 60);
    const change = incident.events.find((e) => e.EventId === facts.changeEventId);
    expect(change).toMatchObject({ EventName: 'UpdateFunctionConfiguration20150331v2', EventSource: 'lambda.amazonaws.com', ReadOnly: 'false', EventTime: facts.changeTime });
    expect(change?.Resources).toEqual([{ ResourceType: 'AWS::Lambda::Function', ResourceName: facts.functionName }]);
    const body = record(change as LookupEventItem);
    expect(body.eventID).toBe(facts.changeEventId);
    expect(body.requestParameters).toEqual({ functionName: facts.functionName, memorySize: MEMORY_AFTER_MB });
    expect(body.responseElements).toMatchObject({ functionArn: facts.functionArn, memorySize: MEMORY_AFTER_MB, role: `arn:aws:iam::${facts.accountId}:role/${facts.roleName}` });
    expect(new Date(body.eventTime as string).getTime() / 1000).toBe(facts.changeTime);
    // The configuration before the change is known from the earlier change on the same function.
    const earlier = incident.events.filter((e) => e.EventName === 'UpdateFunctionConfiguration20150331v2' && e.EventId !== facts.changeEventId);
    expect(earlier).toHaveLength(1);
    expect(earlier[0]?.EventTime).toBeLessThan(facts.changeTime);
    expect(record(earlier[0] as LookupEventItem).responseElements.memorySize).toBe(MEMORY_BEFORE_MB);
    expect([facts.memoryBefore, facts.memoryAfter]).toEqual([1024, 128]);
  });

  it('makes the median latency grow several-fold after the change', () => {
    const p50Before = median(before.map((t) => durationMs(t.stage)));
    const p50After = median(afterOnset.map((t) => durationMs(t.stage)));
    expect(p50After).toBeGreaterThan(2.5 * p50Before);
  });

  it('brings throttles and 5xx only after the change (a trace or two before is the baseline)', () => {
    expect(rate(before, isFault)).toBeLessThan(0.005);
    expect(rate(before, isThrottled)).toBeLessThan(0.005);
    expect(rate(afterOnset, isFault)).toBeGreaterThan(0.08);
    expect(rate(afterOnset, isThrottled)).toBeGreaterThan(0.08);
    expect(facts.counts.faultsAfterChange).toBeGreaterThan(20 * Math.max(1, facts.counts.faultsBeforeChange));
    expect(facts.onsetTime).toBeGreaterThanOrEqual(facts.changeTime);
    expect(facts.onsetTime).toBeLessThan(facts.changeTime + 5 * 60);
    // The onset is the first minute with ≥ 5 % 5xx.
    const minuteOf = (t: (typeof traces)[number]): number => Math.floor(t.stage.start_time / 60) * 60;
    const onsetMinute = traces.filter((t) => t.stage.start_time >= facts.changeTime && minuteOf(t) === Math.floor(facts.onsetTime / 60) * 60);
    expect(rate(onsetMinute, isFault)).toBeGreaterThanOrEqual(0.05);
  });

  it('counts what the traces hold', () => {
    const c = facts.counts;
    expect(c.traces).toBe(traces.length);
    expect(c.segments).toBe(traces.reduce((n, t) => n + t.documents.length, 0));
    expect(c.tracesBeforeChange + c.tracesAfterChange).toBe(c.traces);
    expect(c.faultsBeforeChange + c.faultsAfterChange).toBe(traces.filter(isFault).length);
    expect(c.errors).toBe(traces.filter((t) => t.stage.error === true).length);
    expect(c.events).toBe(incident.events.length);
    expect(c.metrics).toBe(7);
  });
});

describe('CloudTrail events around the change', () => {
  it('are LookupEvents items, newest first, with CloudTrailEvent as a JSON string that matches the item', () => {
    const times = incident.events.map((e) => e.EventTime);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const event of incident.events) {
      expect(typeof event.CloudTrailEvent).toBe('string');
      const body = record(event);
      expect(body).toMatchObject({ eventID: event.EventId, eventName: event.EventName, eventSource: event.EventSource, readOnly: event.ReadOnly === 'true', eventCategory: 'Management', recipientAccountId: facts.accountId });
      expect(Date.parse(body.eventTime as string) / 1000).toBe(event.EventTime);
      expect(event.EventTime).toBeGreaterThanOrEqual(incident.window.start);
      expect(event.EventTime).toBeLessThan(incident.window.end);
      if (event.EventSource === 'iam.amazonaws.com') expect(body.awsRegion).toBe('us-east-1');
    }
  });

  it('surround the change with unrelated writes and read-only Describe/Get/List noise', () => {
    const unrelated = facts.unrelatedChangeEventIds.map((id) => incident.events.find((e) => e.EventId === id) as LookupEventItem);
    const byName = new Map(unrelated.map((e) => [e.EventName, record(e)]));
    expect(byName.get('PutRolePolicy')?.requestParameters.roleName).not.toBe(facts.roleName);
    expect(byName.get('AuthorizeSecurityGroupIngress')?.requestParameters.groupId).toMatch(/^sg-0[0-9a-f]{16}$/);
    expect(byName.get('CreateDeployment')?.requestParameters.restApiId).not.toBe(facts.restApiId);
    expect(byName.get('AttachRolePolicy')?.errorCode).toBe('AccessDenied');
    const reads = incident.events.filter((e) => e.ReadOnly === 'true');
    expect(reads.length).toBeGreaterThan(40);
    for (const read of reads) expect(read.EventName).toMatch(/^(Describe|Get|List)/);
    expect(facts.counts.writeEvents).toBe(unrelated.length + 1);
  });
});

describe('API Gateway metrics', () => {
  const metric = (name: string) => incident.metrics.find((m) => m.query.MetricStat.Metric.MetricName === name);

  it('has the seven stage metrics per minute, newest first', () => {
    expect(incident.metrics.map((m) => m.query.MetricStat.Metric.MetricName)).toEqual(['Count', 'Latency', 'IntegrationLatency', '4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount']);
    for (const m of incident.metrics) {
      expect(m.query.MetricStat).toMatchObject({ Period: 60, Metric: { Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiName', Value: facts.apiName }, { Name: 'Stage', Value: facts.stage }] } });
      expect(m.result.Id).toBe(m.query.Id);
      expect(m.result.Timestamps).toHaveLength(120);
      expect(m.result.Values).toHaveLength(120);
      expect(m.result.Timestamps[0]).toBe(incident.window.end - 60);
    }
  });

  it('agrees with the traces minute by minute', () => {
    const count = metric('Count')?.result;
    const latency = metric('Latency')?.result;
    const integration = metric('IntegrationLatency')?.result;
    const server = metric('5XXError')?.result;
    count?.Timestamps.forEach((minute, i) => {
      const inMinute = traces.filter((t) => t.stage.start_time >= minute && t.stage.start_time < minute + 60);
      expect(count.Values[i]).toBe(inMinute.length);
      expect(server?.Values[i]).toBe(inMinute.filter(isFault).length);
      const meanLatency = inMinute.reduce((sum, t) => sum + durationMs(t.stage), 0) / inMinute.length;
      expect(latency?.Values[i]).toBeCloseTo(meanLatency, 2);
      const meanIntegration = inMinute.reduce((sum, t) => sum + durationMs(t.stage.subsegments?.[0] as never), 0) / inMinute.length;
      expect(integration?.Values[i]).toBeCloseTo(meanIntegration, 2);
    });
    expect(metric('CacheHitCount')?.result.Values.every((v) => v === 0)).toBe(true);
  });
});

describe('determinism and options', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    const small = { minutes: 12, changeMinute: 6, tracesPerMinute: 10 };
    const a = JSON.stringify(toSnapshotContent(generateIncident({ ...small, seed: 9 })));
    const b = JSON.stringify(toSnapshotContent(generateIncident({ ...small, seed: 9 })));
    const c = JSON.stringify(toSnapshotContent(generateIncident({ ...small, seed: 10 })));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('follows the options and refuses impossible ones', () => {
    const small = generateIncident({ seed: 2, start: 1700000030, minutes: 10, changeMinute: 3, tracesPerMinute: 5, region: 'eu-west-1', accountId: '210987654321' });
    // The start is moved back to its whole minute: 1700000030 → 1699999980 (14:33:00 UTC).
    expect(small.window).toEqual({ start: 1699999980, end: 1699999980 + 600 });
    expect(small.facts.changeTime).toBe(1699999980 + 180 + 23);
    expect(small.facts.functionArn).toBe('arn:aws:lambda:eu-west-1:210987654321:function:orders-handler');
    const iam = small.events.filter((e) => e.EventSource === 'iam.amazonaws.com').map((e) => JSON.parse(e.CloudTrailEvent).awsRegion);
    expect(new Set(iam)).toEqual(new Set(['us-east-1']));
    expect(() => generateIncident({ minutes: 0 })).toThrow(RangeError);
    expect(() => generateIncident({ minutes: 10, changeMinute: 10 })).toThrow(/changeMinute/);
    expect(() => generateIncident({ tracesPerMinute: -1 })).toThrow(RangeError);
    expect(generateIncident({ minutes: 3, changeMinute: 1, tracesPerMinute: 0 }).traces).toHaveLength(0);
  });
});
