import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyseWaterfall } from '../../../shared/analysis/trace/trace-analysis.ts';
import { assembleTraces } from '../../../shared/dataset/assembly/assemble.ts';
import type { XRaySegmentDocument } from '../../../shared/model/xray.ts';
import iatkBatch from '../../../test/fixtures/aws-iatk/go_test_documents_as_BatchGetTraces.json';
import otelInProgress from '../../../test/fixtures/otel-contrib-awsxray/minInProgress.txt?raw';
import otelServer from '../../../test/fixtures/otel-contrib-awsxray/serverSample.txt?raw';
import { formatDuration } from '../../../shared/base/format.ts';
import { TraceView } from './TraceView.tsx';
import { assembleTrace } from '../../../test/support/trace-documents.ts';

beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
});
afterEach(cleanup);

const rows = (): HTMLElement[] => within(screen.getByRole('treegrid')).getAllByRole('row');
const rowNamed = (name: string): HTMLElement => rows().find((row) => row.querySelector('.te-wf-label')?.textContent === name)!;

describe('TraceView on the public fixtures', () => {
  // Assembled by the app's own assembler, as the worker will.
  const traces = assembleTraces(iatkBatch.Traces.flatMap((t) => t.Segments.map((s) => JSON.parse(s.Document) as unknown))).traces;

  it('shows the stage overhead of the real API Gateway → Lambda trace, computed from its documents', () => {
    const trace = traces.find((t) => t.spans.some((s) => s.origin === 'AWS::ApiGateway::Stage'))!;
    const stage = trace.spans.find((s) => s.origin === 'AWS::ApiGateway::Stage')!;
    const lambda = trace.spans.find((s) => s.name === 'Lambda' && s.segmentId === stage.id)!;
    const expected = formatDuration(stage.end! - stage.start - (lambda.end! - lambda.start));
    render(<TraceView trace={trace} />);
    expect(within(rowNamed(stage.name)).getByText(`Gateway overhead ${expected}`)).toBeTruthy();
    // The async Lambda segment is an orphan here: its caller's subsegment is not in the documents.
    expect(within(rowNamed('my-function')).getByText('Orphan')).toBeTruthy();
    // The assembler added the Lambda node X-Ray would infer under the integration subsegment.
    const inferred = rows().filter((row) => within(row).queryByText('Inferred'));
    expect(inferred.map((row) => row.getAttribute('aria-level'))).toEqual(['3']);
  });

  it('labels the Initialization, Invocation and Overhead phases of the real function segment', () => {
    const trace = traces.find((t) => t.spans.some((s) => s.name === 'Initialization'))!;
    const phases = [...analyseWaterfall(trace).lambdaPhases.values()];
    render(<TraceView trace={trace} />);
    expect(phases.sort()).toEqual(['Initialization', 'Invocation', 'Overhead']);
    expect(within(rowNamed('Initialization')).getByText('Lambda phase: cold start')).toBeTruthy();
    expect(within(rowNamed('Invocation')).getByText('Lambda phase: handler')).toBeTruthy();
  });

  it('shows the real HTTP server sample with its request fields, and an in-progress segment', async () => {
    const user = userEvent.setup();
    const server = JSON.parse(otelServer) as XRaySegmentDocument;
    render(<TraceView trace={assembleTrace([server])} />);
    const panel = screen.getByRole('region', { name: 'Span details' });
    const http = within(panel).getByRole('region', { name: 'HTTP' });
    expect(within(http).getByText(server.http!.request!.url!)).toBeTruthy();
    cleanup();
    const open = JSON.parse(otelInProgress) as XRaySegmentDocument;
    render(<TraceView trace={assembleTrace([open])} />);
    expect(within(rowNamed(open.name)).getByText('In progress')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Raw JSON' }));
    expect(JSON.parse(screen.getByLabelText('Raw JSON document').textContent!)).toEqual(open);
  });
});
