import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/support/fixtures.ts';
import { openInputs } from '../../../shared/incident/open-inputs.ts';
import { analyseWaterfall } from '../../../shared/analysis/trace/trace-analysis.ts';
import type { Dataset } from '../../../shared/model/index.ts';
import type { HostApi } from '../../../shared/contract/host/index.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { ServicesContext } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppStore } from '../../core/store.ts';
import { AnalysisSession } from '../../workers/analysis-handlers.ts';
import { responseTransferList } from '../../workers/trace-handlers.ts';
import { formatDuration } from '../../../shared/base/format.ts';
import { generateScaleSegments } from '../../../shared/generator/index.ts';
import { CHUNK_SPANS } from '../../../shared/contract/worker/trace-transfer.ts';
import { TraceRoute } from './TraceRoute.tsx';
import { encodeSnapshot } from '../../../shared/snapshot/index.ts';
import { snapshotOf, twoTraces } from '../../../test/support/compare-traces-documents.ts';

const IATK = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';
let dataset: Dataset;

beforeAll(async () => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
  dataset = (await openInputs([{ name: 'iatk.json', bytes: fixtureBytes(IATK) }])).dataset;
});
beforeEach(() => window.history.replaceState(null, '', '/'));
afterEach(cleanup);

/** The route over a real worker session; every answer crosses a structured clone with the worker's transfer list. */
async function renderRoute(hash: string, inputs = [{ name: 'iatk.json', bytes: fixtureBytes(IATK) }]): Promise<{ store: AppStore; asked: string[] }> {
  const session = new AnalysisSession();
  const asked: string[] = [];
  let id = 0;
  const analysis: AnalysisClient = {
    query: async (query, params) => {
      asked.push(query);
      const answered = await session.answer({ id: ++id, query, params });
      const answer = structuredClone(answered, { transfer: responseTransferList(query, answered) });
      return (answer.ok ? { ok: true, value: answer.value } : { ok: false, error: answer.error }) as never;
    },
    dispose: () => undefined,
  };
  await analysis.query('open', { inputs });
  asked.length = 0;
  const store = createStore(initialAppState);
  window.history.replaceState(null, '', `/${hash}`);
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={{ host: {} as HostApi, analysis, actions: {} as never }}>
        <TraceRoute />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return { store, asked };
}

/**
 * How long to wait for the worker's answers to be rendered: jsdom renders React's transitions in
 * many short slices, which on a busy machine take seconds (this is a readiness wait, not a budget).
 */
const READY = { timeout: 20_000 };

const stageTrace = () => dataset.traces.find((t) => t.spans.some((s) => s.origin === 'AWS::ApiGateway::Stage'))!;

describe('Trace route', () => {
  it('asks for a trace when there is none in the URL', async () => {
    await renderRoute('#/trace');
    expect(screen.getByText(/Choose a trace in the/)).toBeTruthy();
  });

  it('says so when the trace is not in the incident', async () => {
    await renderRoute('#/trace?id=1-00000000-000000000000000000000000');
    expect((await screen.findByRole('alert', {}, READY)).textContent).toMatch(/is not in this incident/);
  });

  it('shows the worker\'s trace, then its analysis, the span documents it asks for, and search answered by the worker', async () => {
    const user = userEvent.setup();
    const trace = stageTrace();
    const { store, asked } = await renderRoute(`#/trace?id=${trace.id}`);
    const grid = await screen.findByRole('treegrid', {}, READY);
    expect(grid.getAttribute('aria-rowcount')).toBe(String(trace.spans.length));
    const names = within(grid).getAllByRole('row').map((row) => row.querySelector('.te-wf-label')!.textContent);
    expect(names).toEqual(trace.spans.map((s) => s.name));
    // The tree first; a trace of one chunk needs no other chunk before its analysis.
    expect(asked[0]).toBe('traceTree');

    // The analysis follows: the stage row shows the overhead computed from the data here.
    const expected = analyseWaterfall(trace);
    const stage = trace.spans.findIndex((s) => s.origin === 'AWS::ApiGateway::Stage');
    const overhead = formatDuration(expected.gatewayOverheads.get(stage)!.overhead);
    await screen.findByText(`Gateway overhead ${overhead}`, { selector: '.te-chip' }, READY);
    expect(asked.filter((query) => query === 'traceAnalysis' || query === 'traceChunk')).toEqual(['traceAnalysis']);

    // The selected span's document comes from the worker (the panel itself follows the first rows).
    const panel = await screen.findByRole('region', { name: 'Span details' }, READY);
    const http = await within(panel).findByRole('region', { name: 'HTTP' }, READY);
    expect(within(http).getByText(trace.spans[0]!.doc.http!.request!.url!)).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Raw JSON' }));
    expect(JSON.parse((await within(panel).findByLabelText('Raw JSON document', {}, READY)).textContent!)).toEqual(trace.spans[0]!.doc);
    expect(asked).toContain('traceSpanDetail');
    expect(asked).toContain('traceSpanJson');

    // Search runs in the worker.
    await user.type(screen.getByLabelText('Search spans'), 'dwell');
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^1 matching span$/), READY);
    expect(asked).toContain('traceSearch');
    await user.keyboard('{Enter}');
    const selected = within(grid).getAllByRole('row').find((row) => row.getAttribute('aria-selected') === 'true')!;
    expect(selected.querySelector('.te-wf-label')!.textContent).toBe('Dwell Time');

    // The selection reaches the shared store at once and the URL shortly after.
    const dwell = trace.spans.find((s) => s.name === 'Dwell Time')!;
    expect(store.get().selection).toMatchObject({ traceId: trace.id, spanId: dwell.id });
    await waitFor(() => expect(new URLSearchParams(window.location.hash.split('?')[1]).get('span')).toBe(dwell.id), READY);
  });

  it('opens on the span the URL names', async () => {
    const trace = stageTrace();
    const span = trace.spans[trace.spans.length - 1]!;
    await renderRoute(`#/trace?id=${trace.id}&span=${span.id}`);
    const panel = await screen.findByRole('region', { name: 'Span details' }, READY);
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe(span.name);
  });

  it('takes a trace of more than a chunk: the first rows, then its other chunks in order, then its analysis', async () => {
    const lines = [...generateScaleSegments({ seed: 2, traces: 1, spansPerTrace: 2 * CHUNK_SPANS + 500 })].map((doc) => JSON.stringify(doc)).join('\n');
    const inputs = [{ name: 'segments.jsonl', bytes: new TextEncoder().encode(lines) }];
    const trace = (await openInputs(inputs)).dataset.traces[0]!;
    const { asked } = await renderRoute(`#/trace?id=${trace.id}`, inputs);
    const grid = await screen.findByRole('treegrid', {}, READY);
    expect(grid.getAttribute('aria-rowcount')).toBe(String(trace.spans.length));
    await waitFor(() => expect(screen.queryByText(/^Reading spans/)).toBeNull(), READY);
    await waitFor(() => expect(screen.queryByText(/Finding the critical path/)).toBeNull(), READY);
    expect(asked.filter((query) => ['traceTree', 'traceChunk', 'traceAnalysis'].includes(query))).toEqual(['traceTree', 'traceChunk', 'traceChunk', 'traceAnalysis']);
    // The last span's row reads from the last chunk.
    const last = trace.spans.length - 1;
    grid.scrollTop = 26 * last;
    grid.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(within(grid).getAllByRole('row').some((row) => row.getAttribute('aria-rowindex') === String(last + 1))).toBe(true), READY);
    const row = within(grid).getAllByRole('row').find((r) => r.getAttribute('aria-rowindex') === String(last + 1))!;
    expect(row.querySelector('.te-wf-label')!.textContent).toBe(trace.spans[last]!.name);
  });

  it('compares the trace with the typical trace of its entry point, or says it is the typical one', async () => {
    // Two copies of one generated trace under two ids: equal durations and starts, so the lower id is the median (traces-typical.ts).
    const pair = twoTraces();
    const text = [...encodeSnapshot(snapshotOf([...pair.before, ...pair.after]))].join('');
    const { asked } = await renderRoute(`#/trace?id=${pair.afterId}`, [{ name: 'two.json', bytes: new TextEncoder().encode(text) }]);
    await userEvent.click(await screen.findByRole('button', { name: 'Compare with the typical trace of its entry point' }, READY));
    await waitFor(() => expect(window.location.hash).toBe(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}`));
    expect(asked).toContain('typicalTrace');
    cleanup();
    await renderRoute(`#/trace?id=${stageTrace().id}`);
    await userEvent.click(await screen.findByRole('button', { name: 'Compare with the typical trace of its entry point' }, READY));
    expect((await screen.findByText(/This is the typical trace of/)).textContent).toBe('This is the typical trace of AWS::ApiGateway::Stage|some-app/Prod: the median duration of its 1 trace.');
  });
});
