import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/support/fixtures.ts';
import type { XRaySegmentDocument, XRaySubsegmentDocument } from '../../model/xray.ts';
import { findGatewayOverheads, gatewayOverheadOf } from './gateway-overhead.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleFixtureTraces, assembleTrace } from '../../../test/support/trace-documents.ts';

describe('gateway overhead', () => {
  it('is 17 ms on Appendix B (0.261 s stage − 0.244 s Lambda integration)', () => {
    const trace = assembleTrace(appendixBDocuments());
    const [overhead, ...rest] = findGatewayOverheads(trace);
    expect(rest).toHaveLength(0);
    expect(trace.spans[overhead!.stage]!.name).toBe('orders-api/prod');
    expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
    expect(overhead!.stageDuration).toBeCloseTo(0.261, 6);
    expect(overhead!.integrationDuration).toBeCloseTo(0.244, 6);
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
  });

  it('is 6 ms on the real aws-iatk stage segment (0.488 s stage − 0.482 s Lambda integration)', () => {
    // some-app/Prod runs [184.114, 184.602] (after 1692291000): 488 ms; its Lambda subsegment
    // [184.12, 184.602]: 482 ms. The other two traces have no API Gateway stage.
    const traces = assembleFixtureTraces('aws-iatk/go_test_documents_as_BatchGetTraces.json');
    const all = traces.flatMap((t) => findGatewayOverheads(t).map((o) => ({ t, o })));
    expect(all).toHaveLength(1);
    const { t, o } = all[0]!;
    expect(t.spans[o.stage]!.id).toBe('2b4e0ef3499cd781');
    expect(t.spans[o.integration!]!.id).toBe('23a449852a482e1d');
    expect(o.stageDuration).toBeCloseTo(0.488, 6);
    expect(o.integrationDuration).toBeCloseTo(0.482, 6);
    expect(o.overhead! * 1000).toBeCloseTo(6, 3);
  });

  it('counts an authorizer invoked before the integration as overhead', () => {
    const docs = appendixBDocuments();
    const stage = docs[0]!;
    const authorizer: XRaySubsegmentDocument = { id: 'a0a0a0a0a0a0a0a0', name: 'Lambda', start_time: 1716560306.411, end_time: 1716560306.416, namespace: 'aws' };
    const withAuthorizer: XRaySegmentDocument = { ...stage, subsegments: [authorizer, ...(stage.subsegments ?? [])] };
    const trace = assembleTrace([withAuthorizer, ...docs.slice(1)]);
    const [overhead] = findGatewayOverheads(trace);
    expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
    expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
  });

  it('takes the longer of two integration subsegments that start together', () => {
    const docs = appendixBDocuments();
    const stage = docs[0]!;
    const lambda = stage.subsegments![0]!;
    // A second call starting with the Lambda one (0.418) but ending sooner (0.5): the Lambda
    // call (0.244 s) stays the integration, whichever comes first in the document.
    const short: XRaySubsegmentDocument = { id: 'c0c0c0c0c0c0c0c0', name: 'other', start_time: 1716560306.418, end_time: 1716560306.5 };
    for (const subsegments of [[lambda, short], [short, lambda]]) {
      const trace = assembleTrace([{ ...stage, subsegments }, ...docs.slice(1)]);
      const [overhead] = findGatewayOverheads(trace);
      expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
      expect(overhead!.overhead! * 1000).toBeCloseTo(17, 3);
    }
  });

  it('takes only the stage’s own subsegments as integrations, not a segment that names the stage as its parent', () => {
    const docs = appendixBDocuments();
    // A segment whose parent_id is the stage itself, starting after the Lambda call: not an integration.
    const child: XRaySegmentDocument = { id: 'f0f0f0f0f0f0f0f0', name: 'odd', trace_id: docs[0]!.trace_id, parent_id: docs[0]!.id, start_time: 1716560306.5, end_time: 1716560306.6 };
    const trace = assembleTrace([...docs, child]);
    const [overhead] = findGatewayOverheads(trace);
    expect(trace.spans[overhead!.integration!]!.id).toBe('7b2e1d4f0a3c5e62');
  });

  it('finds no stage in a trace whose segments have no origin (otel ddbSample: a plain "DDB" segment)', () => {
    const trace = assembleTrace([JSON.parse(fixtureText('otel-contrib-awsxray/ddbSample.txt'))]);
    expect(trace.spans[0]!.origin).toBeUndefined();
    expect(findGatewayOverheads(trace)).toEqual([]);
  });

  it('is unknown while the stage is in progress or has no integration subsegment', () => {
    const stage = appendixBDocuments()[0]!;
    const { end_time: _end, ...open } = stage;
    const inProgress = assembleTrace([{ ...open, in_progress: true }]);
    expect(gatewayOverheadOf(inProgress, 0).overhead).toBeUndefined();
    const { subsegments: _subs, ...bare } = stage;
    const alone = gatewayOverheadOf(assembleTrace([bare]), 0);
    expect(alone.integration).toBeUndefined();
    expect(alone.overhead).toBeUndefined();
    expect(alone.stageDuration).toBeCloseTo(0.261, 6);
  });
});
