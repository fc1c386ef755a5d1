import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/base/errors.ts';
import type { CaptureEstimate, CaptureProfile, CaptureProgress, CaptureRequest, CaptureSetup, HostApi, OpenSource, SignInProgress } from '../../../shared/contract/host/index.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import type { IncidentActions } from '../../core/incident-actions.ts';
import type { ViewName } from '../../core/route.ts';
import { ServicesContext } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppState } from '../../core/store.ts';
import { CaptureView } from './CaptureView.tsx';

const FILE = { handle: 'captureHandle000000000', name: 'capture-2026-12-02T1100Z-eu-west-1.json.gz', folder: '/captures' };
const SETUP: CaptureSetup = {
  profiles: [
    { name: 'default', region: 'us-west-2' },
    { name: 'ops', region: 'eu-west-1' },
    { name: 'corp', region: 'eu-central-1', sso: { state: 'expired', expiresAt: '2026-12-02T09:00:00.000Z', refreshable: true } },
  ],
  defaultProfile: 'default',
  defaultRegion: 'us-west-2',
};
const ESTIMATE: CaptureEstimate = {
  calls: 7,
  seconds: 1,
  perApi: [
    { api: 'GetTraceSummaries', calls: 1, ratePerSecond: 5 },
    { api: 'BatchGetTraces', calls: 0, ratePerSecond: 5 },
  ],
  traceIdsPerCall: 5,
  eventsPerCall: 50,
};
const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });
const no = (): Promise<Result<never>> => Promise.resolve({ ok: false, error: { kind: 'notFound', message: 'no' } });

interface Harness {
  readonly calls: { channel: string; request: unknown }[];
  readonly opened: { source: OpenSource; view: ViewName; label?: string }[];
  emit(event: Partial<CaptureProgress> & Pick<CaptureProgress, 'phase'>): void;
  signedIn(event: SignInProgress): void;
}

function renderCapture(overrides: Partial<HostApi> = {}, canCapture = true): Harness {
  const listeners = new Set<(event: CaptureProgress) => void>();
  const signIns = new Set<(event: SignInProgress) => void>();
  const harness: Harness = {
    signedIn: (event) =>
      act(() => {
        for (const listener of signIns) listener(event);
      }),
    calls: [],
    opened: [],
    emit: (event) => {
      const full: CaptureProgress = { captureId: 'cap-1', done: 0, counts: { traces: 0, segments: 0, events: 0, metricResults: 0, requests: 0 }, ...event };
      act(() => {
        for (const listener of listeners) listener(full);
      });
    },
  };
  const record = <T,>(channel: string, answer: (request: never) => Promise<Result<T>>) => (request?: unknown) => {
    harness.calls.push({ channel, request });
    return answer(request as never);
  };
  const host: HostApi = {
    getAppInfo: no,
    openSnapshot: no,
    openDemo: no,
    streamFiles: no,
    pickFiles: no,
    listRecent: no,
    saveNotes: no,
    startCapture: record('startCapture', () => ok({ captureId: 'cap-1', file: FILE })),
    cancelCapture: record('cancelCapture', () => ok({ cancelled: true })),
    getCaptureSetup: record('getCaptureSetup', () => ok(SETUP)),
    estimateCapture: record('estimateCapture', () => ok(ESTIMATE)),
    signIn: record('signIn', () => ok({ profile: { name: 'corp', region: 'eu-central-1', sso: { state: 'valid' as const, expiresAt: '2026-12-02T13:00:00.000Z', refreshable: true } } })),
    onDidCaptureProgress: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDidSignIn: (listener) => {
      signIns.add(listener);
      return () => signIns.delete(listener);
    },
    onDidMenuCommand: () => () => undefined,
    ...overrides,
  };
  const actions: IncidentActions = {
    openFiles: async () => undefined,
    openDemo: async () => undefined,
    openRecent: async () => undefined,
    openSource: async (source, view, label) => void harness.opened.push({ source, view, ...(label === undefined ? {} : { label }) }),
    cancelOpen: () => undefined,
  };
  const store = createStore<AppState>({ ...initialAppState, appInfo: { name: 'Trace Explorer', version: 't', host: 'web', demoAvailable: false, canCapture, canSaveNotes: true } });
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={{ host, analysis: {} as AnalysisClient, actions }}>
        <CaptureView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return harness;
}

const lastEstimateRequest = (harness: Harness): CaptureRequest | undefined => harness.calls.filter((c) => c.channel === 'estimateCapture').at(-1)?.request as CaptureRequest | undefined;
const form = () => screen.getByRole('form', { name: 'Capture from AWS' });

afterEach(cleanup);

describe('Capture view', () => {
  it('lists the profiles (SSO marked), takes the default profile\'s Region, and estimates what the form asks', async () => {
    const harness = renderCapture();
    const profile = await screen.findByRole('radio', { name: /^default/ });
    expect((profile as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('SSO, sign-in expired')).toBeTruthy();
    expect((screen.getByLabelText('Region') as HTMLInputElement).value).toBe('us-west-2');
    expect(await screen.findByText('At least 7 calls, about 1 s')).toBeTruthy();
    expect(screen.getByText(/1,000 traces take 200 calls, about 40 s/)).toBeTruthy();

    // Another profile brings its Region; the custom window, the slowest 50, no CloudTrail, no metrics.
    await userEvent.click(screen.getByRole('radio', { name: /^ops/ }));
    expect((screen.getByLabelText('Region') as HTMLInputElement).value).toBe('eu-west-1');
    await userEvent.click(screen.getByRole('radio', { name: 'Custom (UTC)' }));
    fireEvent.change(screen.getByLabelText('From', { exact: true }), { target: { value: '2026-12-01T10:00' } });
    fireEvent.change(screen.getByLabelText('To', { exact: true }), { target: { value: '2026-12-01T12:30' } });
    await userEvent.type(screen.getByLabelText('X-Ray group'), 'checkout');
    await userEvent.type(screen.getByLabelText('Filter expression'), 'fault');
    await userEvent.click(screen.getByRole('radio', { name: 'Slowest' }));
    await userEvent.clear(screen.getByLabelText('How many'));
    await userEvent.type(screen.getByLabelText('How many'), '50');
    await userEvent.click(screen.getByRole('radio', { name: 'None' }));
    await userEvent.click(screen.getByRole('checkbox', { name: /Fetch the traced APIs' metrics/ }));
    const expected: CaptureRequest = {
      profile: 'ops',
      regions: ['eu-west-1'],
      window: { start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T12:30:00.000Z' },
      xray: { group: 'checkout', filterExpression: 'fault', traces: { mode: 'slowest', count: 50 } },
    };
    await waitFor(() => expect(lastEstimateRequest(harness)).toEqual(expected));

    fireEvent.change(screen.getByLabelText('To', { exact: true }), { target: { value: '2026-12-01T09:00' } });
    expect(await screen.findByText('The window ends before it starts: its end must be after its start.')).toBeTruthy();
    expect((within(form()).getByRole('button', { name: 'Start capture' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('signs an expired SSO profile in before it can start, and shows what the host says when it cannot', async () => {
    let refuse = true;
    const harness = renderCapture({
      signIn: async (request) => {
        harness.calls.push({ channel: 'signIn', request });
        if (refuse) return { ok: false, error: { kind: 'auth', message: 'Run `aws sso login --profile corp` in a terminal, then choose Refresh here.' } };
        return { ok: true, value: { profile: { name: 'corp', region: 'eu-central-1', sso: { state: 'valid', expiresAt: '2026-12-02T13:00:00.000Z', refreshable: true } } } };
      },
    });
    await userEvent.click(await screen.findByRole('radio', { name: /^corp/ }));
    expect((within(form()).getByRole('button', { name: 'Start capture' }) as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to corp' }));
    expect((await screen.findByRole('alert')).textContent).toContain('aws sso login --profile corp');
    refuse = false;
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to corp' }));
    expect(await screen.findByText('SSO, signed in')).toBeTruthy();
    expect(harness.calls.filter((c) => c.channel === 'signIn').map((c) => c.request)).toEqual([{ profile: 'corp' }, { profile: 'corp' }]);
    expect((within(form()).getByRole('button', { name: 'Start capture' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the device sign-in\'s link and code, and carries on when the host says it was approved (or not)', async () => {
    const signedIn: CaptureProfile = { name: 'corp', region: 'eu-central-1', sso: { state: 'valid', expiresAt: '2026-12-02T20:00:00.000Z', refreshable: true } };
    const harness = renderCapture({
      signIn: async () => ({ ok: true, value: { pending: { verificationUri: 'https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH', userCode: 'ABCD-EFGH', expiresAt: '2026-12-02T12:10:00.000Z' } } }),
    });
    await userEvent.click(await screen.findByRole('radio', { name: /^corp/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to corp' }));
    const link = await screen.findByRole('link', { name: 'Open the AWS sign-in page' });
    expect(link.getAttribute('href')).toBe('https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByText('ABCD-EFGH')).toBeTruthy();
    expect(screen.getByText(/valid until 2026-12-02 12:10:00 UTC/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Waiting for the browser…' })).toBeTruthy();
    // Another profile's end changes nothing here.
    harness.signedIn({ profile: 'ops', outcome: 'failed', error: { kind: 'auth', message: 'not this one' } });
    expect(screen.queryByText('not this one')).toBeNull();
    harness.signedIn({ profile: 'corp', outcome: 'failed', error: { kind: 'auth', message: 'The sign-in code expired before it was approved.' } });
    expect((await screen.findByRole('alert')).textContent).toContain('The sign-in code expired');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to corp' }));
    await screen.findByRole('link', { name: 'Open the AWS sign-in page' });
    harness.signedIn({ profile: 'corp', outcome: 'signedIn', signedIn });
    expect(await screen.findByText('SSO, signed in')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Open the AWS sign-in page' })).toBeNull();
    expect((within(form()).getByRole('button', { name: 'Start capture' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the running capture\'s counts, throttles and time left; Esc cancels; Resume sends the same request', async () => {
    const harness = renderCapture();
    await screen.findByText('At least 7 calls, about 1 s');
    await userEvent.click(within(form()).getByRole('button', { name: 'Start capture' }));
    expect(await screen.findByRole('heading', { name: `Capturing ${FILE.name}` })).toBeTruthy();
    harness.emit({ phase: 'traces', done: 12, total: 40, throttles: 2, etaSeconds: 95, counts: { traces: 35, segments: 140, events: 20, metricResults: 0, requests: 14 } });
    expect(screen.getByText('Fetching full traces')).toBeTruthy();
    expect(screen.getByText(/12 calls answered of at least 40 · about 1 min 35 s left/)).toBeTruthy();
    expect(screen.getByText(/^AWS throttled 2 calls/)).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('12');
    const counts = within(screen.getByLabelText('Fetched so far'));
    expect(counts.getByText('Traces').nextElementSibling?.textContent).toBe('35');
    expect(counts.getByText('Throttled').nextElementSibling?.textContent).toBe('2');

    await userEvent.keyboard('{Escape}');
    expect(harness.calls.filter((c) => c.channel === 'cancelCapture').map((c) => c.request)).toEqual([{ captureId: 'cap-1' }]);
    harness.emit({ phase: 'cancelled', done: 14, message: 'Cancelled. The snapshot holds what was fetched and lists 3 missing parts; start the same capture again to fetch the rest.' });
    expect(await screen.findByRole('heading', { name: `Cancelled: ${FILE.name}` })).toBeTruthy();
    // Events of another capture change nothing.
    harness.emit({ captureId: 'other', phase: 'done' });
    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    const starts = harness.calls.filter((c) => c.channel === 'startCapture').map((c) => c.request);
    expect(starts).toHaveLength(2);
    expect(starts[1]).toEqual(starts[0]);
    expect(harness.opened).toEqual([]);
  });

  it('opens the snapshot when done, and a partial one on request', async () => {
    const harness = renderCapture();
    await screen.findByText('At least 7 calls, about 1 s');
    await userEvent.click(within(form()).getByRole('button', { name: 'Start capture' }));
    await screen.findByRole('heading', { name: `Capturing ${FILE.name}` });
    harness.emit({ phase: 'done', done: 40, total: 40, message: 'Captured 120 traces, 60 CloudTrail events and 27 metric series in 40 calls.' });
    expect(harness.opened).toEqual([{ source: { kind: 'files', handles: [FILE.handle] }, view: 'timeline', label: FILE.name }]);
    expect(await screen.findByText(/^Captured 120 traces/)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'New capture' }));
    await userEvent.click(await within(form()).findByRole('button', { name: 'Start capture' }));
    await screen.findByRole('heading', { name: `Capturing ${FILE.name}` });
    harness.emit({ phase: 'failed', done: 9, message: 'AWS throttled the calls.', error: { kind: 'throttled', message: 'X-Ray throttled BatchGetTraces after 8 attempts.' } });
    expect((await screen.findByRole('alert')).textContent).toContain('Wait a minute, then resume');
    await userEvent.click(screen.getByRole('button', { name: 'Open what was fetched' }));
    expect(harness.opened).toHaveLength(2);
  });

  it('says when the capture cannot start, and when this host cannot capture', async () => {
    renderCapture({ startCapture: async () => ({ ok: false, error: { kind: 'invalidInput', message: 'A capture is already running. Wait for it to finish or cancel it first.' } }) });
    await screen.findByText('At least 7 calls, about 1 s');
    await userEvent.click(within(form()).getByRole('button', { name: 'Start capture' }));
    expect((await screen.findByRole('alert')).textContent).toContain('A capture is already running');
    cleanup();
    renderCapture({}, false);
    expect(screen.getByText('Capturing is not available here')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });
});
