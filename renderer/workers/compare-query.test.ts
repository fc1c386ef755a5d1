// Tests the worker's `compareRanges` query (analysis-handlers.ts) end to end over an opened snapshot.
import { describe, expect, it } from 'vitest';
import { encodeSnapshot } from '../../shared/snapshot/index.ts';
import { generateCompareIncident } from '../../shared/generator/index.ts';
import { AnalysisSession } from './analysis-handlers.ts';
import type { QueryResult } from '../../shared/contract/worker/analysis-protocol.ts';

describe('the compareRanges query', () => {
  it('compares around a change of the opened incident, and answers a bad request as data naming the query', async () => {
    const incident = generateCompareIncident({ shift: { kind: 'fault', rate: 0.1 }, minutes: 30 });
    const bytes = new TextEncoder().encode([...encodeSnapshot(incident.content)].join(''));
    const session = new AnalysisSession();
    const opened = await session.answer({ id: 1, query: 'open', params: { inputs: [{ name: 'compare.json', bytes }] } });
    expect(opened.ok).toBe(true);
    const answer = await session.answer({ id: 2, query: 'compareRanges', params: { change: incident.facts.eventId } });
    if (!answer.ok) throw new Error(answer.error.message);
    const comparison = answer.value as QueryResult<'compareRanges'>;
    expect(comparison.ranges.change?.eventId).toBe(incident.facts.eventId);
    expect(comparison.edges[0]!.id).toBe(`AWS::Lambda::Function|${incident.facts.functionName}→AWS::DynamoDB::Table|${incident.facts.tableName}`);
    expect(comparison.edges[0]!.significant).toBe(true);
    // What crosses postMessage is plain data.
    expect(structuredClone(comparison)).toEqual(comparison);
    expect(await session.answer({ id: 3, query: 'compareRanges', params: { after: [1, 2] } })).toMatchObject({ ok: false, error: { kind: 'invalidInput', message: expect.stringMatching(/^compareRanges: /) as string } });
    expect(await session.answer({ id: 4, query: 'compareRanges', params: { change: 'nope' } })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });
});
