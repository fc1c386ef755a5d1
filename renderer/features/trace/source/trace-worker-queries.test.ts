// Tests renderer/workers/trace-handlers.ts through the worker's session; it lives here because
// workers/ may import shared/ only (and the fixtures are in test/).
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../../test/support/fixtures.ts';
import { openInputs } from '../../../../shared/incident/open-inputs.ts';
import { decodeTrace } from '../../../../shared/contract/worker/trace-transfer-decode.ts';
import { CHUNK_SPANS, chunkOf as chunkOfSpan } from '../../../../shared/contract/worker/trace-transfer.ts';
import { generateScaleSegments } from '../../../../shared/generator/index.ts';
import { decodeWaterfallAnalysis } from '../../../../shared/contract/worker/analysis-transfer.ts';
import { analyseWaterfall } from '../../../../shared/analysis/trace/trace-analysis.ts';
import { rasterizeMinimap } from '../../../../shared/analysis/trace/minimap.ts';
import { searchTrace } from '../../../../shared/analysis/trace/search.ts';
import { statusPalette } from '../../../components/status-colors.ts';
import { AnalysisSession } from '../../../workers/analysis-handlers.ts';
import type { QueryName, QueryParams, QueryResult, WorkerResponse } from '../../../../shared/contract/worker/analysis-protocol.ts';
import { responseTransferList } from '../../../workers/trace-handlers.ts';
import { TREE_AHEAD_SPANS } from '../../../workers/trace-tree-ahead.ts';
import { maxDepth } from '../../../../shared/analysis/trace/waterfall.ts';

const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';

/** Typed arrays as plain arrays, deeply: jsdom's structuredClone makes them in another realm, which toEqual tells apart. */
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

let nextId = 0;
/** One question across the worker boundary: the answer structured-cloned with the worker's transfer list. */
async function ask<Q extends QueryName>(session: AnalysisSession, query: Q, params: QueryParams<Q>): Promise<WorkerResponse> {
  const response = await session.answer({ id: ++nextId, query, params });
  return structuredClone(response, { transfer: responseTransferList(query, response) });
}

async function value<Q extends QueryName>(session: AnalysisSession, query: Q, params: QueryParams<Q>): Promise<QueryResult<Q>> {
  const response = await ask(session, query, params);
  if (!response.ok) throw new Error(`${response.error.kind}: ${response.error.message}`);
  return response.value as QueryResult<Q>;
}

async function setup() {
  const inputs = [{ name: 'iatk.json', bytes: fixtureBytes(IATK) }];
  const session = new AnalysisSession();
  await value(session, 'open', { inputs });
  // The same files opened here, as the worker opened them: what the answers must agree with.
  const { dataset } = await openInputs(inputs);
  return { session, dataset };
}

describe('trace queries of the analysis worker', () => {
  it('sends every trace as columns that decode to the same spans, and its analysis as the one computed here', async () => {
    const { session, dataset } = await setup();
    expect(dataset.traces.length).toBe(3);
    for (const trace of dataset.traces) {
      const answer = await value(session, 'traceTree', { traceId: trace.id, spanId: trace.spans[trace.spans.length - 1]!.id });
      expect(answer.focus).toBe(trace.spans.length - 1);
      expect((await value(session, 'traceTree', { traceId: trace.id, spanId: 'not-a-span' })).focus).toBe(-1);
      const decoded = decodeTrace(answer.tree);
      expect(decoded.spans.map((s) => [s.id, s.name, s.kind, s.start, s.end, s.parentId, s.segmentId, s.origin, s.fault])).toEqual(
        trace.spans.map((s) => [s.id, s.name, s.kind, s.start, s.end, s.parentId, s.segmentId, s.origin, s.fault]),
      );
      expect(plain(decoded.parent)).toEqual(plain(trace.parent));
      expect(plain(decoded.size)).toEqual(plain(trace.size));
      expect(decoded.spans.every((s) => !('doc' in s))).toBe(true);
      const analysis = decodeWaterfallAnalysis(await value(session, 'traceAnalysis', { traceId: trace.id }));
      expect(plain(analysis)).toEqual(plain(analyseWaterfall(trace)));
      // Asked again (the analysis is kept in the worker), the answer is whole: the first transfer emptied only its copy.
      expect(plain(decodeWaterfallAnalysis(await value(session, 'traceAnalysis', { traceId: trace.id })))).toEqual(plain(analysis));
    }
  });

  it('gives one span\'s document without its subsegments, its raw JSON cut at a limit, and searches in the worker', async () => {
    const { session, dataset } = await setup();
    const trace = dataset.traces.find((t) => t.spans.some((s) => s.origin === 'AWS::ApiGateway::Stage'))!;
    const stage = trace.spans.findIndex((s) => s.origin === 'AWS::ApiGateway::Stage');
    const detail = await value(session, 'traceSpanDetail', { traceId: trace.id, span: stage });
    const doc = trace.spans[stage]!.doc;
    expect(detail.doc.http).toEqual(doc.http);
    expect('subsegments' in detail.doc).toBe(false);
    expect(detail.subsegmentCount).toBe(doc.subsegments?.length ?? 0);
    expect(detail.subsegmentCount).toBeGreaterThan(0);
    const whole = await value(session, 'traceSpanJson', { traceId: trace.id, span: stage });
    expect(JSON.parse(whole.text)).toEqual(doc);
    const cut = await value(session, 'traceSpanJson', { traceId: trace.id, span: stage, limit: 20 });
    expect(cut).toEqual({ text: whole.text.slice(0, 20), length: whole.text.length });
    for (const query of ['lambda', trace.spans[stage]!.id.slice(3, 9), 'no such text anywhere', '']) {
      expect(plain(await value(session, 'traceSearch', { traceId: trace.id, query }))).toEqual(plain(searchTrace(trace, query)));
    }
  });

  it('draws the minimap in the worker, the pixels the UI would have drawn', async () => {
    const { session, dataset } = await setup();
    const trace = dataset.traces[0]!;
    const palette = statusPalette('dark');
    const pixels = await value(session, 'traceMinimap', { traceId: trace.id, width: 120, height: 40, palette });
    const expected = rasterizeMinimap(trace, 120, 40, palette);
    expect([pixels.width, pixels.height]).toEqual([120, 40]);
    expect(Array.from(pixels.data)).toEqual(Array.from(expected.data));
    expect(Array.from(pixels.data).some((v) => v > 0)).toBe(true);
    const bad = { ...palette, fault: 'red' };
    expect(await ask(session, 'traceMinimap', { traceId: trace.id, width: 120, height: 40, palette: bad })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(await ask(session, 'traceMinimap', { traceId: trace.id, width: 0, height: 40, palette })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('sends a trace larger than a chunk as its first rows\' chunk, then chunk by chunk, and draws its minimap from the columns', async () => {
    // One generated trace of a chunk and a half, opened as segment documents in JSON lines.
    const lines = [...generateScaleSegments({ seed: 8, traces: 1, spansPerTrace: CHUNK_SPANS + CHUNK_SPANS / 2 })].map((doc) => JSON.stringify(doc)).join('\n');
    const inputs = [{ name: 'segments.jsonl', bytes: new TextEncoder().encode(lines) }];
    const session = new AnalysisSession();
    await value(session, 'open', { inputs });
    const trace = (await openInputs(inputs)).dataset.traces[0]!;
    expect(trace.spans.length).toBe(CHUNK_SPANS + CHUNK_SPANS / 2);
    const answer = await value(session, 'traceTree', { traceId: trace.id });
    expect(answer.tree.chunks.map((c) => c.index)).toEqual([0]);
    const decoded = decodeTrace(answer.tree);
    expect(decoded.arrival.missing()).toEqual([1]);
    decoded.arrival.add(await value(session, 'traceChunk', { traceId: trace.id, chunk: 1 }));
    const last = trace.spans.length - 1;
    for (const i of [0, CHUNK_SPANS - 1, CHUNK_SPANS, last]) {
      const [got, want] = [decoded.spans[i]!, trace.spans[i]!];
      expect([got.id, got.name, got.start, got.end, got.parentId, got.segmentId, got.origin]).toEqual([want.id, want.name, want.start, want.end, want.parentId, want.segmentId, want.origin]);
    }
    // A span named in the question brings its own chunk along with the first.
    const named = await value(session, 'traceTree', { traceId: trace.id, spanId: trace.spans[last]!.id });
    expect([named.focus, named.tree.chunks.map((c) => c.index)]).toEqual([last, [0, 1]]);
    for (const chunk of [2, -1, 0.5]) expect(await ask(session, 'traceChunk', { traceId: trace.id, chunk })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    const palette = statusPalette('light');
    const pixels = await value(session, 'traceMinimap', { traceId: trace.id, width: 200, height: 56, palette });
    expect(Array.from(pixels.data)).toEqual(Array.from(rasterizeMinimap(trace, 200, 56, palette).data));
  });

  it('makes the largest trace\'s tree answer ahead once the first view is painted, holds the idle work from a tree answer to the next query, and makes the answer again', async () => {
    const lines = [...generateScaleSegments({ seed: 9, traces: 1, spansPerTrace: TREE_AHEAD_SPANS })].map((doc) => JSON.stringify(doc)).join('\n');
    const inputs = [{ name: 'segments.jsonl', bytes: new TextEncoder().encode(lines) }];
    const session = new AnalysisSession();
    await value(session, 'open', { inputs });
    const trace = (await openInputs(inputs)).dataset.traces[0]!;
    expect(trace.spans.length).toBe(TREE_AHEAD_SPANS);
    // Nothing is made ahead until the UI says its first view is painted.
    expect(session.idleWork).toBe('none');
    await value(session, 'prepareIndexes', {});
    // Message turns until the idle loop has nothing left (it makes the answer, then the filter indexes).
    const turns = async (until: () => boolean, max: number): Promise<number> => {
      let n = 0;
      while (!until() && n < max) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        n++;
      }
      return n;
    };
    expect(session.idleWork).toBe('running');
    await turns(() => session.idleWork === 'none', 10_000);
    expect(session.idleWork).toBe('none');
    const checkTree = (tree: QueryResult<'traceTree'>['tree']): void => {
      expect([tree.count, tree.maxDepth, tree.chunks.map((c) => c.index)]).toEqual([trace.spans.length, maxDepth(trace), [0]]);
      expect([Array.from(tree.parent), Array.from(tree.depth), Array.from(tree.size), Array.from(tree.flags)]).toEqual([Array.from(trace.parent), Array.from(trace.depth), Array.from(trace.size), Array.from(trace.flags)]);
      expect(Array.from(tree.allRows)).toEqual(trace.spans.map((_, i) => i));
      const decoded = decodeTrace(tree);
      for (const i of [0, 1, CHUNK_SPANS - 1]) expect([decoded.spans[i]!.id, decoded.spans[i]!.name, decoded.spans[i]!.start]).toEqual([trace.spans[i]!.id, trace.spans[i]!.name, trace.spans[i]!.start]);
    };
    // The answer made ahead, moved across (ask transfers its buffers, as the worker does).
    const first = await session.answer({ id: ++nextId, query: 'traceTree', params: { traceId: trace.id } });
    const moved = structuredClone(first, { transfer: responseTransferList('traceTree', first) });
    if (!first.ok || !moved.ok) throw new Error('no tree');
    checkTree((moved.value as QueryResult<'traceTree'>).tree);
    expect((first.value as QueryResult<'traceTree'>).tree.parent.length).toBe(0);
    // Held: the UI draws the first rows; nothing runs until it asks for more.
    await turns(() => session.idleWork === 'held', 50);
    expect(session.idleWork).toBe('held');
    expect(await turns(() => session.idleWork !== 'held', 50)).toBe(50);
    await value(session, 'traceChunk', { traceId: trace.id, chunk: 1 });
    await turns(() => session.idleWork === 'none', 10_000);
    expect(session.idleWork).toBe('none');
    // Made again, whole, though the first one's arrays were moved away; a named span's chunk comes along.
    const again = await value(session, 'traceTree', { traceId: trace.id });
    checkTree(again.tree);
    const last = trace.spans.length - 1;
    const named = await value(session, 'traceTree', { traceId: trace.id, spanId: trace.spans[last]!.id });
    expect([named.focus, named.tree.chunks.map((c) => c.index)]).toEqual([last, [0, chunkOfSpan(last)]]);
  }, 60_000);

  it('answers bad questions as data: an unknown trace, a span out of range, a bad limit', async () => {
    const { session, dataset } = await setup();
    const traceId = dataset.traces[0]!.id;
    expect(await ask(session, 'traceTree', { traceId: 'nope' })).toMatchObject({ ok: false, error: { kind: 'notFound' } });
    expect(await ask(session, 'traceSpanDetail', { traceId, span: 10_000 })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(await ask(session, 'traceSpanDetail', { traceId, span: 0.5 })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
    expect(await ask(session, 'traceSpanJson', { traceId, span: 0, limit: -1 })).toMatchObject({ ok: false, error: { kind: 'invalidInput' } });
  });

  it('moves the typed arrays of tree answers and copies everything else', async () => {
    const { session, dataset } = await setup();
    const tree = await session.answer({ id: 1, query: 'traceTree', params: { traceId: dataset.traces[0]!.id } });
    expect(responseTransferList('traceTree', tree).length).toBeGreaterThan(10);
    const page = await session.answer({ id: 2, query: 'traceList', params: { offset: 0, limit: 5 } });
    expect(page.ok).toBe(true);
    expect(responseTransferList('traceList', page)).toEqual([]);
    const failed = await session.answer({ id: 3, query: 'traceTree', params: { traceId: 'nope' } });
    expect(responseTransferList('traceTree', failed)).toEqual([]);
  });
});
