import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from '../../../../shared/base/format.ts';
import { generateCompareIncident, type CompareIncidentOptions } from '../../../../shared/generator/index.ts';
import { encodeSnapshot } from '../../../../shared/snapshot/index.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import { currentRoute } from '../../../core/route.ts';
import { ServicesContext, type Services } from '../../../core/services.ts';
import { createStore, initialAppState, StoreContext, type AppState } from '../../../core/store.ts';
import { AnalysisSession } from '../../../workers/analysis-handlers.ts';
import { CompareView } from '../CompareView.tsx';
import { HUNDRED_NODES, topologyNodes, topologySegments } from '../../../../test/bench/browser/map-topology.ts';
import { ROWS_SHOWN } from './FigureTable.tsx';

/**
 * The ranges mode over a real worker session on generated incidents where one thing changes at a
 * known time (shared/generator compare-incident.ts): what the view shows is checked against what
 * the generator did, and the ranges against the split rule of docs/compare.md.
 */
interface Held {
  /** compareRanges questions asked, with their abort signals. */
  readonly asked: { readonly params: unknown; readonly signal: AbortSignal | undefined }[];
  hold: Promise<void> | undefined;
}

function sessionClient(session: AnalysisSession, held: Held): AnalysisClient {
  let id = 0;
  return {
    query: async (query, params, options) => {
      if (query === 'compareRanges') {
        held.asked.push({ params, signal: options?.signal });
        if (held.hold) await held.hold;
      }
      const response = await session.answer({ id: ++id, query, params });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
}

async function renderCompare(options: CompareIncidentOptions, hash: (facts: ReturnType<typeof generateCompareIncident>['facts']) => string, held: Held = { asked: [], hold: undefined }) {
  const incident = generateCompareIncident(options);
  const bytes = new TextEncoder().encode([...encodeSnapshot(incident.content)].join(''));
  await renderOn(bytes, `/#/compare?${hash(incident.facts)}`, held);
  return { facts: incident.facts, held };
}

/** Opens `bytes` in a real worker session and renders the Compare view at `url`. */
async function renderOn(bytes: Uint8Array, url: string, held: Held = { asked: [], hold: undefined }): Promise<void> {
  const session = new AnalysisSession();
  const opened = await session.answer({ id: 0, query: 'open', params: { inputs: [{ name: 'compare.json', bytes }] } });
  if (!opened.ok) throw new Error(opened.error.message);
  window.history.replaceState(null, '', url);
  const store = createStore<AppState>({ ...initialAppState, generation: 1, incident: { phase: 'ready', label: 'test', source: undefined, overview: opened.value as never } });
  const services = { host: {} as Services['host'], analysis: sessionClient(session, held), actions: {} as Services['actions'] };
  render(
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>
        <CompareView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
}

const table = (): Promise<HTMLElement> => screen.findByRole('table', { name: 'Calls and nodes, changed most first' }, { timeout: 10_000 });
const rowsOf = (element: HTMLElement): HTMLElement[] => within(element).getAllByRole('row').filter((row) => row.hasAttribute('data-id'));
const params = (): URLSearchParams => currentRoute().params;

beforeEach(() => window.history.replaceState(null, '', '/#/compare'));
afterEach(cleanup);

describe('Compare, ranges mode', () => {
  it('puts the one slowed call first, significant, with its median about doubled; everything else within the noise', async () => {
    const { facts } = await renderCompare({ shift: { kind: 'latency', factor: 2 } }, (f) => `mode=ranges&change=${f.eventId}`);
    const grid = await table();
    const [first, ...rest] = rowsOf(grid);
    expect(first!.querySelector('th')!.textContent).toBe(`${facts.functionName} → ${facts.apiHost}`);
    expect(first!.querySelector('.te-cmp-badge')!.textContent).toBe('significant');
    // p50 is the 7th cell (requests, ok, 4xx, 429, 5xx, p50): its change is +80 % … +120 % (the generator doubled every such call).
    const p50 = first!.querySelectorAll('td')[5]!.querySelector('.te-cmp-cell__change')!.textContent!;
    expect(Number(/^\+(\d+)%$/.exec(p50)![1])).toBeGreaterThan(80);
    expect(Number(/^\+(\d+)%$/.exec(p50)![1])).toBeLessThan(120);
    // The one other thing that changed is the API's inferred node: that same call seen from its side.
    const changed = rest.filter((row) => row.querySelector('.te-cmp-badge')!.textContent === 'significant').map((row) => row.querySelector('th')!.textContent);
    expect(changed).toEqual([`${facts.apiHost}remote`]);
    // The header: the change, its time, and two ranges as long as the traces allow on both sides (docs/compare.md).
    const header = screen.getByRole('heading', { name: 'Compare two ranges' }).parentElement!;
    expect(header.textContent).toContain(`at ${formatTime(facts.shiftTime * 1000)}`);
    const length = Math.min(facts.shiftTime - facts.firstStart, facts.lastStart - facts.shiftTime);
    const lines = [...header.querySelectorAll('.te-cmp-range')].map((line) => line.textContent);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`(${formatDuration(length)}, `);
    expect(lines[0]).toContain(`(${formatDuration(length - 1e-6)}, `);
  });

  it('moves the selection with j/k into the URL; the detail overlays both histograms and links the traces of each range', async () => {
    const user = userEvent.setup();
    const { facts } = await renderCompare({ shift: { kind: 'latency', factor: 2 } }, (f) => `mode=ranges&change=${f.eventId}`);
    const grid = await table();
    grid.focus();
    await user.keyboard('j');
    const slowed = `AWS::Lambda::Function|${facts.functionName}→remote|${facts.apiHost}`;
    await waitFor(() => expect(params().get('select')).toBe(slowed));
    await user.keyboard('j');
    await waitFor(() => expect(params().get('select')).not.toBe(slowed));
    await user.keyboard('k');
    await waitFor(() => expect(params().get('select')).toBe(slowed));
    expect(document.activeElement?.getAttribute('data-id')).toBe(slowed);
    const detail = screen.getByRole('complementary', { name: 'Selected call or node' });
    within(detail).getByRole('img', { name: new RegExp(`^Latency of ${facts.functionName} → ${facts.apiHost}: before most between `) });
    const before = new URLSearchParams(within(detail).getByRole('link', { name: 'Traces before' }).getAttribute('href')!.split('?')[1]);
    expect(before.get('edge')).toBe(slowed);
    const [from, to] = before.get('window')!.split('~').map(Number);
    expect(to).toBeLessThan(facts.shiftTime);
    expect(from).toBeGreaterThanOrEqual(facts.firstStart);
    const after = new URLSearchParams(within(detail).getByRole('link', { name: 'Traces after' }).getAttribute('href')!.split('?')[1]);
    expect(after.get('window')!.split('~').map(Number)[0]).toBe(facts.shiftTime);
    const typical = new URLSearchParams(within(detail).getByRole('link', { name: 'The typical trace before and after' }).getAttribute('href')!.split('?')[1]);
    expect([typical.get('mode'), typical.get('entry'), typical.get('before'), typical.get('after')]).toEqual(['traces', `AWS::Lambda::Function|${facts.functionName}`, before.get('window'), after.get('window')]);
    await user.keyboard('{Enter}');
    expect(document.activeElement).toBe(detail);
  });

  it('colours the map by the fault rate: the faulting call is drawn as more faults, and its exception as appeared', async () => {
    const user = userEvent.setup();
    const { facts } = await renderCompare({ shift: { kind: 'fault', rate: 0.1 } }, (f) => `mode=ranges&change=${f.eventId}`);
    await table();
    await user.click(screen.getByRole('radio', { name: 'Fault rate (5xx)' }));
    const map = await screen.findByRole('group', { name: 'Map of services' });
    const call = await within(map).findByRole('button', { name: `${facts.functionName} → ${facts.tableName}` }, { timeout: 5000 });
    expect(call.querySelector('desc')!.textContent).toMatch(/^Fault rate \(5xx\) 0% → \d+(\.\d)?% \(\+\d+(\.\d)? pp\), more faults, beyond the noise; 5xx 0% → /);
    await user.click(call);
    const detail = screen.getByRole('complementary', { name: 'Selected call or node' });
    expect(within(detail).getByRole('heading', { name: 'Exceptions that appeared' })).toBeTruthy();
    expect(detail.textContent).toMatch(/InternalServerError/);
    expect(params().get('select')).toBe(`AWS::Lambda::Function|${facts.functionName}→AWS::DynamoDB::Table|${facts.tableName}`);
  });

  it('says "too few requests" with the analysis\' reason when a range has under 20', async () => {
    await renderCompare({ shift: { kind: 'latency', factor: 3 }, tracesPerMinute: 1, minutes: 20 }, (f) => `mode=ranges&change=${f.eventId}`);
    const rows = rowsOf(await table());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.querySelector('.te-cmp-badge')!.textContent).toBe('too few requests');
      expect(row.querySelector('.te-cmp-reason')!.textContent).toMatch(/^too few requests to decide: \d+ before, \d+ after \(at least 20 in each\)$/);
    }
  });

  it('shows that it is working, and a newer question supersedes the one in flight', async () => {
    let release!: () => void;
    const held: Held = { asked: [], hold: new Promise<void>((resolve) => (release = resolve)) };
    const { facts } = await renderCompare({ shift: { kind: 'none' } }, (f) => `mode=ranges&change=${f.eventId}`, held);
    expect((await screen.findByRole('status')).textContent).toContain('Comparing the two ranges');
    expect(screen.queryByRole('table')).toBeNull();
    // A newer question: the first is aborted, and only the newer one's answer is shown.
    const range = `${facts.firstStart}~${facts.firstStart + 600}`;
    act(() => window.history.replaceState(null, '', `/#/compare?mode=ranges&before=${range}`));
    act(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
    await waitFor(() => expect(held.asked).toHaveLength(2));
    expect(held.asked[0]!.signal!.aborted).toBe(true);
    expect(held.asked[1]!.signal!.aborted).toBe(false);
    release();
    await table();
    expect(screen.getByRole('heading', { name: 'Compare two ranges' }).parentElement!.textContent).not.toContain('Before and after');
    expect(screen.getAllByRole('textbox', { name: 'Before, from' })[0]!.getAttribute('value')).toBe(formatTime(facts.firstStart * 1000));
  });

  it("shows the analysis' error for an unknown change, and refuses a typed range naming the field", async () => {
    const user = userEvent.setup();
    const { facts } = await renderCompare({ shift: { kind: 'none' }, minutes: 20 }, () => 'mode=ranges&change=no-such-event');
    expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toContain("No CloudTrail event with eventId 'no-such-event'");
    const base = Math.floor(facts.firstStart);
    await user.type(screen.getByRole('textbox', { name: 'Before, from' }), 'soon');
    await user.type(screen.getByRole('textbox', { name: 'Before, to' }), `${base}`);
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    const alerts = screen.getAllByRole('alert').map((alert) => alert.textContent);
    expect(alerts.some((text) => text!.startsWith("Before, from: 'soon' is not a time"))).toBe(true);
    expect(alerts.some((text) => text!.includes('After, from: empty'))).toBe(true);
    expect(screen.getByRole('textbox', { name: 'Before, from' }).getAttribute('aria-invalid')).toBe('true');
    expect(params().get('before')).toBeNull();
    // Typed right (epoch seconds, or a time as the fields show them), the ranges go into the URL and the change is dropped.
    await user.clear(screen.getByRole('textbox', { name: 'Before, from' }));
    await user.type(screen.getByRole('textbox', { name: 'Before, from' }), `${base - 600}`);
    await user.type(screen.getByRole('textbox', { name: 'After, from' }), formatTime((base + 600) * 1000));
    await user.type(screen.getByRole('textbox', { name: 'After, to' }), `${base + 1200}`);
    await user.click(screen.getByRole('button', { name: 'Compare' }));
    await waitFor(() => expect(params().get('before')).toBe(`${base - 600}~${base}`));
    expect(params().get('after')).toBe(`${base + 600}~${base + 1200}`);
    expect(params().get('change')).toBeNull();
    await table();
  });

  it('shows the first rows of a big graph, and all of them on "show all"', async () => {
    const user = userEvent.setup();
    // About a hundred nodes (test/bench's topology): every one reached, the client left out of the comparison.
    const documents = [...topologySegments(HUNDRED_NODES)];
    const starts = documents.filter((doc) => doc.parent_id === undefined && doc.origin === 'AWS::ApiGateway::Stage').map((doc) => doc.start_time);
    const [first, last] = [Math.min(...starts), Math.max(...starts)];
    const middle = (first + last) / 2;
    const bytes = new TextEncoder().encode(documents.map((doc) => JSON.stringify(doc)).join('\n'));
    await renderOn(bytes, `/#/compare?mode=ranges&before=${first}~${middle}&after=${middle + 0.001}~${last}`);
    await table();
    const nodes = topologyNodes(HUNDRED_NODES) - 1;
    const more = screen.getByRole('button', { name: `Show all ${nodes} nodes (${nodes - ROWS_SHOWN} more)` });
    const shownNodes = (): number => rowsOf(screen.getByRole('table')).filter((row) => !row.getAttribute('data-id')!.includes('→')).length;
    expect(shownNodes()).toBe(ROWS_SHOWN);
    await user.click(more);
    expect(shownNodes()).toBe(nodes);
  });
});
