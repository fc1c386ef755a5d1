import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/base/errors.ts';
import type { HostApi, OpenSource } from '../../shared/contract/host/index.ts';
import type { IncidentOverview, OpenProgressData, QueryName } from '../../shared/contract/worker/analysis-protocol.ts';
import type { AnalysisClient, QueryOptions } from './analysis-client.ts';
import { httpFileInputs } from './http-transport.ts';
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
  const streamed: unknown[] = [];
  const host = {
    openDemo: async () => ({ ok: true, value: { files: [{ handle: DEMO_HANDLE, name: 'demo.json.gz', bytes: new Uint8Array([31, 139, 8]) }] } }),
    streamFiles: async (request: { demo: true } | { handles: string[] }) => {
      streamed.push(request);
      if ('demo' in request) return { ok: true, value: { files: [{ handle: DEMO_HANDLE, name: 'demo.json.gz', size: 3 }] } };
      if (request.handles.includes(GONE)) return { ok: false, error: { kind: 'notFound', message: '/data/gone.json.gz: no such file.', where: '/data/gone.json.gz' } };
      return { ok: true, value: { files: request.handles.map((handle, i) => ({ handle, name: `file-${i}.json.gz`, size: 100 + i })) } };
    },
  } as unknown as HostApi;
  const fileInputs = httpFileInputs('the-token', 'http://127.0.0.1:1/');
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
  return { store, analysis, shown, painted, actions, streamed, choose: (to: ViewName) => (view = to) };
}

const DEMO_HANDLE = 'demoHandle000000000000';
const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const GONE = 'gonegonegonegonegone00';

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
    expect(h.store.get().incident).toMatchObject({ phase: 'failed', error: { kind: 'cancelled', message: 'Opening demo.json.gz was cancelled; nothing is open.' } });
    expect(h.shown).toEqual([{ view: 'start', source: undefined }]);
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.store.get().incident.phase).toBe('failed');
    for (const task of h.painted) task();
    expect(h.analysis.calls.map((call) => call.query)).toEqual(['open']);
  });

  it('lets the worker fetch the files when the host streams them: one GET of /api/files/<handle> each, with the token, named by the host', async () => {
    const h = harness({ fetched: true });
    const opening = h.actions.openDemo();
    await settle();
    expect(h.streamed).toEqual([{ demo: true }]);
    const open = h.analysis.calls.find((call) => call.query === 'open');
    expect((open?.params as { inputs: unknown[] }).inputs).toEqual([{ name: 'demo.json.gz', url: `http://127.0.0.1:1/api/files/${DEMO_HANDLE}`, headers: { 'x-trace-explorer-token': 'the-token' }, size: 3 }]);
    expect(open?.options?.transfer).toEqual([]);
    // The progress names the file as soon as the host has.
    expect(h.store.get().incident).toMatchObject({ phase: 'loading', label: 'demo.json.gz' });
    h.analysis.answer({ ok: true, value: overview });
    await opening;
    expect(h.store.get().incident).toMatchObject({ phase: 'ready', label: 'demo.json.gz' });

    const two = h.actions.openSource({ kind: 'files', handles: [A, B] }, 'map');
    await settle();
    const second = h.analysis.calls.filter((call) => call.query === 'open')[1];
    expect(h.streamed.at(-1)).toEqual({ handles: [A, B] });
    expect((second?.params as { inputs: { name: string; url: string; size: number }[] }).inputs.map((input) => [input.name, input.url, input.size])).toEqual([
      ['file-0.json.gz', `http://127.0.0.1:1/api/files/${A}`, 100],
      ['file-1.json.gz', `http://127.0.0.1:1/api/files/${B}`, 101],
    ]);
    h.analysis.answer({ ok: true, value: overview });
    await two;
    expect(h.store.get().incident).toMatchObject({ phase: 'ready', label: 'file-0.json.gz + 1 more' });
  });

  it('shows the host’s refusal of a file it cannot stream, and asks the worker nothing', async () => {
    const h = harness({ fetched: true });
    await h.actions.openSource({ kind: 'files', handles: [A, GONE] }, 'map');
    expect(h.store.get().incident).toMatchObject({ phase: 'failed', label: '2 files', error: { kind: 'notFound', message: '/data/gone.json.gz: no such file.' } });
    expect(h.shown.at(-1)).toEqual({ view: 'start', source: undefined });
    expect(h.analysis.calls).toEqual([]);
  });
});
