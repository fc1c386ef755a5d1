import { beforeAll, describe, expect, it } from 'vitest';
import { toSnapshotContent, type GeneratedIncident } from '../../generator/index.ts';
import type { Dataset } from '../../model/dataset.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { computeRootCauses, rootCausesFromSummary, type RootCauseKind } from './root-cause.ts';
import { groupRootCauses, hasRootCause, rootCauseIdentities } from './root-cause-groups.ts';
import { appendixBDocuments } from '../../../test/support/waterfall-documents.ts';
import { assembleTrace } from '../../../test/support/trace-documents.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';

let incident: GeneratedIncident;
let dataset: Dataset;

beforeAll(() => {
  incident = demoIncident();
  dataset = buildDataset(toSnapshotContent(incident));
});

const FIELDS: Readonly<Record<RootCauseKind, 'FaultRootCauses' | 'ErrorRootCauses' | 'ResponseTimeRootCauses'>> = {
  fault: 'FaultRootCauses',
  error: 'ErrorRootCauses',
  responsetime: 'ResponseTimeRootCauses',
};

describe('root causes computed from the segments', () => {
  it('name the same services, entity paths and exceptions as the demo’s GetTraceSummaries items', () => {
    const summaryById = new Map(dataset.summaries.map((summary) => [summary.Id, summary]));
    let compared = 0;
    for (const kind of ['fault', 'error', 'responsetime'] as const) {
      for (const trace of dataset.traces) {
        const fromSummary = rootCauseIdentities(rootCausesFromSummary(summaryById.get(trace.id)![FIELDS[kind]]), kind);
        const computed = rootCauseIdentities(computeRootCauses(trace, kind), kind);
        expect(computed, `${kind} ${trace.id}`).toEqual(fromSummary);
        if (fromSummary.length) compared++;
      }
    }
    expect(compared).toBeGreaterThan(dataset.traces.length);
  });

  it('find the exception in the cause of the deepest faulted span', () => {
    const faulted = dataset.traces.find((trace) => computeRootCauses(trace, 'fault').length > 0)!;
    const [cause] = computeRootCauses(faulted, 'fault');
    const service = cause!.services[0]!;
    const carrier = faulted.spans.find((span) => span.fault && typeof span.doc.cause === 'object' && (span.doc.cause.exceptions?.length ?? 0) > 0)!;
    expect(service.entityPath.at(-1)!.exceptions[0]!.name).toBe((carrier.doc.cause as { readonly exceptions: readonly { readonly type?: string }[] }).exceptions[0]!.type);
    expect(cause!.clientImpacting).toBe(faulted.spans[0]!.fault);
  });

  it('on Appendix B: the stage is the fault root cause (503, nothing below it faulted), the throttled table the error root cause', () => {
    const trace = assembleTrace(appendixBDocuments());
    const [fault] = computeRootCauses(trace, 'fault');
    expect(fault!.clientImpacting).toBe(true);
    expect(fault!.services.map((service) => [service.name, service.type, service.entityPath.map((entity) => entity.name)])).toEqual([['orders-api/prod', 'AWS::ApiGateway::Stage', ['orders-api/prod']]]);
    const [error] = computeRootCauses(trace, 'error');
    expect(error!.clientImpacting).toBe(false);
    const service = error!.services[0]!;
    expect([service.name, service.type, service.inferred]).toEqual(['Orders', 'AWS::DynamoDB::Table', true]);
    expect(service.entityPath).toEqual([{ name: 'Orders', exceptions: [{ name: 'ProvisionedThroughputExceededException', message: expect.stringContaining('provisioned throughput') }], remote: true, coverage: undefined }]);
    const [slowest] = computeRootCauses(trace, 'responsetime');
    for (const entity of slowest!.services[0]!.entityPath) expect(entity.coverage).toBeLessThanOrEqual(1);
  });

  it('read malformed summary causes without throwing, keeping what is well formed', () => {
    expect(rootCausesFromSummary(undefined)).toEqual([]);
    expect(rootCausesFromSummary([null, 3, { Services: 'x' }, { Services: [{ Name: 7, EntityPath: [{ Name: 'a', Exceptions: [{ Name: 'E' }, null] }] }] }])).toEqual([
      { services: [], clientImpacting: false },
      { services: [{ name: '', names: [], type: '', accountId: undefined, inferred: false, entityPath: [{ name: 'a', exceptions: [{ name: 'E', message: '' }], remote: false, coverage: undefined }] }], clientImpacting: false },
    ]);
  });
});

describe('grouping by root cause', () => {
  it('counts each trace once per group, most traces first, and agrees with hasRootCause', () => {
    const causesOf = (i: number) => rootCausesFromSummary(dataset.summaries[i]!.FaultRootCauses);
    const all = Int32Array.from(dataset.summaries.keys());
    const groups = groupRootCauses(all, causesOf, 'fault');
    expect(groups.length).toBeGreaterThan(0);
    for (let g = 1; g < groups.length; g++) expect(groups[g - 1]!.count).toBeGreaterThanOrEqual(groups[g]!.count);
    for (const group of groups) {
      const expected = dataset.summaries.filter((summary) =>
        ((summary.FaultRootCauses ?? []) as { Services: { Name: string; Type: string; EntityPath: { Exceptions?: { Name: string }[] }[] }[] }[]).some((cause) =>
          cause.Services.some((service) => service.Name === group.service && service.Type === group.type && (group.exception === undefined ? service.EntityPath.every((entity) => !entity.Exceptions?.length) : service.EntityPath.some((entity) => (entity.Exceptions ?? []).some((x) => x.Name === group.exception)))),
        ),
      ).length;
      expect(group.count, group.key).toBe(expected);
      expect(all.filter((i) => hasRootCause(causesOf(i), 'fault', group.key)).length).toBe(group.count);
    }
    const top = groups[0]!;
    expect(top.service).toBe(incident.facts.functionName);
    expect(top.exception).toBe('ProvisionedThroughputExceededException');
  });
});
