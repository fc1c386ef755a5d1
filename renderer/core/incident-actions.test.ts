import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/base/errors.ts';
import type { HostApi, OpenSource } from '../../shared/contract/host/index.ts';
import type { IncidentOverview, OpenProgressData, QueryName } from '../../shared/contract/worker/analysis-protocol.ts';
import type { AnalysisClient, QueryOptions } from './analysis-client.ts';
import { createIncidentActions } from './incident-actions.ts';
import type { ViewName } from './route.ts';
import { createStore, initialAppState } from './store.ts';

const overview = { files: ['demo.json.gz'], summary: { traces: 3 }, spans: 9, problems: [], problemCount: 0, duplicates: 0, replaced: 0, openMillis: 1 } as unknown as IncidentOverview;
const progress: OpenProgressData = { phase: 'reading', file: 0, files: 1, name: 'demo.json.gz', fileBytes: 512, fileSize: 2048, textBytes: 4096, records: 12 };

/** A worker whose `open` answers when the test says so, recording what it was sent. */
function deferredAnalysis() {
  const calls: { query: QueryName; params: unknown; options: QueryOptions | undefined }[] = [];
  let answer: (result: Result<IncidentOverview>) => void = () => undefined;
  const client: AnalysisClient = {
    query: (async (query: QueryName, params: unknown, options?: QueryOptions) => {
      calls.push({ query, params, options });
      if (query !== 'open') return { ok: true, value: null };
      return new Promise((resolve) => (answer = resolve));
    }) as AnalysisClient['query'],
    dispose: () => undefined,
  };
  return { client, calls, answer: (result: Result<IncidentOverview>) => answer(result) };
}

function harness(options: { fetched?: boolean } = {}) {
  const store = createStore(initialAppState);
  const analysis = deferredAnalysis();
  const shown: { view: ViewName; source: OpenSource | undefined }[] = [];
  const painted: (() => void)[] = [];
  let view: ViewName = 'start';
  const host = { openDemo: async () => ({ ok: true, value: { files: [{ name: 'demo.json.gz', bytes: new Uint8Array([31, 139, 8]) }] } }) } as unknown as HostApi;
  const fileInputs = (source: OpenSource) => (source.kind === 'demo' ? [{ name: 'demo', url: 'http://127.0.0.1:1/api/files/demo', headers: { 'x-token': 't' } }] : []);
  const actions = createIncidentActions({
    host,
    analysis: analysis.client,
    store,
    show: (to, source) => {
      shown.push({ view: to, source });
      view = to;
    },
    currentView: () => view,
    afterPaint: (task) => painted.push(task),
    ...(options.fetched ? { fileInputs } : {}),
  });
  return { store, analysis, shown, painted, actions, choose: (to: ViewName) => (view = to) };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('incident actions', () => {
  it('keeps a view chosen while the file is still opening (clicking Traces), instead of showing the launch view', async () => {
    const h = harness();
    const opening = h.actions.openDemo();
    await settle();
    h.choose('traces');
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.store.get().incident.phase).toBe('ready');
    expect(h.shown).toEqual([]);
  });

  it('shows the open’s view when the user stayed where the open began', async () => {
    const h = harness();
    const opening = h.actions.openDemo();
    await settle();
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.shown).toEqual([{ view: 'map', source: { kind: 'demo' } }]);
  });

  it('passes the worker’s progress to the store, and asks for the indexes once the view is painted', async () => {
    const h = harness();
    const opening = h.actions.openDemo();
    await settle();
    const open = h.analysis.calls.find((call) => call.query === 'open');
    open?.options?.onProgress?.(progress);
    const incident = h.store.get().incident;
    expect(incident.phase === 'loading' && incident.progress).toEqual(progress);
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.analysis.calls.map((call) => call.query)).toEqual(['open']);
    for (const task of h.painted) task();
    expect(h.analysis.calls.map((call) => call.query)).toEqual(['open', 'prepareIndexes']);
  });

  it('cancels: the worker is told (its signal aborts), nothing is open, and a late answer is ignored', async () => {
    const h = harness();
    const opening = h.actions.openDemo();
    await settle();
    const open = h.analysis.calls.find((call) => call.query === 'open');
    h.actions.cancelOpen();
    expect(open?.options?.signal?.aborted).toBe(true);
    expect(h.store.get().incident).toMatchObject({ phase: 'failed', error: { kind: 'cancelled', message: 'Opening the demo incident was cancelled; nothing is open.' } });
    expect(h.shown).toEqual([{ view: 'start', source: undefined }]);
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.store.get().incident.phase).toBe('failed');
    for (const task of h.painted) task();
    expect(h.analysis.calls.map((call) => call.query)).toEqual(['open']);
  });

  it('lets the worker fetch the files when the host streams them, and names the demo after its file', async () => {
    const h = harness({ fetched: true });
    const opening = h.actions.openDemo();
    await settle();
    const open = h.analysis.calls.find((call) => call.query === 'open');
    expect((open?.params as { inputs: unknown[] }).inputs).toEqual([{ name: 'demo', url: 'http://127.0.0.1:1/api/files/demo', headers: { 'x-token': 't' } }]);
    expect(open?.options?.transfer).toEqual([]);
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.store.get().incident).toMatchObject({ phase: 'ready', label: 'demo.json.gz' });
  });
});
