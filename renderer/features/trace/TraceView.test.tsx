import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyseWaterfall } from '../../../shared/analysis/trace/trace-analysis.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import type { Trace } from '../../../shared/model/trace.ts';
import type { XRaySegmentDocument } from '../../../shared/model/xray.ts';
import { formatDuration } from '../../../shared/base/format.ts';
import { TraceView } from './TraceView.tsx';
import { BLOCK } from './waterfall/WaterfallTree.tsx';
import { assembleTrace, assembleTree } from '../../../test/support/trace-documents.ts';

/** jsdom's stand-in viewport (480 px) in rows, widened to whole blocks and one block each side. */
const MAX_RENDERED_ROWS = Math.ceil(480 / 26) + 3 * BLOCK;

beforeAll(() => {
  // jsdom has no canvas: the minimap must cope with a missing 2D context.
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
});
afterEach(cleanup);

const appendixB = (): Trace => assembleTrace(appendixBDocuments());
const tree = (): HTMLElement => screen.getByRole('treegrid');
const rowNamed = (name: string): HTMLElement => {
  const rows = within(tree()).getAllByRole('row').filter((row) => within(row).queryByText(name, { selector: '.te-wf-label' }));
  if (rows.length !== 1) throw new Error(`expected one row named ${name}, found ${rows.length}`);
  return rows[0]!;
};
const selectedRow = (): HTMLElement => within(tree()).getAllByRole('row').find((row) => row.getAttribute('aria-selected') === 'true')!;
const label = (row: HTMLElement): string => row.querySelector('.te-wf-label')!.textContent!;

describe('TraceView treegrid', () => {
  it('is a treegrid whose rowcount is the span count, rows carrying level, expanded and selected', () => {
    const trace = appendixB();
    render(<TraceView trace={trace} />);
    expect(tree().getAttribute('aria-rowcount')).toBe(String(trace.spans.length));
    const rows = within(tree()).getAllByRole('row');
    expect(rows).toHaveLength(trace.spans.length);
    rows.forEach((row) => {
      const span = Number(row.getAttribute('aria-rowindex')) - 1;
      expect(row.getAttribute('aria-level')).toBe(String(trace.depth[span]! + 1));
      expect(row.getAttribute('aria-expanded')).toBe(trace.size[span]! > 1 ? 'true' : null);
      expect(label(row)).toBe(trace.spans[span]!.name);
    });
    expect(label(selectedRow())).toBe('orders-api/prod');
  });

  it('moves with arrows and j/k, collapses with left and expands with right', async () => {
    const user = userEvent.setup();
    const trace = appendixB();
    render(<TraceView trace={trace} />);
    tree().focus();
    await user.keyboard('{ArrowDown}');
    expect(label(selectedRow())).toBe('Lambda');
    await user.keyboard('j');
    expect(label(selectedRow())).toBe('orders-handler');
    await user.keyboard('k');
    expect(label(selectedRow())).toBe('Lambda');
    await user.keyboard('{ArrowLeft}');
    const lambda = rowNamed('Lambda');
    expect(lambda.getAttribute('aria-expanded')).toBe('false');
    expect(within(tree()).getAllByRole('row')).toHaveLength(2);
    expect(tree().getAttribute('aria-activedescendant')).toBe(lambda.id);
    await user.keyboard('{ArrowLeft}');
    expect(label(selectedRow())).toBe('orders-api/prod');
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(within(tree()).getAllByRole('row')).toHaveLength(trace.spans.length);
    await user.keyboard('{ArrowRight}');
    expect(label(selectedRow())).toBe('orders-handler');
  });

  it('collapses by clicking the toggle, and offers expand all, collapse all and collapse to depth', async () => {
    const user = userEvent.setup();
    const trace = appendixB();
    render(<TraceView trace={trace} />);
    await user.click(screen.getByRole('button', { name: 'Collapse Invocation' }));
    expect(rowNamed('Invocation').getAttribute('aria-expanded')).toBe('false');
    expect(within(tree()).getAllByRole('row')).toHaveLength(trace.spans.length - 2);
    await user.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(within(tree()).getAllByRole('row')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(within(tree()).getAllByRole('row')).toHaveLength(trace.spans.length);
    await user.selectOptions(screen.getByLabelText('Collapse to depth'), '2');
    const levels = within(tree()).getAllByRole('row').map((row) => Number(row.getAttribute('aria-level')));
    expect(Math.max(...levels)).toBe(3);
    expect(levels.length).toBe(Array.from(trace.depth).filter((d) => d <= 2).length);
  });

  it('focuses search with /, finds annotation values and reveals the match', async () => {
    const user = userEvent.setup();
    render(<TraceView trace={appendixB()} />);
    await user.click(screen.getByRole('button', { name: 'Collapse all' }));
    tree().focus();
    await user.keyboard('/');
    const search = screen.getByLabelText('Search spans');
    expect(document.activeElement).toBe(search);
    await user.type(search, 'acme');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 matching span'));
    await user.keyboard('{Enter}');
    expect(label(selectedRow())).toBe('Invocation');
    expect(screen.getByRole('status').textContent).toBe('Match 1 of 1');
    expect(within(screen.getByRole('region', { name: 'Span details' })).getByRole('heading', { level: 2 }).textContent).toBe('Invocation');
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(tree());
  });
});

describe('TraceView marks', () => {
  it('shows the gateway overhead on the stage row and Lambda phases on their rows', () => {
    const trace = appendixB();
    const analysis = analyseWaterfall(trace);
    render(<TraceView trace={trace} analysis={analysis} />);
    const overhead = [...analysis.gatewayOverheads.values()][0]!.overhead;
    expect(formatDuration(overhead)).toBe('17 ms');
    expect(within(rowNamed('orders-api/prod')).getByText('Gateway overhead 17 ms')).toBeTruthy();
    expect(within(rowNamed('Invocation')).getByText('Lambda phase: handler')).toBeTruthy();
    expect(within(rowNamed('Overhead')).getByText('Lambda phase: after the response')).toBeTruthy();
  });

  it('highlights the critical path only on critical spans', () => {
    // root [0,10] with A [1,4], B [2,8], C [5,9]: B overlaps C, which ends last.
    const trace = assembleTree([-1, 0, 0, 0], [0, 1, 2, 5], [10, 3, 6, 4]);
    render(<TraceView trace={trace} />);
    const critical = (name: string): boolean => within(rowNamed(name)).queryByText(', on the critical path') !== null;
    expect(['span 0', 'span 1', 'span 2', 'span 3'].map(critical)).toEqual([true, true, false, true]);
  });

  it('marks in-progress, orphan and skewed spans', () => {
    const docs: XRaySegmentDocument[] = [
      { id: 'a000000000000001', name: 'root', trace_id: 't', start_time: 10, end_time: 20, subsegments: [{ id: 'a000000000000002', name: 'early', start_time: 9, end_time: 12 }] },
      { id: 'a000000000000003', name: 'lost', trace_id: 't', parent_id: 'ffffffffffffffff', start_time: 11, end_time: 13 },
      { id: 'a000000000000004', name: 'running', trace_id: 't', parent_id: 'a000000000000001', start_time: 12, in_progress: true },
    ];
    render(<TraceView trace={assembleTrace(docs)} />);
    expect(within(rowNamed('early')).getByText('Clock skew')).toBeTruthy();
    expect(within(rowNamed('lost')).getByText('Orphan')).toBeTruthy();
    expect(within(rowNamed('running')).getByText('In progress')).toBeTruthy();
  });
});

describe('TraceView detail panel and map', () => {
  it('shows http, aws, cause with exceptions, annotations, metadata and the raw JSON', async () => {
    const user = userEvent.setup();
    render(<TraceView trace={appendixB()} initialSpanId="bf6c5b8d4e7a92a6" />);
    const panel = screen.getByRole('region', { name: 'Span details' });
    expect(within(panel).getByRole('heading', { level: 2 }).textContent).toBe('DynamoDB');
    const field = (section: string, name: string): string => {
      const region = within(panel).getByRole('region', { name: section });
      const dt = within(region).getAllByText(name, { selector: 'dt' })[0]!;
      return dt.nextElementSibling!.textContent!;
    };
    expect(field('HTTP', 'response.status')).toBe('400');
    expect(field('AWS', 'table_name')).toBe('Orders');
    expect(field('AWS', 'retries')).toBe('2');
    const cause = within(panel).getByRole('region', { name: 'Cause' });
    expect(within(cause).getByText('ProvisionedThroughputExceededException')).toBeTruthy();
    expect(within(cause).getByText(/level of configured provisioned throughput/)).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Raw JSON' }));
    const raw = within(panel).getByLabelText('Raw JSON document').textContent!;
    expect(JSON.parse(raw).aws.request_id).toBe('J8KQ0V6R3M2N1P5L4T7S9U0W2X4Y6Z8AEMVJF66Q9ASUAAJG');
    expect(raw).toContain('\n  "name": "DynamoDB"');

    await user.click(within(tree()).getByText('orders-api/prod', { selector: '.te-wf-label' }));
    expect(field('Annotations', 'aws:api_stage')).toBe('prod');
    expect(field('Metadata', 'default')).toContain('XyZ1aGhIoAMEb7Q=');
    expect(field('Other fields', 'resource_arn')).toBe('arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod');
    expect(field('Gateway overhead', 'overhead')).toBe('17 ms');
  });

  it('draws the services of the trace and highlights the selected span\'s service', async () => {
    const user = userEvent.setup();
    render(<TraceView trace={appendixB()} />);
    const map = screen.getByRole('group', { name: 'Map of this trace' });
    const nodes = within(map).getAllByRole('button');
    expect(nodes.map((n) => n.getAttribute('aria-label'))).toEqual([
      'orders-api/prod (AWS::ApiGateway::Stage), Fault (5xx)',
      'orders-handler (AWS::Lambda), OK',
      'orders-handler (AWS::Lambda::Function), OK',
      'DynamoDB (AWS::DynamoDB::Table), Throttled (429)',
    ]);
    expect(nodes[0]!.getAttribute('aria-pressed')).toBe('true');
    await user.click(nodes[3]!);
    expect(label(selectedRow())).toBe('DynamoDB');
    expect(within(map).getAllByRole('button')[3]!.getAttribute('aria-pressed')).toBe('true');
  });
});

describe('TraceView minimap', () => {
  it('narrows the time window with the keyboard, pans it by dragging, and shows the whole trace again', async () => {
    const user = userEvent.setup();
    render(<TraceView trace={appendixB()} />);
    const end = screen.getByRole('slider', { name: 'End of the visible time range' });
    const start = screen.getByRole('slider', { name: 'Start of the visible time range' });
    const reset = screen.getByRole('button', { name: 'Show the whole trace' }) as HTMLButtonElement;
    expect(reset.disabled).toBe(true);
    end.focus();
    await user.keyboard('{Shift>}{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowLeft}{/Shift}');
    expect(end.getAttribute('aria-valuenow')).toBe('50');
    expect(reset.disabled).toBe(false);
    // The stage bar now runs past the right edge: twice the width of the window.
    const bar = rowNamed('orders-api/prod').querySelector<HTMLElement>('.te-wf-bar')!;
    expect(Number.parseFloat(bar.style.width)).toBeCloseTo(200, 6);

    const surface = document.querySelector<HTMLElement>('.te-minimap-surface')!;
    surface.getBoundingClientRect = () => ({ left: 0, top: 0, width: 1000, height: 56, right: 1000, bottom: 56, x: 0, y: 0, toJSON: () => ({}) });
    const box = document.querySelector<HTMLElement>('.te-minimap-window')!;
    fireEvent.pointerDown(box, { button: 0, clientX: 200, clientY: 10, pointerId: 1 });
    fireEvent.pointerMove(surface, { clientX: 450, clientY: 10, pointerId: 1 });
    fireEvent.pointerUp(surface, { pointerId: 1 });
    await waitFor(() => expect(start.getAttribute('aria-valuenow')).toBe('25'));
    expect(end.getAttribute('aria-valuenow')).toBe('75');

    await user.click(reset);
    expect(start.getAttribute('aria-valuenow')).toBe('0');
    expect(end.getAttribute('aria-valuenow')).toBe('100');
  });
});

describe('TraceView safety and size', () => {
  it('shows names and annotation values from the data as text, never as HTML', async () => {
    const user = userEvent.setup();
    const hostile = '<img src=x onerror=alert(1)>';
    const doc: XRaySegmentDocument = { id: 'b000000000000001', name: hostile, trace_id: 't', start_time: 1, end_time: 2, annotations: { note: '<script>alert(2)</script>' } };
    const { container } = render(<TraceView trace={assembleTrace([doc])} />);
    expect(within(tree()).getByText(hostile)).toBeTruthy();
    const panel = screen.getByRole('region', { name: 'Span details' });
    expect(within(panel).getByText('<script>alert(2)</script>')).toBeTruthy();
    // Sections the document has no data for are left out.
    expect(within(panel).queryByRole('region', { name: 'HTTP' })).toBeNull();
    expect(within(panel).queryByRole('region', { name: 'AWS' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Raw JSON' }));
    expect(container.querySelector('img, script')).toBeNull();
  });

  it('renders an empty trace without rows or errors', () => {
    // The assembler never makes a trace without spans; the view still copes with one.
    const empty: Trace = { id: 'empty', spans: [], parent: new Int32Array(0), depth: new Int32Array(0), size: new Int32Array(0), flags: new Uint8Array(0), start: 0, end: 0, segmentCount: 0, subsegmentCount: 0, inProgressCount: 0, hasFault: false, hasError: false, hasThrottle: false };
    render(<TraceView trace={empty} />);
    expect(tree().getAttribute('aria-rowcount')).toBe('0');
    expect(within(tree()).queryAllByRole('row')).toHaveLength(0);
    expect(screen.getByText('No span selected.')).toBeTruthy();
  });

  it('renders only a window of a 20,000-span trace, analyses it after the first rows, and follows scrolling', async () => {
    const parents = Array.from({ length: 20_000 }, (_, k) => (k === 0 ? -1 : Math.floor((k - 1) / 4)));
    const trace = assembleTree(parents);
    render(<TraceView trace={trace} />);
    const grid = tree();
    expect(grid.getAttribute('aria-rowcount')).toBe('20000');
    const firstWindow = within(grid).getAllByRole('row');
    expect(firstWindow.length).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
    expect(firstWindow[0]!.getAttribute('aria-rowindex')).toBe('1');
    // Above 10,000 spans the analysis follows the first rows.
    expect(screen.getByText(/Finding the critical path/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByText(/Finding the critical path/)).toBeNull());
    expect(within(grid).getAllByRole('row')[0]!.textContent).toContain('on the critical path');
    grid.scrollTop = 26 * 10_000;
    await act(async () => {
      fireEvent.scroll(grid);
    });
    await waitFor(() => expect(Number(within(grid).getAllByRole('row')[0]!.getAttribute('aria-rowindex'))).toBeGreaterThan(9_900));
    expect(within(grid).getAllByRole('row').length).toBeLessThanOrEqual(MAX_RENDERED_ROWS);
  });
});
