import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/support/fixtures.ts';
import type { HostApi, OpenedFiles, OpenSource, RecentEntry } from '../../../shared/contract/host/index.ts';
import type { Result } from '../../../shared/base/errors.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { createIncidentActions } from '../../core/incident-actions.ts';
import type { ViewName } from '../../core/route.ts';
import { ServicesContext } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppStore } from '../../core/store.ts';
import { AnalysisSession } from '../../workers/analysis-handlers.ts';
import { StartView } from './StartView.tsx';

const BATCH = 'aws-cli-examples/batch-get-traces_output.json';
const LOOKUP = 'aws-cli-examples/lookup-events_output.json';
/** The handles a host gave for recent files, and the fixture behind each (what only the host knows). */
const BATCH_HANDLE = 'batchRecentHandle00000';
const GONE_HANDLE = 'goneRecentHandle000000';
const FILES_BY_HANDLE: ReadonlyMap<string, string> = new Map([[BATCH_HANDLE, BATCH]]);

const GUARDDUTY = 'cloud-custodian-cwe/ec2-duty-event.json';

function fixtureFile(path: string, name = path.split('/').pop() ?? path): File {
  return new File([fixtureBytes(path) as Uint8Array<ArrayBuffer>], name, { type: 'application/json' });
}

interface Harness {
  store: AppStore;
  shown: { view: ViewName; source: OpenSource | undefined }[];
  hostCalls: string[];
  opened: { name: string; size: number }[][];
}

/** The real worker session behind a client that answers in-process (structured clone aside). */
function inProcessAnalysis(opened: Harness['opened'], gate?: Promise<void>): AnalysisClient {
  const session = new AnalysisSession();
  let id = 0;
  return {
    async query(query, params) {
      if (query === 'open') {
        const { inputs } = params as { inputs: { name: string; bytes: Uint8Array }[] };
        opened.push(inputs.map((input) => ({ name: input.name, size: input.bytes.byteLength })));
        await gate;
      }
      const response = await session.answer({ id: ++id, query, params });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
}

function fakeHost(calls: string[], overrides: Partial<HostApi> = {}, recent: RecentEntry[] = []): HostApi {
  return {
    getAppInfo: async () => ({ ok: true, value: { name: 'Trace Explorer', version: 't', host: 'web', demoAvailable: true, canCapture: false, canSaveNotes: true } }),
    openSnapshot: async (request): Promise<Result<OpenedFiles>> => {
      // What the page sends, exactly: its keys and values (a path here would be a bug).
      calls.push(`openSnapshot ${JSON.stringify(request)}`);
      const files: OpenedFiles['files'] = [];
      for (const handle of request.handles) {
        const fixture = FILES_BY_HANDLE.get(handle);
        if (fixture === undefined) return { ok: false, error: { kind: 'notFound', message: '/data/old.json.gz: no such file. It may have been moved or deleted; open it from its new place.', where: '/data/old.json.gz' } };
        files.push({ handle, name: fixture.split('/').pop() ?? fixture, bytes: fixtureBytes(fixture) as Uint8Array<ArrayBuffer> });
      }
      return { ok: true, value: { files } };
    },
    openDemo: async () => {
      calls.push('openDemo');
      return { ok: true, value: { files: [{ handle: 'demoHandle000000000000', name: 'demo-incident.json', bytes: fixtureBytes(BATCH) as Uint8Array<ArrayBuffer> }] } };
    },
    streamFiles: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    pickFiles: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    listRecent: async () => ({ ok: true, value: { entries: recent } }),
    saveNotes: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    startCapture: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    cancelCapture: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    getCaptureSetup: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    estimateCapture: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    signIn: async () => ({ ok: false, error: { kind: 'notFound', message: 'no' } }),
    onDidSignIn: () => () => undefined,
    onDidCaptureProgress: () => () => undefined,
    onDidMenuCommand: () => () => undefined,
    ...overrides,
  };
}

function renderStart(options: { host?: Partial<HostApi>; recent?: RecentEntry[]; gate?: Promise<void>; demoAvailable?: boolean } = {}): Harness {
  const harness: Harness = { store: createStore({ ...initialAppState, appInfo: { name: 'Trace Explorer', version: 't', host: 'web', demoAvailable: options.demoAvailable ?? true, canCapture: false, canSaveNotes: true } }), shown: [], hostCalls: [], opened: [] };
  const host = fakeHost(harness.hostCalls, options.host, options.recent);
  const analysis = inProcessAnalysis(harness.opened, options.gate);
  const actions = createIncidentActions({ host, analysis, store: harness.store, show: (view, source) => harness.shown.push({ view, source }) });
  render(
    <StoreContext.Provider value={harness.store}>
      <ServicesContext.Provider value={{ host, analysis, actions }}>
        <StartView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return harness;
}

function count(name: string): string {
  const term = within(screen.getByRole('region', { name: 'Incident counts' })).getAllByRole('term').find((element) => element.textContent === name);
  return term?.nextElementSibling?.textContent ?? '';
}

afterEach(cleanup);

describe('Start view', () => {
  it('opens several picked files as one incident in the worker and shows its counts', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((done) => (release = done));
    const harness = renderStart({ gate });
    await userEvent.upload(screen.getByLabelText('Open files…'), [fixtureFile(BATCH), fixtureFile(LOOKUP)]);
    expect((await screen.findByRole('status')).textContent).toContain('Opening batch-get-traces_output.json + 1 more');
    expect((screen.getByRole('button', { name: 'Open files…' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => release());
    expect(await screen.findByRole('heading', { name: /Open now: batch-get-traces_output.json \+ 1 more/ })).toBeTruthy();
    expect(harness.opened).toEqual([
      [
        { name: 'batch-get-traces_output.json', size: fixtureBytes(BATCH).byteLength },
        { name: 'lookup-events_output.json', size: fixtureBytes(LOOKUP).byteLength },
      ],
    ]);
    // The CLI example holds one trace (Scorekeep + DynamoDB) and one CloudTrail event.
    expect(count('Traces')).toBe('1');
    expect(count('CloudTrail events')).toBe('1');
    expect(Number(count('Spans'))).toBeGreaterThanOrEqual(2);
    expect(harness.shown).toEqual([{ view: 'map', source: undefined }]);
    expect(harness.hostCalls).toEqual([]);
  });

  it('opens files dropped on the drop region', async () => {
    const harness = renderStart();
    const region = screen.getByRole('region', { name: 'Drop files to open' });
    const files = [fixtureFile(BATCH)];
    fireEvent.dragEnter(region, { dataTransfer: { types: ['Files'], files } });
    fireEvent.drop(region, { dataTransfer: { types: ['Files'], files } });
    expect(await screen.findByRole('heading', { name: /Open now: batch-get-traces_output.json/ })).toBeTruthy();
    expect(harness.opened).toHaveLength(1);
  });

  it('shows the worker’s message for a file it cannot read, as text', async () => {
    renderStart();
    await userEvent.upload(screen.getByLabelText('Open files…'), [fixtureFile(GUARDDUTY, '<img src=x onerror=alert(1)>.json')]);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not open <img src=x onerror=alert(1)>.json');
    expect(alert.textContent).toMatch(/GuardDuty/);
    expect(alert.querySelector('img')).toBeNull();
    expect((screen.getByRole('button', { name: 'Open files…' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('opens the demo through the host and then shows the map with src=demo', async () => {
    const harness = renderStart();
    await userEvent.click(screen.getByRole('button', { name: 'Open the demo incident' }));
    expect(await screen.findByRole('heading', { name: /Open now: demo-incident.json/ })).toBeTruthy();
    expect(harness.hostCalls).toEqual(['openDemo']);
    expect(harness.shown).toEqual([{ view: 'map', source: { kind: 'demo' } }]);
  });

  it('says when the demo is not installed', () => {
    renderStart({ demoAvailable: false });
    expect((screen.getByRole('button', { name: 'Open the demo incident' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/demo is not installed/)).toBeTruthy();
  });

  it('lists recent files by name and folder, and reopens one by its handles only; a missing file gives the host’s message', async () => {
    const recent: RecentEntry[] = [
      { files: [{ handle: BATCH_HANDLE, name: 'batch-get-traces_output.json', folder: '/home/ana/incidents' }], label: 'batch-get-traces_output.json', openedAt: '2024-05-01T10:00:00.000Z', bytes: 2048 },
      { files: [{ handle: GONE_HANDLE, name: 'old.json.gz', folder: '/data' }], label: 'old.json.gz', openedAt: '2024-04-01T10:00:00.000Z', bytes: 10 },
    ];
    const harness = renderStart({ recent });
    const list = await screen.findByRole('list', { name: 'Recent files' });
    expect(within(list).getAllByRole('button').map((button) => button.getAttribute('aria-label'))).toEqual(['Open batch-get-traces_output.json', 'Open old.json.gz']);
    // The folder is shown for people (the page never sends it back).
    expect(within(list).getByText('/home/ana/incidents')).toBeTruthy();
    expect(within(list).getByText('2 KiB · opened', { exact: false })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Open batch-get-traces_output.json' }));
    expect(await screen.findByRole('heading', { name: /Open now: batch-get-traces_output.json/ })).toBeTruthy();
    expect(harness.hostCalls).toEqual([`openSnapshot {"handles":["${BATCH_HANDLE}"]}`]);
    expect(harness.shown.at(-1)).toEqual({ view: 'map', source: { kind: 'files', handles: [BATCH_HANDLE] } });
    expect(harness.opened.at(-1)).toEqual([{ name: 'batch-get-traces_output.json', size: fixtureBytes(BATCH).byteLength }]);
    await userEvent.click(screen.getByRole('button', { name: 'Open old.json.gz' }));
    expect((await screen.findByRole('alert')).textContent).toContain('/data/old.json.gz: no such file');
    expect(harness.hostCalls.at(-1)).toBe(`openSnapshot {"handles":["${GONE_HANDLE}"]}`);
    expect(harness.shown.at(-1)).toEqual({ view: 'start', source: undefined });
    await waitFor(() => expect(harness.store.get().incident.phase).toBe('failed'));
  });
});
