import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/support/fixtures.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { currentRoute } from '../../core/route.ts';
import { ServicesContext, type Services } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppState, type AppStore } from '../../core/store.ts';
import { AnalysisSession } from '../../workers/analysis-handlers.ts';
import type { InputBytes } from '../../../shared/contract/worker/analysis-protocol.ts';
import { ServiceMapView } from './ServiceMapView.tsx';

const APPENDIX = 'aws-reference-appendices';
const BOTH = [`${APPENDIX}/batch-get-traces.json`, `${APPENDIX}/get-service-graph.json`];

function input(path: string): InputBytes {
  return { name: path.split('/').pop()!, bytes: fixtureBytes(path) };
}

function sessionClient(session: AnalysisSession, hold?: Promise<void>): AnalysisClient {
  let id = 0;
  return {
    query: async (query, params) => {
      if (hold && query === 'serviceMap') await hold;
      const response = await session.answer({ id: ++id, query, params });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
}

/** Opens the inputs in a real worker session and renders the map view on them. */
async function renderMap(inputs: readonly InputBytes[], options: { readonly hold?: Promise<void> } = {}): Promise<AppStore> {
  const session = new AnalysisSession();
  const opened = await session.answer({ id: 0, query: 'open', params: { inputs } });
  if (!opened.ok) throw new Error(opened.error.message);
  const store = createStore<AppState>({ ...initialAppState, generation: 1, incident: { phase: 'ready', label: 'test', source: undefined, overview: opened.value as never } });
  const services = { host: {} as Services['host'], analysis: sessionClient(session, options.hold), actions: {} as Services['actions'] };
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>
        <ServiceMapView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return store;
}

const map = (): HTMLElement => screen.getByRole('group', { name: 'Map of services' });
/** The map once drawn: its SVG comes first, its nodes in the next frame (MapCanvas measures the laid-out page first). */
const nodes = async (): Promise<HTMLElement> => {
  const svg = await screen.findByRole('group', { name: 'Map of services' });
  await waitFor(() => expect(svg.querySelector('[data-node-key]')).not.toBeNull());
  return svg;
};

beforeEach(() => {
  window.history.replaceState(null, '', '/#/map');
});
afterEach(cleanup);

describe('ServiceMapView', () => {
  it('names every node by its service, with its type and health as the description', async () => {
    await renderMap(BOTH.map(input));
    await nodes();
    const handlers = within(map()).getAllByRole('button', { name: 'orders-handler' });
    expect(handlers).toHaveLength(2);
    expect(within(map()).getByRole('button', { name: 'orders-handler', description: /^AWS::Lambda::Function; 1 request/ })).toBeTruthy();
    expect(within(map()).getByRole('button', { name: 'orders-handler', description: /^AWS::Lambda;/ })).toBeTruthy();
    expect(within(map()).getByRole('button', { name: 'Orders', description: /AWS::DynamoDB::Table; inferred; 1 request, 100% throttled \(429\)/ })).toBeTruthy();
    expect(within(map()).getAllByRole('button', { name: 'orders-api/prod' })).toHaveLength(2);
    // Edges are buttons too, named caller → callee.
    expect(within(map()).getByRole('button', { name: 'orders-handler → Orders' })).toBeTruthy();
    for (const node of within(map()).getAllByRole('button').filter((element) => element.hasAttribute('data-node-key'))) expect(node.getAttribute('tabindex')).toBe('0');
    expect(screen.getByText(/Computed from the 1 trace in this incident/)).toBeTruthy();
  });

  it('selects a node with Enter: side panel with histogram and exceptions, URL and shared selection; Escape clears', async () => {
    const user = userEvent.setup();
    const store = await renderMap(BOTH.map(input));
    await nodes();
    const fn = within(map()).getByRole('button', { name: 'orders-handler', description: /^AWS::Lambda::Function/ });
    fn.focus();
    await user.keyboard('{Enter}');
    const panel = screen.getByRole('complementary', { name: 'Selected service' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('orders-handler');
    expect(fn.getAttribute('aria-pressed')).toBe('true');
    expect(currentRoute().params.get('node')).toBe('AWS::Lambda::Function|orders-handler');
    expect(store.get().selection.node).toBe('AWS::Lambda::Function|orders-handler');
    expect(within(panel).getByRole('img', { name: /^Response times of orders-handler: 1 requests/ })).toBeTruthy();
    const exceptions = within(panel).getByRole('region', { name: 'Top exceptions' });
    expect(within(exceptions).getByText('ProvisionedThroughputExceededException')).toBeTruthy();
    expect(within(exceptions).getByRole('link', { name: 'Open an example trace' }).getAttribute('href')).toContain('id=1-6650a1b2-5f1e2d3c4b5a69788796a5b4');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: 'Selected service' })).toBeNull();
    expect(currentRoute().params.get('node')).toBeNull();
    expect(store.get().selection.node).toBeUndefined();
  });

  it('moves between nodes with the arrow keys', async () => {
    const user = userEvent.setup();
    await renderMap(BOTH.map(input));
    await nodes();
    const stage = within(map()).getByRole('button', { name: 'orders-api/prod', description: /^AWS::ApiGateway::Stage/ });
    stage.focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.getAttribute('data-node-key')).toBe('AWS::Lambda|orders-handler');
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(document.activeElement?.getAttribute('data-node-key')).toBe('client|orders-api/prod');
  });

  it('selects an edge and hands it to the Traces view with Show traces', async () => {
    const user = userEvent.setup();
    const store = await renderMap(BOTH.map(input));
    await nodes();
    await user.click(within(map()).getByRole('button', { name: 'orders-handler → Orders' }));
    const panel = screen.getByRole('complementary', { name: 'Selected edge' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('orders-handler → Orders');
    await user.click(within(panel).getByRole('button', { name: 'Show traces' }));
    const route = currentRoute();
    expect(route.view).toBe('traces');
    expect(route.params.get('edge')).toBe('AWS::Lambda::Function|orders-handler→AWS::DynamoDB::Table|Orders');
    expect(store.get().selection.edge).toBe('AWS::Lambda::Function|orders-handler→AWS::DynamoDB::Table|Orders');
  });

  it('toggles to the captured graph and says which graph it shows', async () => {
    const user = userEvent.setup();
    await renderMap(BOTH.map(input));
    await nodes();
    const captured = screen.getByRole('radio', { name: 'Captured from AWS' });
    expect(captured.getAttribute('aria-checked')).toBe('false');
    await user.click(captured);
    await screen.findByText(/^Captured from AWS X-Ray \(GetServiceGraph\)/);
    expect(currentRoute().params.get('graph')).toBe('captured');
    expect(screen.getByRole('radio', { name: 'Captured from AWS' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('radio', { name: 'Computed from traces' }).getAttribute('aria-checked')).toBe('false');
    // Appendix C's graph names the same services (drawn in the next frame: the map is a new one).
    await waitFor(() => expect(within(map()).getAllByRole('button', { name: 'orders-handler' })).toHaveLength(2));
  });

  it('disables the captured graph when the incident has none', async () => {
    await renderMap([input(`${APPENDIX}/batch-get-traces.json`)]);
    await nodes();
    const captured = screen.getByRole('radio', { name: 'Captured from AWS' }) as HTMLButtonElement;
    expect(captured.disabled).toBe(true);
    expect(captured.title).toMatch(/no service graph captured/);
  });

  it('shows loading, then an empty state for an incident without traces or graph', async () => {
    let release = (): void => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await renderMap([input('aws-cli-examples/lookup-events_output.json')], { hold });
    expect(screen.getByRole('status').textContent).toContain('Building the service map');
    await act(async () => release());
    await screen.findByText('No service map to draw.');
    expect(screen.queryByRole('group', { name: 'Map of services' })).toBeNull();
    // The overview still counts what is there.
    expect(screen.getByRole('region', { name: 'Incident counts' })).toBeTruthy();
  });

  it('renders names from the data as text, never as markup', async () => {
    const name = '<img src=x onerror="window.hacked=1">';
    const segment = { id: 'aaaaaaaaaaaaaaaa', trace_id: '1-5f000000-000000000000000000000001', name, start_time: 1, end_time: 2, http: { response: { status: 500 } }, fault: true };
    await renderMap([{ name: 'segment.json', bytes: new TextEncoder().encode(JSON.stringify(segment)) }]);
    await nodes();
    const found = within(map()).getAllByRole('button', { name });
    expect(found).toHaveLength(2); // the service and its client
    expect(document.querySelector('img')).toBeNull();
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Services' })).getAllByText(name)).toHaveLength(2));
  });
});
