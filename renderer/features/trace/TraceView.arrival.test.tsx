import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assembleTree } from '../../../test/support/trace-documents.ts';
import { CHUNK_SPANS, encodeTrace, encodeTraceChunk } from '../../../shared/contract/worker/trace-transfer.ts';
import { decodeTrace } from '../../../shared/contract/worker/trace-transfer-decode.ts';
import { formatCount } from '../../../shared/base/format.ts';
import { localTraceSource } from './source/trace-source.ts';
import { TraceView } from './TraceView.tsx';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
});
afterEach(cleanup);

const rowsOf = (grid: HTMLElement): HTMLElement[] => within(grid).getAllByRole('row');
const spanOf = (row: HTMLElement): number => Number(row.getAttribute('aria-rowindex')) - 1;

describe('TraceView of a trace whose spans are still arriving', () => {
  it('shows the rows of spans not yet here as loading, in their place in the tree, and fills them in as their chunk comes', async () => {
    // A chunk and a bit of spans, four children each; the view gets the tree and the first chunk only.
    const parents = Array.from({ length: CHUNK_SPANS + 500 }, (_, k) => (k === 0 ? -1 : Math.floor((k - 1) / 4)));
    const full = assembleTree(parents);
    const decoded = decodeTrace(encodeTrace(full, [encodeTraceChunk(full, 0)]));
    render(<TraceView trace={decoded} source={localTraceSource(full)} analysis={undefined} />);
    const progress = `Reading spans: ${formatCount(CHUNK_SPANS)} of ${formatCount(full.spans.length)}…`;
    expect(screen.getByText(progress)).toBeTruthy();
    const grid = screen.getByRole('treegrid');
    expect(grid.getAttribute('aria-rowcount')).toBe(String(full.spans.length));
    for (const row of rowsOf(grid)) expect(row.querySelector('.te-wf-label')!.textContent).toBe(full.spans[spanOf(row)]!.name);

    // Scrolled past the first chunk: loading rows, each at its level, with a toggle where it has children.
    grid.scrollTop = 26 * (CHUNK_SPANS - 5);
    await act(async () => {
      fireEvent.scroll(grid);
    });
    await waitFor(() => expect(spanOf(rowsOf(grid)[0]!)).toBeGreaterThan(CHUNK_SPANS - 40));
    const pending = rowsOf(grid).filter((row) => row.getAttribute('aria-busy') === 'true');
    expect(pending.length).toBeGreaterThan(0);
    for (const row of rowsOf(grid)) {
      const span = spanOf(row);
      expect(row.getAttribute('aria-busy') === 'true').toBe(span >= CHUNK_SPANS);
      expect(row.getAttribute('aria-level')).toBe(String(full.depth[span]! + 1));
    }
    expect(pending[0]!.querySelector('.te-wf-label')!.textContent).toBe('Reading span…');

    act(() => decoded.arrival.add(encodeTraceChunk(full, 1)));
    for (const row of rowsOf(grid)) {
      expect(row.getAttribute('aria-busy')).toBeNull();
      expect(row.querySelector('.te-wf-label')!.textContent).toBe(full.spans[spanOf(row)]!.name);
    }
    expect(screen.queryByText(progress)).toBeNull();
  });
});
