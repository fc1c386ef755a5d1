import { describe, expect, it } from 'vitest';
import { toWireJson } from './wire-json.ts';

describe('toWireJson', () => {
  it('turns SDK Dates back into epoch seconds and drops $metadata', () => {
    const output = { $metadata: { httpStatusCode: 200 }, Events: [{ EventId: 'a', EventTime: new Date(1_716_560_103_500), Missing: undefined }], NextToken: 'n' };
    expect(toWireJson(output)).toEqual({ Events: [{ EventId: 'a', EventTime: 1_716_560_103.5 }], NextToken: 'n' });
  });

  it('walks 10,000-deep values without recursion and keeps __proto__ keys as data', () => {
    let deep: Record<string, unknown> = { leaf: new Date(0) };
    for (let i = 0; i < 10_000; i++) deep = { child: deep };
    let walked = toWireJson(deep) as Record<string, unknown>;
    for (let i = 0; i < 10_000; i++) walked = walked.child as Record<string, unknown>;
    expect(walked.leaf).toBe(0);
    const hostile = toWireJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(Object.hasOwn(hostile, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
