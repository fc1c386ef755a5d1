import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsEmulator, type AwsEmulator } from '../emulator/server.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 60, traces: 20, events: 120, seed: 9 });
let emulator: AwsEmulator;
// The emulator's rate limits run on this clock, moved by hand: no test depends on how fast the
// machine answers. One second of it refills LookupEvents' budget of 2 calls.
let clockMs = 0;
const nextSecond = (): void => {
  clockMs += 1000;
};
beforeAll(async () => {
  emulator = await startAwsEmulator(dataset, {}, { now: () => clockMs });
});
afterAll(() => emulator.close());

const AUTH = (region: string) => `AWS4-HMAC-SHA256 Credential=AKIDLIMITS/20240524/${region}/cloudtrail/aws4_request, SignedHeaders=host, Signature=0`;

async function lookup(body: unknown, region = dataset.region, target = 'CloudTrail_20131101.LookupEvents'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, authorization: AUTH(region) },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('the AWS emulator enforces the documented limits', () => {
  it('throttles LookupEvents above 2 calls per second per account and Region', async () => {
    nextSecond();
    // Six calls within one instant of the emulator's clock: the first two are within the rate.
    const answers = await Promise.all(Array.from({ length: 6 }, () => lookup({ StartTime: start, EndTime: start + 3600 })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(answers.filter((a) => a.json.__type === 'ThrottlingException')).toHaveLength(4);
    // Another Region has its own budget.
    expect((await lookup({}, 'us-east-1')).status).toBe(200);
    // Half a second refills one call's worth; a full second the whole budget, and no more.
    clockMs += 500;
    expect((await Promise.all([lookup({}), lookup({})])).map((a) => a.status).sort()).toEqual([200, 400]);
    nextSecond();
    const refilled = await Promise.all(Array.from({ length: 3 }, () => lookup({})));
    expect(refilled.map((a) => a.status).sort()).toEqual([200, 200, 400]);
  });

  it('pages LookupEvents newest first, 50 at most, with tokens bound to their parameters; accepts the long target', async () => {
    nextSecond();
    const first = await lookup({ StartTime: start, EndTime: start + 3600 }, dataset.region, 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents');
    const events = first.json.Events as { EventTime: number }[];
    expect(events).toHaveLength(50);
    expect(events.every((e, i) => i === 0 || (events[i - 1] as { EventTime: number }).EventTime >= e.EventTime)).toBe(true);
    const changed = await lookup({ StartTime: start, EndTime: start + 1800, NextToken: first.json.NextToken });
    expect(changed.json.__type).toBe('InvalidNextTokenException');
    nextSecond();
    expect((await lookup({ MaxResults: 51 })).json.__type).toBe('InvalidMaxResultsException');
    const two = [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }, { AttributeKey: 'EventName', AttributeValue: 'x' }];
    expect((await lookup({ LookupAttributes: two })).json.__type).toBe('InvalidLookupAttributesException');
  });

  it('refuses more than 5 ids per BatchGetTraces and a summaries window wider than allowed', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTH(dataset.region) }, body: JSON.stringify(body) });
    const six = await post('/Traces', { TraceIds: dataset.traces.slice(0, 6).map((t) => t.Id) });
    expect(six.status).toBe(400);
    expect(six.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
    const wide = await post('/TraceSummaries', { StartTime: start - 2 * 86_400, EndTime: start });
    expect(wide.status).toBe(400);
    expect(((await wide.json()) as { message: string }).message).toMatch(/Time range too wide/);
    const five = await post('/Traces', { TraceIds: dataset.traces.slice(0, 5).map((t) => t.Id) });
    expect(((await five.json()) as { Traces: unknown[] }).Traces).toHaveLength(5);
  });
});
