import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import type { HostApi } from '../../shared/contract/host/index.ts';
import { AnalysisSession } from '../workers/analysis-handlers.ts';
import type { AnalysisClient } from '../core/analysis-client.ts';
import { App } from './App.tsx';
import { createIncidentActions } from '../core/incident-actions.ts';
import { currentRoute, navigate, withSource } from '../core/route.ts';
import { ServicesContext } from '../core/services.ts';
import { createStore, initialAppState, StoreContext } from '../core/store.ts';

const DEMO = 'aws-iatk/go_test_documents_as_BatchGetTraces.json';
const notHere = async () => ({ ok: false as const, error: { kind: 'notFound' as const, message: 'not here' } });

const LINKED = 'linkedFileHandle000000';

function renderApp(calls: string[]) {
  const host: HostApi = {
    getAppInfo: async () => ({ ok: true, value: { name: 'Trace Explorer', version: 't', host: 'web', demoAvailable: true, canCapture: false, canSaveNotes: true } }),
    openDemo: async () => {
      calls.push('openDemo');
      return { ok: true, value: { files: [{ handle: 'demoHandle000000000000', name: 'demo.json', bytes: fixtureBytes(DEMO) as Uint8Array<ArrayBuffer> }] } };
    },
    openSnapshot: async (request) => {
      calls.push(`openSnapshot ${JSON.stringify(request)}`);
      if (request.handles.join() !== LINKED) return notHere();
      return { ok: true, value: { files: [{ handle: LINKED, name: 'linked.json', bytes: fixtureBytes(DEMO) as Uint8Array<ArrayBuffer> }] } };
    },
    streamFiles: notHere,
    pickFiles: notHere,
    listRecent: async () => ({ ok: true, value: { entries: [] } }),
    saveNotes: notHere,
    startCapture: notHere,
    cancelCapture: notHere,
    getCaptureSetup: notHere,
    estimateCapture: notHere,
    signIn: notHere,
    onDidSignIn: () => () => undefined,
    onDidCaptureProgress: () => () => undefined,
    onDidMenuCommand: () => () => undefined,
  };
  const session = new AnalysisSession();
  let id = 0;
  const analysis: AnalysisClient = {
    query: async (query, params) => {
      const response = await session.answer({ id: ++id, query, params });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
  const store = createStore(initialAppState);
  const actions = createIncidentActions({ host, analysis, store, show: (view, source) => navigate(view, withSource(new URLSearchParams(), source), { replace: true, keepSource: false }) });
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={{ host, analysis, actions }}>
        <App />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return store;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/');
});
afterEach(cleanup);

describe('app shell', () => {
  it('opens what the URL names and shows that view with the counts', async () => {
    window.history.replaceState(null, '', '/#/map?src=demo');
    const calls: string[] = [];
    renderApp(calls);
    const counts = await screen.findByRole('region', { name: 'Incident counts' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Service map');
    const traces = within(counts).getAllByRole('term').find((term) => term.textContent === 'Traces');
    expect(traces?.nextElementSibling?.textContent).toBe('3');
    expect(calls).toEqual(['openDemo']);
    expect(currentRoute().view).toBe('map');
    // The nav keeps what is open in every link.
    const link = within(screen.getByRole('navigation', { name: 'Views' })).getByRole('link', { name: 'Traces' });
    expect(link.getAttribute('href')).toBe('#/traces?src=demo');
    expect(screen.getByRole('link', { name: 'Service map' }).getAttribute('aria-current')).toBe('page');
  });

  it('opens the file handles a URL names, asking the host for those handles only', async () => {
    window.history.replaceState(null, '', `/#/map?src=file%3A${LINKED}`);
    const calls: string[] = [];
    renderApp(calls);
    await screen.findByRole('region', { name: 'Incident counts' });
    expect(calls).toEqual([`openSnapshot {"handles":["${LINKED}"]}`]);
    expect(document.title).toBe('Service map · linked.json · Trace Explorer');
  });

  it('opens nothing for a URL that names a path', async () => {
    window.history.replaceState(null, '', '/#/map?src=path%3A%2Fetc%2Fpasswd');
    const calls: string[] = [];
    renderApp(calls);
    expect(await screen.findByRole('link', { name: 'Open a file or the demo incident' })).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('shows a way to Start on a data view when nothing is open', async () => {
    window.history.replaceState(null, '', '/#/traces');
    renderApp([]);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Traces');
    expect(screen.getByRole('link', { name: 'Open a file or the demo incident' })).toBeTruthy();
  });

  it('toggles the keyboard help with ?, not while typing, and closes it with Escape', async () => {
    renderApp([]);
    await screen.findByRole('heading', { name: 'Open an incident' });
    const user = userEvent.setup();
    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getAllByRole('row').length).toBeGreaterThan(3);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    const input = document.createElement('input');
    input.setAttribute('aria-label', 'scratch');
    document.body.append(input);
    input.focus();
    await user.keyboard('?');
    expect(screen.queryByRole('dialog')).toBeNull();
    input.remove();
    await act(async () => {
      screen.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
  });
});
