import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateIncident, toSnapshotContent, type GeneratedIncident } from '../../../shared/generator/index.ts';
import { encodeSnapshot } from '../../../shared/snapshot/index.ts';
import type { XRayTraceSummary } from '../../../shared/model/xray.ts';
import type { AnalysisClient } from '../../core/analysis-client.ts';
import { ServicesContext, type Services } from '../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppStore } from '../../core/store.ts';
import { AnalysisSession } from '../../workers/analysis-handlers.ts';
import { TracesView } from './TracesView.tsx';

/**
 * The Traces view against the real worker session (analysis-handlers.ts) holding the generated
 * demo incident; expected counts are computed here from the generator's raw summaries.
 */
let incident: GeneratedIncident;
let session: AnalysisSession;
let summaries: readonly XRayTraceSummary[];

beforeAll(async () => {
  incident = generateIncident();
  summaries = incident.summaries;
  const text = [...encodeSnapshot(toSnapshotContent(incident))].join('');
  session = new AnalysisSession();
  const opened = await session.answer({ id: 0, query: 'open', params: { inputs: [{ name: 'demo.json', bytes: new TextEncoder().encode(text) }] } });
  if (!opened.ok) throw new Error(opened.error.message);
}, 60_000);

beforeEach(() => {
  window.history.replaceState(null, '', '/#/traces?src=demo');
});
afterEach(cleanup);

function client(): AnalysisClient {
  let id = 0;
  return {
    query: async (query, params) => {
      const response = await session.answer({ id: ++id, query, params });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
}

function renderView(analysis: AnalysisClient = client()): AppStore {
  const store = createStore(initialAppState);
  const services = { analysis } as unknown as Services;
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>
        <TracesView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
  return store;
}

const grid = (): HTMLElement => screen.getByRole('grid', { name: 'Traces' });
const hashParams = (): URLSearchParams => new URLSearchParams(window.location.hash.split('?')[1] ?? '');
const bodyRows = (): HTMLElement[] => within(grid()).getAllByRole('row').filter((row) => row.getAttribute('aria-rowindex') !== '1' && row.getAttribute('aria-busy') !== 'true');
const countText = (matched: number, all = summaries.length): string => `${matched.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} traces`;

async function applyFilter(text: string): Promise<void> {
  const user = userEvent.setup();
  const box = screen.getByLabelText('Filter expression');
  await user.clear(box);
  await user.type(box, `${text.replace(/[{[]/g, (c) => c + c)}{Enter}`);
}

describe('TracesView', () => {
  it('lists every trace in a virtualised grid whose rowcount is the whole list', async () => {
    renderView();
    await screen.findByText(countText(summaries.length));
    expect(grid().getAttribute('aria-rowcount')).toBe(String(summaries.length + 1));
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(10));
    expect(within(grid()).getAllByRole('row').length).toBeLessThan(100);
    expect(screen.getByLabelText('Filter expression')).toBeTruthy();
  });

  it('marks two traces for compare (the toggle, then m on the selected row) and links to Compare, the earlier as the before', async () => {
    const user = userEvent.setup();
    renderView();
    await screen.findByText(countText(summaries.length));
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    // The list starts sorted by start: row 1 started no later than row 2.
    const [first, second] = bodyRows();
    const idOf = (row: HTMLElement): string => /Mark trace (\S+) for compare/.exec(within(row).getByRole('button').getAttribute('aria-label')!)![1]!;
    const [earlier, later] = [idOf(first!), idOf(second!)];
    await user.click(within(second!).getByRole('button', { name: `Mark trace ${later} for compare` }));
    expect(screen.getByRole('region', { name: 'Compare two traces' }).textContent).toContain('1 of 2 chosen for compare');
    grid().focus();
    await user.keyboard('m');
    const bar = screen.getByRole('region', { name: 'Compare two traces' });
    expect(bar.textContent).toContain('2 of 2 chosen for compare');
    expect(within(bar).getByRole('link', { name: 'Compare' }).getAttribute('href')).toBe(`#/compare?mode=traces&a=${earlier}&b=${later}&src=demo`);
    expect(within(first!).getByRole('button').getAttribute('aria-pressed')).toBe('true');
    // m again unmarks; Clear empties the choice.
    await user.keyboard('m');
    expect(screen.getByRole('region', { name: 'Compare two traces' }).textContent).toContain('1 of 2 chosen');
    await user.click(within(screen.getByRole('region', { name: 'Compare two traces' })).getByRole('button', { name: 'Clear' }));
    expect(screen.queryByRole('region', { name: 'Compare two traces' })).toBeNull();
  });

  it('chooses the median trace of a kept range of durations for compare (from the histogram)', async () => {
    const user = userEvent.setup();
    // Durations between 0.2 s and 1 s, kept on the histogram (the range lives in the URL).
    window.history.replaceState(null, '', '/#/traces?src=demo&range=0.2~1');
    renderView();
    const inRange = summaries.filter((s) => s.Duration! >= 0.2 && s.Duration! <= 1);
    await screen.findByText(countText(inRange.length));
    // The median by duration, the lower of two middles, from the generator's own summaries.
    const durations = inRange.map((s) => s.Duration!).sort((a, b) => a - b);
    const median = durations[Math.floor((durations.length - 1) / 2)]!;
    await user.click(screen.getByRole('button', { name: 'Choose its median trace for compare' }));
    const bar = await screen.findByRole('region', { name: 'Compare two traces' });
    expect(bar.textContent).toContain('1 of 2 chosen for compare');
    // Mark one more from the list: the link names the chosen median trace and that one.
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    const idOf = (row: HTMLElement): string => /Mark trace (\S+) for compare/.exec(within(row).getByRole('button').getAttribute('aria-label')!)![1]!;
    const other = bodyRows().find((row) => within(row).getByRole('button').getAttribute('aria-pressed') !== 'true')!;
    await user.click(within(other).getByRole('button', { name: `Mark trace ${idOf(other)} for compare` }));
    const href = within(screen.getByRole('region', { name: 'Compare two traces' })).getByRole('link', { name: 'Compare' }).getAttribute('href')!;
    const ids = new URLSearchParams(href.split('?')[1]);
    const chosenId = [ids.get('a'), ids.get('b')].find((id) => id !== idOf(other))!;
    expect(inRange.find((s) => s.Id === chosenId)?.Duration).toBe(median);
  });

  it('filters with an expression evaluated in the worker, and keeps it in the URL', async () => {
    renderView();
    await screen.findByText(countText(summaries.length));
    await applyFilter('fault AND responsetime > 1');
    const expected = summaries.filter((s) => s.HasFault && s.ResponseTime! > 1).length;
    await screen.findByText(countText(expected));
    expect(expected).toBeGreaterThan(0);
    expect(hashParams().get('q')).toBe('fault AND responsetime > 1');
    await waitFor(() => expect(bodyRows()).toHaveLength(expected));
    for (const row of bodyRows()) expect(row.textContent).toContain('Fault');
  });

  it('shows a wrong expression’s error under the box with a caret, and does not apply it', async () => {
    renderView();
    await screen.findByText(countText(summaries.length));
    await applyFilter('responsetime >');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Expected a number after '>' at the end.");
    expect(alert.querySelector('pre')?.textContent).toBe('responsetime >\n              ^');
    const box = screen.getByLabelText('Filter expression') as HTMLInputElement;
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe(alert.id);
    expect(hashParams().get('q')).toBeNull();
    expect(screen.getByText(countText(summaries.length))).toBeTruthy();
  });

  it('shows the worker’s verdict on a wrong expression that arrives in the URL', async () => {
    window.history.replaceState(null, '', `/#/traces?src=demo&q=${encodeURIComponent('fault AND (error')}`);
    renderView();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Expected ')' at the end to close the '(' at column 11.");
    await screen.findByText(countText(0));
  });

  it('sorts by a column, largest durations first on the first press', async () => {
    const user = userEvent.setup();
    renderView();
    await screen.findByText(countText(summaries.length));
    await user.click(screen.getByRole('button', { name: 'Duration' }));
    await waitFor(() => expect(hashParams().get('sort')).toBe('duration'));
    const header = screen.getByRole('columnheader', { name: /Duration/ });
    await waitFor(() => expect(header.getAttribute('aria-sort')).toBe('descending'));
    const longest = [...summaries].sort((a, b) => b.Duration! - a.Duration!)[0]!;
    await waitFor(() => expect(bodyRows()[0]!.querySelector('[title]')?.getAttribute('title')).toContain(longest.Id));
  });

  it('moves with arrows and j/k, and Enter opens the selected trace', async () => {
    const user = userEvent.setup();
    renderView();
    await screen.findByText(countText(summaries.length));
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    grid().focus();
    await user.keyboard('{ArrowDown}j');
    expect(grid().getAttribute('aria-activedescendant')).toBe(bodyRows()[2]!.id);
    await user.keyboard('k');
    const selected = bodyRows()[1]!;
    expect(grid().getAttribute('aria-activedescendant')).toBe(selected.id);
    expect(selected.getAttribute('aria-selected')).toBe('true');
    const id = selected.querySelector('[title]')!.getAttribute('title')!.split('\n')[1]!;
    await user.keyboard('{Enter}');
    await waitFor(() => expect(window.location.hash).toContain('#/trace?'));
    expect(hashParams().get('id')).toBe(id);
    expect(hashParams().get('src')).toBe('demo');
  });

  it('groups by fault root cause; pressing a group narrows the list to it', async () => {
    const user = userEvent.setup();
    renderView();
    await screen.findByText(countText(summaries.length));
    const groups = await screen.findByRole('list', { name: 'Fault (5xx) root causes' });
    const top = within(groups).getAllByRole('button')[0]!;
    expect(top.textContent).toContain('ProvisionedThroughputExceededException');
    const expected = summaries.filter((s) =>
      ((s.FaultRootCauses ?? []) as { Services: { Name: string; EntityPath: { Exceptions?: { Name: string }[] }[] }[] }[]).some((cause) =>
        cause.Services.some((service) => service.Name === incident.facts.functionName && service.EntityPath.some((e) => e.Exceptions?.some((x) => x.Name === 'ProvisionedThroughputExceededException'))),
      ),
    ).length;
    expect(top.textContent).toContain(String(expected));
    await user.click(top);
    await screen.findByText(countText(expected));
    expect(top.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('list', { name: 'Other conditions' }).textContent).toContain('ProvisionedThroughputExceededException');
  });

  it('narrows the list to the node selected on the map (shared selection), and lets it go', async () => {
    const user = userEvent.setup();
    const store = createStore(initialAppState);
    const { tableName } = incident.facts;
    store.set((state) => ({ ...state, selection: { node: `AWS::DynamoDB::Table|${tableName}` } }));
    const services = { analysis: client() } as unknown as Services;
    render(
      <StoreContext.Provider value={store}>
        <ServicesContext.Provider value={services}>
          <TracesView />
        </ServicesContext.Provider>
      </StoreContext.Provider>,
    );
    const reaching = incident.traces.filter((trace) => trace.Segments.some((segment) => (JSON.parse(segment.Document) as { aws?: { table_name?: string } }).aws?.table_name === tableName)).length;
    await screen.findByText(countText(reaching));
    expect(reaching).toBeLessThan(summaries.length);
    expect(hashParams().get('node')).toBe(`AWS::DynamoDB::Table|${tableName}`);
    await user.click(screen.getByRole('button', { name: `Remove Service: ${tableName} (AWS::DynamoDB::Table)` }));
    await screen.findByText(countText(summaries.length));
    expect(store.get().selection.node).toBeUndefined();
  });

  it('applies a duration range from the URL, highlighted and removable', async () => {
    window.history.replaceState(null, '', '/#/traces?src=demo&range=0.1~0.2');
    const user = userEvent.setup();
    renderView();
    await screen.findByText(countText(summaries.filter((s) => s.Duration! >= 0.1 && s.Duration! <= 0.2).length));
    expect(screen.getByRole('img', { name: /selected 100 ms to 200 ms/ })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Remove Duration/ }));
    await screen.findByText(countText(summaries.length));
    expect(hashParams().get('range')).toBeNull();
  });

  it('shows a large trace\'s row at once and its annotations once a second answer has read them', async () => {
    const asked: unknown[] = [];
    let release: () => void = () => undefined;
    const read = new Promise<void>((resolve) => (release = resolve));
    const base = { position: 0, id: '1-66508f50-fe8cb1d86f32eb1e55bfcc7e', start: 0, duration: 0.5, responseTime: 0.5, status: 'ok', throttled: false, partial: false, httpStatus: 200, method: 'GET', url: '/items', entry: 'api', entryType: 'AWS::ApiGateway::Stage', spans: 500_000 };
    const analysis: AnalysisClient = {
      query: async (query, params) => {
        if (query === 'traceListStats') return { ok: true, value: { all: 1, histogram: { edges: [0, 1], counts: [1] }, groups: [] } } as never;
        asked.push((params as { quickAnnotations?: boolean }).quickAnnotations);
        const quick = (params as { quickAnnotations?: boolean }).quickAnnotations === true;
        if (!quick) await read;
        const row = quick ? { ...base, annotations: [], annotationCount: 0, annotationsPending: true } : { ...base, annotations: [['tenant', 'acme']], annotationCount: 1 };
        return { ok: true, value: { total: 1, all: 1, offset: 0, rows: [row] } } as never;
      },
      dispose: () => undefined,
    };
    renderView(analysis);
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    const cell = (): HTMLElement => within(bodyRows()[0]!).getAllByRole('gridcell').at(-1)!;
    expect(cell().getAttribute('aria-busy')).toBe('true');
    expect(cell().textContent).toBe('Reading…');
    expect(bodyRows()[0]!.textContent).toContain('GET');
    await waitFor(() => expect(asked).toEqual([true, false]));
    release();
    await waitFor(() => expect(cell().textContent).toBe('tenant=acme'));
    expect(cell().getAttribute('aria-busy')).toBeNull();
  });

  it('renders strings from the data as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1">';
    const analysis: AnalysisClient = {
      query: async (query) => {
        if (query === 'traceListStats') return { ok: true, value: { all: 1, histogram: { edges: [0, 1], counts: [1] }, groups: [] } } as never;
        const row = { position: 0, id: hostile, start: 0, duration: 0.5, responseTime: 0.5, status: 'ok', throttled: false, partial: false, httpStatus: 200, method: hostile, url: hostile, entry: hostile, entryType: hostile, annotations: [[hostile, hostile]], annotationCount: 1, spans: 1 };
        return { ok: true, value: { total: 1, all: 1, offset: 0, rows: [row] } } as never;
      },
      dispose: () => undefined,
    };
    renderView(analysis);
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    await act(async () => undefined);
    expect(grid().querySelector('img')).toBeNull();
    expect(bodyRows()[0]!.textContent).toContain(hostile);
  });
});
