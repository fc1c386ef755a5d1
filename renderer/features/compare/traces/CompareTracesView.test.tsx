import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeSnapshot } from '../../../../shared/snapshot/index.ts';
import { formatChange, formatDuration } from '../../../../shared/base/format.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import { ServicesContext, type Services } from '../../../core/services.ts';
import { createStore, initialAppState, StoreContext } from '../../../core/store.ts';
import { AnalysisSession } from '../../../workers/analysis-handlers.ts';
import { responseTransferList } from '../../../workers/trace-handlers.ts';
import { snapshotOf, twoTraces, type TwoTraces } from '../../../../test/support/compare-traces-documents.ts';
import { CompareView } from '../CompareView.tsx';

/**
 * The two-traces Compare view against a real worker session holding two generated traces that
 * differ in one subtree (test/support/compare-traces-documents.ts): the expected rows, deltas and
 * marks come from the edits made to the documents, not from the analysis.
 */
let pair: TwoTraces;
let session: AnalysisSession;

beforeAll(async () => {
  pair = twoTraces();
  const text = [...encodeSnapshot(snapshotOf([...pair.before, ...pair.after]))].join('');
  session = new AnalysisSession();
  const opened = await session.answer({ id: 0, query: 'open', params: { inputs: [{ name: 'two.json', bytes: new TextEncoder().encode(text) }] } });
  if (!opened.ok) throw new Error(opened.error.message);
}, 60_000);
afterEach(cleanup);

function client(): AnalysisClient {
  let id = 0;
  return {
    query: async (query, params) => {
      // Through a structured clone with the worker's transfer list, as the app's worker answers.
      const answered = await session.answer({ id: ++id, query, params });
      const response = structuredClone(answered, { transfer: responseTransferList(query, answered) });
      return (response.ok ? { ok: true, value: response.value } : { ok: false, error: response.error }) as never;
    },
    dispose: () => undefined,
  };
}

function renderAt(hash: string): void {
  window.history.replaceState(null, '', `/${hash}`);
  render(
    <StoreContext.Provider value={createStore(initialAppState)}>
      <ServicesContext.Provider value={{ analysis: client() } as unknown as Services}>
        <CompareView />
      </ServicesContext.Provider>
    </StoreContext.Provider>,
  );
}

const merged = (): HTMLElement => screen.getByRole('treegrid', { name: 'Merged spans of both traces' });
const rowLabels = (grid: HTMLElement): string[] => within(grid).getAllByRole('row').map((row) => row.querySelector('.te-cmp-label')?.textContent ?? '');

describe('Compare two traces', () => {
  it('names both traces and the totals: every before span matched, one subtree of two only after', async () => {
    renderAt(`#/compare?src=demo&mode=traces&a=${pair.beforeId}&b=${pair.afterId}`);
    expect(screen.getByRole('status').textContent).toContain('Comparing trace');
    await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    const before = screen.getByRole('region', { name: 'Before trace' });
    const after = screen.getByRole('region', { name: 'After trace' });
    expect(within(before).getByRole('link').textContent).toBe(pair.beforeId);
    expect(within(after).getByRole('link').getAttribute('href')).toBe(`#/trace?id=${pair.afterId}&src=demo`);
    const spans = pair.before.reduce((n, doc) => n + countSpans(doc), 0);
    const totals = screen.getByLabelText('Totals').textContent ?? '';
    expect(totals).toContain(`${spans.toLocaleString('en-US')} matched pairs`);
    expect(totals).toContain('Only before: 0 subtrees, 0 spans');
    expect(totals).toContain('Only after: 1 subtree, 2 spans');
    expect(totals).toContain('1 status change');
  });

  it('sorted by |duration delta|: the slower call first with its delta; the new call marked only after', async () => {
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}&sort=duration`);
    const grid = await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    const first = within(grid).getAllByRole('row')[0]!;
    expect(first.querySelector('.te-cmp-label')?.textContent).toBe(pair.slower.name);
    expect(first.querySelector('.te-cmp-delta__figure')?.textContent).toBe(formatChange(pair.slower.delta, formatDuration));
    expect(first.textContent).toContain('slower');
    // Ancestors of the slower call are slower by the same amount or less; every delta shown is ≤ the first's.
    const figures = within(grid).getAllByRole('row').slice(0, 5).map((row) => row.querySelector('.te-cmp-delta__figure')?.textContent);
    expect(figures[0]).toBe(`+${figures[0]!.slice(1)}`);
    // In tree order, the new call sits under its host, marked as only in the after trace with its size.
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Order/ }), 'tree');
    await waitFor(() => expect(rowLabels(merged())[0]).not.toBe(pair.slower.name));
  });

  it('marks the subtree only the after trace has, and the status change, at the rows the URL selects', async () => {
    // The rows to link to come from the worker's answer; what the view must show there comes from the edits.
    const answer = await session.answer({ id: 90, query: 'compareTraces', params: { before: pair.beforeId, after: pair.afterId } });
    if (!answer.ok) throw new Error(answer.error.message);
    const { onlyAfter, statusChanged } = answer.value as { onlyAfter: Int32Array; statusChanged: Int32Array };
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}&select=${onlyAfter[0]}`);
    let grid = await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    await waitFor(() => expect(grid.querySelector(`[data-row="${onlyAfter[0]}"]`)).not.toBeNull());
    const only = within(grid).getAllByRole('row').filter((row) => row.textContent?.includes('Only after'));
    expect(only.map((row) => row.querySelector('.te-cmp-label')?.textContent)).toEqual(['extra-call', 'extra-inner']);
    expect(only[0]!.textContent).toContain('Only after · 2 spans');
    // The new call is drawn under its host: the nearest row above it one level up is the host.
    const all = within(grid).getAllByRole('row');
    const level = Number(only[0]!.getAttribute('aria-level'));
    const parent = all.slice(0, all.indexOf(only[0]!)).reverse().find((row) => Number(row.getAttribute('aria-level')) === level - 1);
    expect(parent?.querySelector('.te-cmp-label')?.textContent).toBe(pair.host.name);
    cleanup();
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}&select=${statusChanged[0]}`);
    grid = await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    await waitFor(() => expect(grid.querySelector(`[data-row="${statusChanged[0]}"]`)).not.toBeNull());
    const fault = grid.querySelector(`[data-row="${statusChanged[0]}"]`)!;
    expect(fault.querySelector('.te-cmp-label')?.textContent).toBe(pair.faulting.name);
    expect(fault.textContent).toContain('OK → Fault (5xx)');
  });

  it('moves with the keyboard, shows both spans side by side in the detail and keeps the selection in the URL', async () => {
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}&sort=duration`);
    const grid = await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    grid.focus();
    await userEvent.keyboard('{End}');
    await userEvent.keyboard('{Home}');
    const detail = screen.getByRole('region', { name: 'Selected row' });
    expect(within(detail).getByRole('heading').textContent).toBe(pair.slower.name);
    // The grid keeps focus; the selected row is its active descendant.
    expect(document.activeElement).toBe(grid);
    expect(grid.getAttribute('aria-activedescendant')).toBe(grid.querySelector('[aria-selected="true"]')!.id);
    const duration = within(detail).getByRole('rowheader', { name: 'Duration' }).parentElement!;
    expect(duration.lastElementChild?.textContent).toBe(formatChange(pair.slower.delta, formatDuration));
    await waitFor(() => expect(within(detail).getAllByRole('row').find((row) => row.textContent?.startsWith('Span id'))?.textContent).toBe(`Span id${pair.slower.id}${pair.slower.id}`));
    expect(within(detail).getByRole('link', { name: 'Open the after span in the Trace view' }).getAttribute('href')).toBe(`#/trace?id=${pair.afterId}&span=${pair.slower.id}`);
    await waitFor(() => expect(new URLSearchParams(window.location.hash.split('?')[1]).get('select')).toBe(grid.querySelector('[aria-selected="true"]')!.getAttribute('data-row')));
  });

  it('says so when a trace is compared with itself', async () => {
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.beforeId}`);
    await screen.findByRole('treegrid', { name: 'Merged spans of both traces' });
    expect(screen.getByText(/one trace compared with itself/).textContent).toContain('no duration, self time or status differs');
  });

  it('shows the analysis’ message for an unknown trace id, and for a range without a typical trace', async () => {
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=1-00000000-000000000000000000000000`);
    expect((await screen.findByRole('alert')).textContent).toContain('The after trace 1-00000000-000000000000000000000000 is not in this incident.');
    cleanup();
    renderAt(`#/compare?mode=traces&entry=${encodeURIComponent('AWS::Lambda|nothing-here')}&before=0~10&after=10~20`);
    expect((await screen.findByRole('alert')).textContent).toContain('No trace enters through AWS::Lambda|nothing-here in the before range');
  });

  it('side by side: two lists of the same rows, a gap in the before list where only the after trace has spans', async () => {
    renderAt(`#/compare?mode=traces&a=${pair.beforeId}&b=${pair.afterId}&layout=side`);
    const left = await screen.findByRole('treegrid', { name: `Spans of the before trace ${pair.beforeId}` });
    const right = screen.getByRole('treegrid', { name: `Spans of the after trace ${pair.afterId}` });
    const rowsOf = (grid: HTMLElement) => within(grid).getAllByRole('row').map((row) => row.getAttribute('data-row'));
    expect(rowsOf(left)).toEqual(rowsOf(right));
    await act(async () => undefined);
  });
});

function countSpans(doc: { subsegments?: readonly unknown[] }): number {
  let n = 1;
  for (const child of doc.subsegments ?? []) n += countSpans(child as { subsegments?: readonly unknown[] });
  return n;
}
