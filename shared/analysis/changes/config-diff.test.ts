import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { demoIncident } from '../../../test/support/demo-incident.ts';
import { configDiff } from './config-diff.ts';

describe('configuration diff', () => {
  const incident = demoIncident();
  const { events } = buildDataset(toSnapshotContent(incident));
  const byId = (id: string) => events.find((event) => event.eventId === id)!;
  /** The harmless timeout change the generator makes on the same function an hour before. */
  const timeoutChange = () => incident.facts.unrelatedChangeEventIds.map(byId).find((event) => event.eventName.startsWith('UpdateFunctionConfiguration'))!;

  it("shows the memory change against the configuration the earlier update answered with", () => {
    const diff = configDiff(byId(incident.facts.changeEventId), events);
    expect(diff.resource).toBe(incident.facts.functionName);
    // The earlier UpdateFunctionConfiguration on the same function (the timeout change) answered with the whole configuration.
    expect(diff.previousEventId).toBe(timeoutChange().eventId);
    expect(diff.entries).toEqual([{ field: 'memorySize', before: incident.facts.memoryBefore, after: incident.facts.memoryAfter, known: true }]);
  });

  it('says "unknown before" where no earlier event carries the state', () => {
    const diff = configDiff(timeoutChange(), events);
    expect(diff.previousEventId).toBeUndefined();
    expect(diff.entries).toEqual([{ field: 'timeout', before: undefined, after: 6, known: false }]);
  });
});
