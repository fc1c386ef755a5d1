import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../../model/xray.ts';
import { findGatewayOverheads, gatewayOverheadOf } from './gateway-overhead.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { buildTestTrace, buildTestTracesFromBatch } from '../../../test/support/waterfall-trace.ts';

describe('gateway overhead', () => {
  it('is 17 ms on Appendix B (0.261 s stage − 0.244 s Lambda integration)', () => {
    const trace = buildTestTrace(appendixBDocuments());
    const [overhead, ...rest] = findGatewayOverheads(trace);
    expect(rest).toHaveLength(0);
    expect(trace.spans[overhead!.stage]!.name).toBe('orders-api/prod');
    expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
    expect(overhead!.stageDuration).toBeCloseTo(0.261, 6);
    expect(overhead!.integrationDuration).toBeCloseTo(0.244, 6);
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
  });

  it('is computed from the data on the real aws-iatk stage segment', () => {
    const traces = buildTestTracesFromBatch(JSON.parse(fixtureText('aws-iatk/go_test_documents_as_BatchGetTraces.json')));
    const all = traces.flatMap((t) => findGatewayOverheads(t).map((o) => ({ t, o })));
    expect(all).toHaveLength(1);
    const { t, o } = all[0]!;
    const stage = t.spans[o.stage]!;
    const lambda = t.spans[o.integration!]!;
    expect(lambda.name).toBe('Lambda');
    expect(o.overhead).toBeCloseTo(stage.end! - stage.start - (lambda.end! - lambda.start), 12);
    expect(o.overhead).toBeGreaterThan(0);
  });

  it('counts an authorizer invoked before the integration as overhead', () => {
    const docs = appendixBDocuments();
    const stage = docs[0]!;
    const authorizer: XRaySubsegmentDocument = { id: 'a0a0a0a0a0a0a0a0', name: 'Lambda', start_time: 1716560306.411, end_time: 1716560306.416, namespace: 'aws' };
    const withAuthorizer: XRaySegmentDocument = { ...stage, subsegments: [authorizer, ...(stage.subsegments ?? [])] };
    const trace = buildTestTrace([withAuthorizer, ...docs.slice(1)]);
    const [overhead] = findGatewayOverheads(trace);
    expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
  });

  it('is unknown while the stage is in progress or has no integration subsegment', () => {
    const stage = appendixBDocuments()[0]!;
    const { end_time: _end, ...open } = stage;
    const inProgress = buildTestTrace([{ ...open, in_progress: true }]);
    expect(gatewayOverheadOf(inProgress, 0).overhead).toBeUndefined();
    const { subsegments: _subs, ...bare } = stage;
    const alone = gatewayOverheadOf(buildTestTrace([bare]), 0);
    expect(alone.integration).toBeUndefined();
    expect(alone.overhead).toBeUndefined();
    expect(alone.stageDuration).toBeCloseTo(0.261, 6);
  });
});
