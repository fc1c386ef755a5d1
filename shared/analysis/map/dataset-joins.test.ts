import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { toSnapshotContent } from '../../generator/index.ts';
import { smallIncident } from '../../../test/support/demo-incident.ts';
import { changeList } from '../changes/index.ts';
import { datasetJoins } from './dataset-map.ts';

/**
 * The Changes table's node filter: the events joined to a map node, counted from the generator's
 * LookupEvents items themselves — the successful writes whose request names the function.
 */
describe('CloudTrail events joined to the map, for the Changes table', () => {
  it('keeps the changes of the function for either of its nodes, and says how each joined', () => {
    const incident = smallIncident();
    const { functionName } = incident.facts;
    const dataset = buildDataset(toSnapshotContent(incident));
    const joins = datasetJoins(dataset);
    expect(datasetJoins(dataset)).toBe(joins);
    const expected = incident.events
      .filter((item) => {
        const record = JSON.parse(item.CloudTrailEvent) as { errorCode?: string; requestParameters?: { functionName?: string } };
        return item.ReadOnly === 'false' && record.errorCode === undefined && record.requestParameters?.functionName === functionName;
      })
      .map((item) => item.EventId)
      .sort();
    expect(expected.length).toBe(2);
    for (const type of ['AWS::Lambda', 'AWS::Lambda::Function']) {
      const page = changeList(dataset, { offset: 0, limit: 500, node: `${type}|${functionName}` }, joins);
      expect(page.rows.map((row) => row.eventId).sort(), type).toEqual(expected);
      for (const row of page.rows) expect([...row.joined].sort()).toEqual([`${functionName} [AWS::Lambda::Function] (functionName=${functionName})`, `${functionName} [AWS::Lambda] (functionName=${functionName})`]);
    }
    const all = changeList(dataset, { offset: 0, limit: 500 }, joins);
    expect(all.nodes.map(({ key, count }) => [key, count]).sort()).toEqual([[`AWS::Lambda::Function|${functionName}`, 2], [`AWS::Lambda|${functionName}`, 2]]);
    // The other events join no node: the row says so by an empty list.
    expect(all.rows.filter((row) => row.joined.length > 0).map((row) => row.eventId).sort()).toEqual(expected);
    expect(changeList(dataset, { offset: 0, limit: 500, node: 'AWS::SQS::Queue|nothing' }, joins).total).toBe(0);
  });
});
