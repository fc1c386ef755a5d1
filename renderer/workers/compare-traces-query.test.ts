// Tests the compareTraces and typicalTrace queries of renderer/workers/analysis-handlers.ts and their checks (view-query-checks.ts).
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { AnalysisSession } from './analysis-handlers.ts';
import { responseTransferList } from './trace-handlers.ts';
import type { WorkerResponse } from '../../shared/contract/worker/analysis-protocol.ts';
import type { TraceComparison } from '../../shared/analysis/compare/index.ts';
import { encodeSnapshot } from '../../shared/snapshot/index.ts';
import { snapshotOf, twoTraces } from '../../test/support/compare-traces-documents.ts';

const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';
// The fixture's three traces: an API Gateway stage calling a Lambda function; an EventBridge
// event invoking another function; a third function alone (see its SOURCE note).
const [STAGE, EVENTS, ALONE] = ['1-64de5070-34ff53fe0d2e1fbe64b28bef', '1-64de5a99-5d09aa705e56bbd0152548cb', '1-12de5a99-5d09hh705e56aad0152548cb'];

async function session(): Promise<AnalysisSession> {
  const opened = new AnalysisSession();
  const response = await opened.answer({ id: 1, query: 'open', params: { inputs: [{ name: 'iatk.json', bytes: fixtureBytes(IATK) }] } });
  expect(response.ok).toBe(true);
  return opened;
}

const compare = async (opened: AnalysisSession, params: unknown): Promise<WorkerResponse> => opened.answer({ id: 2, query: 'compareTraces', params });
const valueOf = (response: WorkerResponse): TraceComparison => {
  if (!response.ok) throw new Error(response.error.message);
  return response.value as TraceComparison;
};

describe('the compareTraces query', () => {
  it('matches every span of a trace with itself, with no delta anywhere', async () => {
    const answer = valueOf(await compare(await session(), { before: STAGE, after: STAGE }));
    expect([answer.before.traceId, answer.after.traceId]).toEqual([STAGE, STAGE]);
    expect(answer.matched).toBe(answer.before.spans);
    expect(answer.rowCount).toBe(answer.before.spans);
    expect(Array.from(answer.rows.durationDelta).every((d) => d === 0 || Number.isNaN(d))).toBe(true);
    expect([answer.onlyBefore.length, answer.onlyAfter.length, answer.statusChanged.length, answer.criticalChanged.length]).toEqual([0, 0, 0, 0]);
  });

  it('moves its typed columns to the page (a transfer list), and answers the same question again afresh', async () => {
    const opened = await session();
    const first = await compare(opened, { before: STAGE, after: STAGE });
    const list = responseTransferList('compareTraces', first);
    expect(list.length).toBeGreaterThanOrEqual(18);
    const moved = valueOf(structuredClone(first, { transfer: list }));
    expect(list.every((buffer) => buffer.byteLength === 0)).toBe(true);
    const again = valueOf(await compare(opened, { before: STAGE, after: STAGE }));
    expect([moved.rowCount, Array.from(moved.rows.before)]).toEqual([again.rowCount, Array.from(again.rows.before)]);
  });

  it('matches nothing below two different entry points: each trace is one subtree of its own', async () => {
    const answer = valueOf(await compare(await session(), { before: EVENTS, after: ALONE }));
    expect(answer.matched).toBe(0);
    const sizes = (rows: Int32Array): number => Array.from(rows, (r) => answer.rows.subtreeRows[r]!).reduce((x, y) => x + y, 0);
    expect([sizes(answer.onlyBefore), sizes(answer.onlyAfter)]).toEqual([answer.before.spans, answer.after.spans]);
    expect(answer.rowCount).toBe(answer.before.spans + answer.after.spans);
  });

  it('answers an unknown trace id and a malformed question as errors that say what is wrong', async () => {
    const opened = await session();
    expect(await compare(opened, { before: STAGE, after: '1-00000000-000000000000000000000000' })).toMatchObject({
      ok: false,
      error: { kind: 'notFound', message: 'The after trace 1-00000000-000000000000000000000000 is not in this incident.' },
    });
    const malformed = 'compareTraces: before and after must be two trace ids, or entry a node key with before and after two ranges [from, to)';
    for (const bad of [null, {}, { before: STAGE }, { before: 1, after: 2 }, { entry: 'AWS::Lambda|f', before: [2, 1], after: [1, 2] }, { entry: 'AWS::Lambda|f', before: STAGE, after: STAGE }]) {
      expect(await compare(opened, bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { kind: 'invalidInput', message: malformed } });
    }
  });

  it('finds the typical trace of an entry node in each range', async () => {
    const opened = await session();
    // The stage trace starts at 0x64de5070 s (2023-08-17): the only trace of its stage.
    const start = 0x64de5070;
    const answer = valueOf(await compare(opened, { entry: 'AWS::ApiGateway::Stage|some-app/Prod', before: [start - 60, start + 60], after: [start - 60, start + 60] }));
    expect([answer.before.traceId, answer.after.traceId]).toEqual([STAGE, STAGE]);
    expect(await compare(opened, { entry: 'AWS::ApiGateway::Stage|some-app/Prod', before: [0, 1], after: [start - 60, start + 60] })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });
});

describe('the typicalTrace query', () => {
  it('gives the median-duration trace of the entry a trace enters through, the lower of two middles by start then id', async () => {
    // Two copies of one generated trace: equal durations and starts, so the id decides (they differ in the last digit; the before id sorts first).
    const pair = twoTraces();
    const opened = new AnalysisSession();
    const text = [...encodeSnapshot(snapshotOf([...pair.before, ...pair.after]))].join('');
    expect((await opened.answer({ id: 1, query: 'open', params: { inputs: [{ name: 'two.json', bytes: new TextEncoder().encode(text) }] } })).ok).toBe(true);
    expect(pair.beforeId < pair.afterId).toBe(true);
    const answer = await opened.answer({ id: 2, query: 'typicalTrace', params: { traceId: pair.afterId } });
    expect(answer).toMatchObject({ ok: true, value: { traceId: pair.beforeId, candidates: 2, entry: `AWS::ApiGateway::Stage|${pair.before[0]!.name}` } });
    expect(await opened.answer({ id: 3, query: 'typicalTrace', params: { traceId: 'nope' } })).toMatchObject({ ok: false, error: { kind: 'notFound', message: 'The trace nope is not in this incident.' } });
    expect(await opened.answer({ id: 4, query: 'typicalTrace', params: {} })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });
});
