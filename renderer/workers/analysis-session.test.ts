// Tests renderer/workers/analysis-handlers.ts; it lives here because workers/ may import shared/ only (and fixtures are in test/).
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { AnalysisSession } from './analysis-handlers.ts';
import type { QueryName, QueryResult } from '../../shared/contract/worker/analysis-protocol.ts';

const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';
const CLI = 'aws-cli-examples/batch-get-traces_output.json';
const LOOKUP = 'aws-cli-examples/lookup-events_output.json';

let nextId = 0;
async function ask<Q extends QueryName>(session: AnalysisSession, query: Q, params: unknown): Promise<QueryResult<Q>> {
  const response = await session.answer({ id: ++nextId, query, params });
  if (!response.ok) throw new Error(`${response.error.kind}: ${response.error.message}`);
  return response.value as QueryResult<Q>;
}

function inputsOf(...paths: string[]) {
  return paths.map((path) => ({ name: path.split('/').pop(), bytes: fixtureBytes(path) }));
}

async function opened(...paths: string[]): Promise<AnalysisSession> {
  const session = new AnalysisSession();
  await ask(session, 'open', { inputs: inputsOf(...paths) });
  return session;
}

describe('analysis worker session', () => {
  it('answers "nothing open" before an open, as data', async () => {
    const session = new AnalysisSession();
    for (const query of ['traceList', 'serviceMap'] as const) {
      const response = await session.answer({ id: 1, query, params: { offset: 0, limit: 10 } });
      expect(response).toMatchObject({ id: 1, ok: false, error: { kind: 'notFound' } });
    }
  });

  it('merges several files and counts spans and events', async () => {
    const session = new AnalysisSession();
    const overview = await ask(session, 'open', { inputs: inputsOf(CLI, LOOKUP) });
    expect(overview.files).toEqual(['batch-get-traces_output.json', 'lookup-events_output.json']);
    expect(overview.summary.traces).toBe(1);
    expect(overview.summary.events).toBe(1);
    // The CLI example's one trace: the Scorekeep segment, its DynamoDB subsegment and the
    // inferred DynamoDB table segment in the file (counted in the document).
    expect(overview.spans).toBe(3);
    const page = await ask(session, 'traceList', { offset: 0, limit: 10 });
    expect(page.rows.map((row) => [row.id, row.spans])).toEqual([['1-5d82881a-0a9126e92a73e971eed891b9', 3]]);
  });

  it('pages and sorts traces; every trace appears once in every order', async () => {
    const session = await opened(IATK);
    const all = await ask(session, 'traceList', { offset: 0, limit: 100 });
    expect(all.total).toBe(3);
    const starts = all.rows.map((row) => row.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const slowest = await ask(session, 'traceList', { offset: 0, limit: 100, sort: 'duration', descending: true });
    const durations = slowest.rows.map((row) => row.duration);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(new Set(slowest.rows.map((row) => row.id))).toEqual(new Set(all.rows.map((row) => row.id)));
    const second = await ask(session, 'traceList', { offset: 1, limit: 1, sort: 'duration', descending: true });
    expect(second).toMatchObject({ total: 3, offset: 1, rows: [{ ...slowest.rows[1], position: 1 }] });
  });

  it('takes the entry of a trace from its entry segment', async () => {
    const session = await opened(IATK);
    const { rows } = await ask(session, 'traceList', { offset: 0, limit: 100 });
    const gateway = rows.find((row) => row.entry === 'some-app/Prod');
    // The stage segment's http block (not its Lambda subsegment's POST to lambda.us-east-1…):
    // POST https://xxx.execute-api.us-east-1.amazonaws.com/Prod/order answered 200.
    expect(gateway).toMatchObject({
      id: '1-64de5070-34ff53fe0d2e1fbe64b28bef',
      method: 'POST',
      url: 'https://xxx.execute-api.us-east-1.amazonaws.com/Prod/order',
      httpStatus: 200,
      status: 'ok',
    });
  });

  it('refuses bad pages and unknown traces and queries', async () => {
    const session = await opened(IATK);
    for (const params of [{ offset: -1, limit: 1 }, { offset: 0, limit: 1e9 }, { offset: 0.5, limit: 1 }]) {
      const response = await session.answer({ id: 9, query: 'traceList', params });
      expect(response).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    }
    expect(await session.answer({ id: 10, query: 'traceTree', params: { traceId: 'nope' } })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    expect(await session.answer({ id: 11, query: '__proto__' as QueryName, params: {} })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });

  it('maps the computed service graph, and falls back to it when nothing was captured', async () => {
    const session = new AnalysisSession();
    await ask(session, 'open', { inputs: inputsOf(IATK) });
    const computed = await ask(session, 'serviceMap', { origin: 'computed' });
    expect(computed?.origin).toBe('computed');
    expect(computed?.available).toEqual({ computed: true, captured: false });
    // From the documents: the stage and its client, the Lambda call's inferred AWS::Lambda node
    // and the emitted my-function segment (one node: same name and type), the two functions
    // (sam-ts-app-z-…-Qqv4wKsAxhOi and …-Adv4wKsAxhOi) and the Events node: 6 in all.
    expect(computed?.nodes.map((node) => `${node.type}|${node.name}`).sort()).toEqual(
      [
        'client|some-app/Prod',
        'AWS::ApiGateway::Stage|some-app/Prod',
        'AWS::Lambda|my-function',
        'AWS::Lambda::Function|sam-ts-app-z-NewOrderConsumerFunction-Qqv4wKsAxhOi',
        'AWS::Lambda::Function|sam-ts-app-z-NewOrderConsumerFunction-Adv4wKsAxhOi',
        'AWS::Events|Events',
      ].sort(),
    );
    expect((await ask(session, 'serviceMap', { origin: 'captured' }))?.origin).toBe('computed');
  });

  it('reports a file it cannot read with the reader’s message, and keeps nothing open', async () => {
    const session = await opened(CLI);
    const response = await session.answer({ id: 1, query: 'open', params: { inputs: [{ name: 'finding.json', bytes: fixtureBytes('cloud-custodian-cwe/ec2-duty-event.json') }] } });
    expect(response).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(!response.ok && response.error.message).toMatch(/finding\.json/);
    expect(await session.answer({ id: 2, query: 'traceList', params: { offset: 0, limit: 10 } })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
  });

  it('answers a first timeline question with its lanes, holds the idle work until the next question, then answers all of it', async () => {
    const session = await opened(IATK);
    await ask(session, 'prepareIndexes', {});
    expect(session.idleWork).toBe('running');
    // Asked before the idle loop's first slice: the overall lanes, the rest pending.
    const first = await ask(session, 'timeline', { maxBuckets: 200, first: true });
    expect(first.pending).toEqual(['series', 'onsets']);
    let requests = 0;
    for (const count of first.lanes.counts) requests += count;
    // Message turns (not time) until the idle loop's next slice has parked.
    for (let n = 0; n < 50 && session.idleWork !== 'held'; n++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.idleWork).toBe('held');
    const complete = await ask(session, 'timeline', { maxBuckets: 200 });
    expect(complete.pending).toEqual([]);
    expect([...complete.lanes.counts]).toEqual([...first.lanes.counts]);
    // Every request is one the map counts on a client's call into a root.
    const fromClients = complete.choices.filter((choice) => choice.kind === 'edge' && choice.label.startsWith('clients → '));
    expect(fromClients.length).toBeGreaterThan(0);
    expect(requests).toBe(fromClients.reduce((sum, choice) => sum + choice.requests, 0));
    expect(session.idleWork).not.toBe('held');
  });

  it('lets the idle work go on after a tree it could not answer, and holds it for one it answers', async () => {
    const session = await opened(IATK);
    await ask(session, 'prepareIndexes', {});
    expect(session.idleWork).toBe('running');
    const missing = await session.answer({ id: 7, query: 'traceTree', params: { traceId: '1-00000000-000000000000000000000000' } });
    expect(missing.ok).toBe(false);
    for (let n = 0; n < 50; n++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.idleWork).not.toBe('held');
    const list = (await ask(session, 'traceList', { offset: 0, limit: 1 })) as QueryResult<'traceList'>;
    await ask(session, 'traceTree', { traceId: list.rows[0]!.id });
    for (let n = 0; n < 50 && session.idleWork !== 'held'; n++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(session.idleWork).toBe('held');
  });

  it('answers a query sent while opening after the open, about the new files', async () => {
    const session = await opened(CLI);
    const opening = session.answer({ id: 1, query: 'open', params: { inputs: [{ name: 'iatk.json', bytes: fixtureBytes(IATK) }] } });
    const listing = session.answer({ id: 2, query: 'traceList', params: { offset: 0, limit: 10 } });
    const [open, list] = await Promise.all([opening, listing]);
    expect(open.ok).toBe(true);
    expect(list.ok && (list.value as QueryResult<'traceList'>).total).toBe(3);
  });
});
