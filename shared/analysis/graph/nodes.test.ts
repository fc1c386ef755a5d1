import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateIncident, toSnapshotContent } from '../../generator/index.ts';
import { SpanFlag, type Trace } from '../../model/trace.ts';
import { buildDataset } from '../../dataset/build-dataset.ts';
import { summarizeIncident } from '../../incident/incident-summary.ts';
import { computedServiceGraphOf, computeServiceGraph } from './service-graph.ts';
import { canonicalType, functionName, serviceIdentity } from '../../dataset/naming/service-naming.ts';
import { serviceMapOf } from '../map/dataset-map.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

/**
 * The graph finds a span's node through its raw origin and name rather than by its key: checked
 * here against serviceIdentity span by span, on documents whose origins differ only in case, whose
 * names look like keys or object members, and where inferred and emitted spans share a node.
 */
const NAMES = ['api', 'Orders', '__proto__', 'constructor', 'a|b', 'DynamoDB', 'worker'];
const ORIGINS = [undefined, '', 'AWS::Lambda', 'aws::lambda', 'client', 'CLIENT', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table', 'aws::dynamodb::table', 'AWS::S3::Bucket', 'Custom::Thing'];

const documentArbitrary = fc.record({
  name: fc.constantFrom(...NAMES),
  origin: fc.constantFrom(...ORIGINS),
  inferred: fc.boolean(),
  done: fc.boolean(),
  parent: fc.option(fc.nat(8), { nil: undefined }),
  viaCall: fc.boolean(),
  aws: fc.option(
    fc.record(
      {
        table_name: fc.constantFrom('Orders', '__proto__', ''),
        queue_url: fc.constantFrom('https://sqs.us-east-1.amazonaws.com/123456789012/jobs', 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs?x=1', 'not a url'),
        function_name: fc.constantFrom('arn:aws:lambda:us-east-1:123456789012:function:worker:live', 'worker'),
      },
      { requiredKeys: [] },
    ),
    { nil: undefined },
  ),
});

type GeneratedDocument = typeof documentArbitrary extends fc.Arbitrary<infer T> ? T : never;

function documentsOf(traces: readonly (readonly GeneratedDocument[])[]): unknown[] {
  return traces.flatMap((list, t) =>
    list.map((d, i) => {
      const id = `${String(t).padStart(8, '0')}${String(i).padStart(8, '0')}`;
      const callId = `${id.slice(0, 12)}call`;
      const parentId = d.parent !== undefined && i > 0 ? `${String(t).padStart(8, '0')}${String(d.parent % i).padStart(8, '0')}` : undefined;
      return {
        id,
        trace_id: `1-00000000-${String(t).padStart(24, '0')}`,
        name: d.name,
        start_time: 100 + i,
        ...(d.done ? { end_time: 100.5 + i } : { in_progress: true }),
        ...(d.origin !== undefined ? { origin: d.origin } : {}),
        ...(d.inferred ? { inferred: true } : {}),
        ...(d.aws ? { aws: d.aws } : {}),
        ...(parentId !== undefined ? { parent_id: d.viaCall ? `${parentId.slice(0, 12)}call` : parentId } : {}),
        subsegments: [{ id: callId, name: 'call', start_time: 100 + i, end_time: 100.25 + i }],
      };
    }),
  );
}

/** What the graph's nodes must be, from serviceIdentity alone: per key, its spans in order. */
function expectedNodes(traces: readonly Trace[]): Map<string, { completed: number; inferred: boolean }> {
  const nodes = new Map<string, { completed: number; inferred: boolean }>();
  /** `span` false: the client node of a root, which leaves a node it names as it is. */
  const touch = (key: string, inferred: boolean, completed: boolean, span = true): void => {
    const node = nodes.get(key) ?? { completed: 0, inferred };
    if (span && !inferred) node.inferred = false;
    if (completed) node.completed++;
    nodes.set(key, node);
  };
  for (const trace of traces) {
    trace.spans.forEach((span, i) => {
      if (span.kind === 'subsegment') return;
      const { type, name } = serviceIdentity(span);
      touch(`${type}|${name}`, span.inferred, span.end !== undefined);
      if (trace.parent[i]! < 0 && (trace.flags[i]! & SpanFlag.orphan) === 0) touch(`client|${name}`, false, false, false);
    });
  }
  return nodes;
}

describe('computeServiceGraph node lookup', () => {
  it('gives every segment and inferred span the node serviceIdentity names, counted and flagged as its spans are', () => {
    fc.assert(
      fc.property(fc.array(fc.array(documentArbitrary, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }), (traces) => {
        const assembled = assembleTraces(documentsOf(traces)).traces;
        const graph = computeServiceGraph(assembled);
        const expected = expectedNodes(assembled);
        expect(graph.nodes.map((node) => node.key)).toEqual([...expected.keys()]);
        for (const node of graph.nodes) {
          const wanted = expected.get(node.key)!;
          expect([node.key, node.stats.total, node.inferred]).toEqual([node.key, wanted.completed, wanted.inferred]);
          expect(node.key).toBe(`${node.type}|${node.name}`);
        }
        const keys = new Set(graph.nodes.map((node) => node.key));
        for (const edge of graph.edges) expect(keys.has(edge.source) && keys.has(edge.target)).toBe(true);
        expect(new Set(graph.edges.map((edge) => `${edge.source}→${edge.target}`)).size).toBe(graph.edges.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('computedServiceGraphOf', () => {
  const dataset = buildDataset(toSnapshotContent(generateIncident({ seed: 5, minutes: 20, changeMinute: 10 })));

  it('computes the graph of a traces array once, the same as computeServiceGraph', () => {
    const first = computedServiceGraphOf(dataset.traces);
    expect(computedServiceGraphOf(dataset.traces)).toBe(first);
    expect(first.graph).toEqual(computeServiceGraph(dataset.traces));
    expect(first.millis).toBeGreaterThanOrEqual(0);
    expect(computedServiceGraphOf([...dataset.traces])).not.toBe(first);
  });

  it('is the graph the incident summary and the service map show', () => {
    const { graph } = computedServiceGraphOf(dataset.traces);
    const summary = summarizeIncident(dataset, []);
    expect(summary.services).toEqual(graph.nodes.map((node) => ({ name: node.name, type: node.type })));
    expect(summary.edges).toBe(graph.edges.length);
    const map = serviceMapOf(dataset, 'computed')!;
    expect(map.nodes.map((node) => node.key)).toEqual(graph.nodes.map((node) => node.key));
    expect(map.buildMillis).toBeGreaterThanOrEqual(Math.floor(computedServiceGraphOf(dataset.traces).millis));
  });
});

describe('remembered names', () => {
  it('stay right past the memo bound', () => {
    for (let i = 0; i < 3000; i++) {
      expect(canonicalType(i % 2 === 0 ? `aws::lambda` : `Custom::T${i}`)).toBe(i % 2 === 0 ? 'AWS::Lambda' : `Custom::T${i}`);
      expect(functionName(`arn:aws:lambda:us-east-1:123456789012:function:f${i}:live`)).toBe(`f${i}`);
    }
    expect(canonicalType('__proto__')).toBe('__proto__');
    expect(functionName('constructor')).toBe('constructor');
  });
});
