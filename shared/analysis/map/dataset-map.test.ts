import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../../test/support/fixtures.ts';
import { generateIncident, toSnapshotContent } from '../../generator/index.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { openInputs } from '../../incident/open-inputs.ts';
import { serviceMapOf } from './dataset-map.ts';
import { edgeId } from './span-facts.ts';

const APPENDIX = 'aws-reference-appendices';

async function open(...paths: string[]) {
  return (await openInputs(paths.map((path) => ({ name: path.split('/').pop()!, bytes: fixtureBytes(path) })))).dataset;
}

describe('serviceMapOf', () => {
  it('shows the computed graph by default, the captured one when asked, and says which', async () => {
    const dataset = await open(`${APPENDIX}/batch-get-traces.json`, `${APPENDIX}/get-service-graph.json`);
    const computed = serviceMapOf(dataset)!;
    const captured = serviceMapOf(dataset, 'captured')!;
    expect(computed.origin).toBe('computed');
    expect(captured.origin).toBe('captured');
    expect(computed.available).toEqual({ computed: true, captured: true });
    expect(serviceMapOf(dataset, 'computed')).toBe(computed);
    expect(computed.traces).toBe(1);
    expect(captured.traces).toBe(0);
    // Both graphs hold Appendix B's chain client → stage → AWS::Lambda → AWS::Lambda::Function →
    // Orders. Health, from the one trace (computed): the stage answered 503 (fault), the table
    // throttled, the two Lambda nodes answered fine, the client has no segment of its own; from
    // Appendix C's SummaryStatistics (captured): 120 requests at every node but the client
    // (which has none), 5 stage faults, 8 table throttles.
    const chain = ['client|orders-api/prod', 'AWS::ApiGateway::Stage|orders-api/prod', 'AWS::Lambda|orders-handler', 'AWS::Lambda::Function|orders-handler', 'AWS::DynamoDB::Table|Orders'];
    const health = (total: number, ok: number, fault: number, throttle: number) => ({ total, ok, error: 0, throttle, fault });
    const expected = {
      computed: [health(0, 0, 0, 0), health(1, 0, 1, 0), health(1, 1, 0, 0), health(1, 1, 0, 0), health(1, 0, 0, 1)],
      captured: [health(0, 0, 0, 0), health(120, 115, 5, 0), health(120, 120, 0, 0), health(120, 120, 0, 0), health(120, 112, 0, 8)],
    };
    for (const map of [computed, captured]) {
      const byKey = new Map(map.nodes.map((node) => [node.key, node.health]));
      expect([...byKey.keys()].sort()).toEqual([...chain].sort());
      expect(chain.map((key) => byKey.get(key))).toEqual(expected[map.origin]);
      expect([...map.edges.map((edge) => edge.id)].sort()).toEqual(chain.slice(1).map((target, i) => edgeId(chain[i]!, target)).sort());
      // The layout follows the same order, one place per node and edge.
      expect(map.layout.nodes.map((place) => place.id)).toEqual(map.nodes.map((node) => node.key));
      expect(map.layout.edges.map((place) => place.index)).toEqual(map.edges.map((_, i) => i));
    }
  });

  it('falls back to the graph there is, and gives null when there is none', async () => {
    const tracesOnly = await open(`${APPENDIX}/batch-get-traces.json`);
    expect(serviceMapOf(tracesOnly, 'captured')!.origin).toBe('computed');
    expect(serviceMapOf(tracesOnly)!.available).toEqual({ computed: true, captured: false });
    const graphOnly = await open(`${APPENDIX}/get-service-graph.json`);
    expect(serviceMapOf(graphOnly)!.origin).toBe('captured');
    const eventsOnly = await open('aws-cli-examples/lookup-events_output.json');
    expect(serviceMapOf(eventsOnly)).toBeNull();
  });

  it('draws the figures of Appendix B: the throttled table, the function that called it', async () => {
    const map = serviceMapOf(await open(`${APPENDIX}/batch-get-traces.json`))!;
    const table = map.nodes.find((node) => node.key === 'AWS::DynamoDB::Table|Orders')!;
    expect(table.health).toMatchObject({ total: 1, throttle: 1 });
    expect(table.exceptions.top[0]!.type).toBe('ProvisionedThroughputExceededException');
    const call = map.edges.find((edge) => edge.id === edgeId('AWS::Lambda::Function|orders-handler', 'AWS::DynamoDB::Table|Orders'))!;
    expect(call.labelLines[0]).toBe('1 req · 100% err');
    expect(call.labelLines[1]).toMatch(/^avg \d+ ms · p99 \d+ ms$/);
    const client = map.nodes.find((node) => node.type === 'client')!;
    expect(client.ringLabel).toBe('');
    expect(map.nodes.find((node) => node.key === 'AWS::Lambda::Function|orders-handler')!.typeLabel).toBe('Lambda::Function');
  });

  it('puts a change badge on the function whose configuration changed in the generated incident', () => {
    const incident = generateIncident({ seed: 5, minutes: 20, changeMinute: 10, tracesPerMinute: 5 });
    const dataset = buildDataset(toSnapshotContent(incident));
    const map = serviceMapOf(dataset)!;
    const { facts } = incident;
    for (const type of ['AWS::Lambda', 'AWS::Lambda::Function']) {
      const fn = map.nodes.find((node) => node.key === `${type}|${facts.functionName}`)!;
      expect(fn.changes.map((change) => change.eventId)).toContain(facts.changeEventId);
      expect(fn.changeCount).toBe(fn.changes.length);
    }
    // The unrelated changes to other resources (another role, security group, API…) join no node;
    // those to the function itself (an earlier configuration update) do.
    const joined = new Set(map.nodes.flatMap((node) => node.changes.map((change) => change.eventId)));
    const unrelated = dataset.events.filter((event) => facts.unrelatedChangeEventIds.includes(event.eventId) && event.change !== undefined);
    const elsewhere = unrelated.filter((event) => !event.change!.joinKeys.some((key) => key.value === facts.functionName));
    expect(elsewhere.length).toBeGreaterThan(0);
    for (const event of elsewhere) expect(joined.has(event.eventId)).toBe(false);
    for (const event of unrelated) if (!elsewhere.includes(event)) expect(joined.has(event.eventId)).toBe(true);
  });
});

describe('serviceMapOf with a range', () => {
  const incident = generateIncident({ seed: 5, minutes: 20, changeMinute: 10, tracesPerMinute: 5 });
  const content = toSnapshotContent(incident);
  const dataset = buildDataset(content);
  const changeAt = dataset.events.find((event) => event.eventId === incident.facts.changeEventId)!.time / 1000;

  /** The incident of only the traces that start in `range` and the events made in it, built from the raw records. */
  function restricted(range: readonly [number, number]) {
    const traces = new Set(dataset.traces.filter((trace) => trace.start >= range[0] && trace.start <= range[1]).map((trace) => trace.id));
    const events = new Set(dataset.events.filter((event) => event.time >= range[0] * 1000 && event.time <= range[1] * 1000).map((event) => event.eventId));
    const records = content.records.filter((record) => {
      const doc = record.doc as Record<string, unknown>;
      if (record.kind === 'xray.segment') return traces.has(doc['trace_id'] as string);
      if (record.kind === 'cloudtrail.lookupEvent') return events.has(doc['EventId'] as string);
      return true;
    });
    return { dataset: buildDataset({ ...content, records }), traces: traces.size };
  }

  const figures = (map: NonNullable<ReturnType<typeof serviceMapOf>>) => ({
    nodes: map.nodes.map((node) => ({ key: node.key, health: node.health, changes: node.changes.map((change) => change.eventId), ring: node.ringLabel })),
    edges: map.edges.map((edge) => ({ id: edge.id, label: edge.labelLines })),
    traces: map.traces,
  });

  it("has the figures of an incident holding only the range's traces and events, before and across the change", () => {
    const start = dataset.traces[0]!.start;
    for (const range of [
      [start, changeAt - 1],
      [changeAt - 120, changeAt + 120],
    ] as const) {
      const map = serviceMapOf(dataset, 'computed', range)!;
      const alone = restricted(range);
      expect(alone.traces).toBeGreaterThan(10);
      expect(alone.traces).toBeLessThan(dataset.traces.length);
      expect(map.range).toEqual(range);
      expect(figures(map)).toEqual(figures(serviceMapOf(alone.dataset)!));
      // The same range asked again is the same map; the whole incident's map is not it.
      expect(serviceMapOf(dataset, 'computed', range)).toBe(map);
      expect(serviceMapOf(dataset)!.traces).toBe(dataset.traces.length);
    }
    const fn = (range: readonly [number, number]) => serviceMapOf(dataset, 'computed', range)!.nodes.find((node) => node.key === `AWS::Lambda::Function|${incident.facts.functionName}`)!;
    expect(fn([start, changeAt - 1]).changes.map((change) => change.eventId)).not.toContain(incident.facts.changeEventId);
    expect(fn([changeAt - 120, changeAt + 120]).changes.map((change) => change.eventId)).toContain(incident.facts.changeEventId);
  });

  it('gives an empty computed map for a range no trace starts in, and the captured graph as it is', async () => {
    const before = dataset.traces[0]!.start - 3600;
    const empty = serviceMapOf(dataset, 'computed', [before, before + 60])!;
    expect(empty.traces).toBe(0);
    expect(empty.nodes).toEqual([]);
    const both = await open(`${APPENDIX}/batch-get-traces.json`, `${APPENDIX}/get-service-graph.json`);
    expect(serviceMapOf(both, 'captured', [0, 1])).toBe(serviceMapOf(both, 'captured'));
  });
});
