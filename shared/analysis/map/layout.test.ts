import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateIncident } from '../../generator/index.ts';
import { layoutLayered, type Box, type LayoutEdge, type LayoutNode, type MapLayout } from './layout.ts';
import { computeServiceGraph } from '../graph/service-graph.ts';
import { assembleTraces } from '../../dataset/assembly/assemble.ts';

const node = (id: string, width = 80, height = 60): LayoutNode => ({ id, width, height, anchor: 20, port: 18 });
const edge = (source: string, target: string, labelWidth = 90, labelHeight = 30): LayoutEdge => ({ source, target, labelWidth, labelHeight });

function nodeBox(layout: MapLayout, id: string): Box {
  const placed = layout.nodes.find((candidate) => candidate.id === id)!;
  return { x: placed.left + placed.width / 2, y: placed.top + placed.height / 2, width: placed.width, height: placed.height };
}

function overlap(a: Box, b: Box): boolean {
  const eps = 1e-6;
  return Math.abs(a.x - b.x) * 2 < a.width + b.width - eps && Math.abs(a.y - b.y) * 2 < a.height + b.height - eps;
}

/** Every node box and every label box, none of which may overlap another. */
function drawnBoxes(layout: MapLayout): Box[] {
  const boxes = layout.nodes.map((placed) => ({ x: placed.left + placed.width / 2, y: placed.top + placed.height / 2, width: placed.width, height: placed.height }));
  for (const placed of layout.edges) if (placed.label.width > 0 && placed.label.height > 0) boxes.push(placed.label);
  return boxes;
}

function expectNoOverlaps(layout: MapLayout): void {
  const boxes = drawnBoxes(layout);
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i]!, boxes[j]!)) throw new Error(`boxes ${i} and ${j} overlap: ${JSON.stringify(boxes[i])} ${JSON.stringify(boxes[j])}`);
    }
  }
}

function expectInside(layout: MapLayout): void {
  for (const box of drawnBoxes(layout)) {
    expect(box.x - box.width / 2).toBeGreaterThanOrEqual(-1e-6);
    expect(box.y - box.height / 2).toBeGreaterThanOrEqual(-1e-6);
    expect(box.x + box.width / 2).toBeLessThanOrEqual(layout.width + 1e-6);
    expect(box.y + box.height / 2).toBeLessThanOrEqual(layout.height + 1e-6);
  }
}

/** Random graphs: node i may call any node; edges distinct; sizes vary. */
const graphs = fc
  .integer({ min: 1, max: 24 })
  .chain((count) =>
    fc.record({
      nodes: fc.tuple(...Array.from({ length: count }, (_, i) => fc.record({ width: fc.integer({ min: 10, max: 200 }), height: fc.integer({ min: 10, max: 90 }) }).map((size) => node(`n${i}`, size.width, size.height)))),
      edges: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 0, max: count - 1 })), { maxLength: count * 2, selector: ([a, b]) => `${a}>${b}` }).map((pairs) => pairs.map(([a, b]) => edge(`n${a}`, `n${b}`, 40 + ((a * 7 + b * 13) % 120), 16 + ((a + b) % 3) * 14))),
    }),
  );

describe('layoutLayered', () => {
  it('puts a node one layer right of its deepest caller (longest path from the nodes nobody calls)', () => {
    const layout = layoutLayered([node('client'), node('api'), node('fn'), node('table'), node('orphan')], [edge('client', 'api'), edge('api', 'fn'), edge('fn', 'table'), edge('api', 'table')]);
    const layer = new Map(layout.nodes.map((placed) => [placed.id, placed.layer]));
    expect([...layer]).toEqual([
      ['client', 0],
      ['api', 1],
      ['fn', 2],
      ['table', 3],
      ['orphan', 0],
    ]);
    expect(layout.layers).toBe(4);
    // Columns go left to right with the layers.
    expect(nodeBox(layout, 'client').x).toBeLessThan(nodeBox(layout, 'api').x);
    expect(nodeBox(layout, 'fn').x).toBeLessThan(nodeBox(layout, 'table').x);
  });

  it('runs each edge from its source port to its target port through its label', () => {
    const layout = layoutLayered([node('a', 100), node('b', 60), node('c', 60)], [edge('a', 'b'), edge('a', 'c', 120, 44)]);
    for (const placed of layout.edges) {
      const source = layout.nodes.find((candidate) => candidate.id === placed.source)!;
      const target = layout.nodes.find((candidate) => candidate.id === placed.target)!;
      const first = placed.points[0]!;
      const last = placed.points[placed.points.length - 1]!;
      expect(first).toEqual({ x: source.x + 18, y: source.y });
      expect(last).toEqual({ x: target.x - 18, y: target.y });
      // The label is crossed horizontally at its middle height.
      expect(placed.points).toContainEqual({ x: placed.label.x - placed.label.width / 2, y: placed.label.y });
      expect(placed.points).toContainEqual({ x: placed.label.x + placed.label.width / 2, y: placed.label.y });
      for (let i = 1; i < placed.points.length; i++) expect(placed.points[i]!.x).toBeGreaterThanOrEqual(placed.points[i - 1]!.x);
    }
    expect(layout.edges.find((placed) => placed.target === 'c')!.label).toMatchObject({ width: 120, height: 44 });
  });

  it('breaks cycles by reversing back edges, and draws self-loops over their node', () => {
    const layout = layoutLayered([node('a'), node('b'), node('c')], [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'b')]);
    const byTarget = new Map(layout.edges.map((placed) => [`${placed.source}>${placed.target}`, placed]));
    expect(byTarget.get('c>a')!.reversed).toBe(true);
    expect(byTarget.get('a>b')!.reversed).toBe(false);
    const loop = byTarget.get('b>b')!;
    expect(loop.selfLoop).toBe(true);
    expect(loop.points).toEqual([]);
    expect(loop.label.y + loop.label.height / 2).toBeLessThanOrEqual(nodeBox(layout, 'b').y - nodeBox(layout, 'b').height / 2);
    // A reversed edge runs right to left: from c (layer 2) back to a (layer 0).
    const back = byTarget.get('c>a')!;
    expect(back.points[0]!.x).toBeGreaterThan(back.points[back.points.length - 1]!.x);
    expectNoOverlaps(layout);
    expectInside(layout);
  });

  it('keeps layers increasing along every edge, no overlaps, everything inside (property)', () => {
    fc.assert(
      fc.property(graphs, ({ nodes, edges }) => {
        const layout = layoutLayered(nodes, edges);
        const layer = new Map(layout.nodes.map((placed) => [placed.id, placed.layer]));
        for (const placed of layout.edges) {
          if (placed.selfLoop) continue;
          const from = layer.get(placed.source)!;
          const to = layer.get(placed.target)!;
          if (placed.reversed) expect(from).toBeGreaterThan(to);
          else expect(to).toBeGreaterThan(from);
        }
        expect(layout.edges).toHaveLength(edges.length);
        expectNoOverlaps(layout);
        expectInside(layout);
      }),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same input gives the same layout', () => {
    fc.assert(
      fc.property(graphs, ({ nodes, edges }) => {
        expect(layoutLayered(nodes, edges)).toEqual(layoutLayered(nodes.map((n) => ({ ...n })), edges.map((e) => ({ ...e }))));
      }),
      { numRuns: 50 },
    );
  });

  it('draws trees without crossings (property)', () => {
    const trees = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).map((parents) => ({
      nodes: [node('root'), ...parents.map((_, i) => node(`t${i}`))],
      edges: parents.map((parent, i) => edge(parent % (i + 1) === 0 ? 'root' : `t${(parent % (i + 1)) - 1}`, `t${i}`)),
    }));
    fc.assert(
      fc.property(trees, ({ nodes, edges }) => {
        expect(layoutLayered(nodes, edges).crossings).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('lays out a 10,000-deep chain without recursion', () => {
    const count = 10_000;
    const nodes = Array.from({ length: count }, (_, i) => node(`c${i}`, 20, 20));
    const edges = Array.from({ length: count - 1 }, (_, i) => edge(`c${i}`, `c${i + 1}`, 10, 10));
    const layout = layoutLayered(nodes, edges);
    expect(layout.layers).toBe(count);
    expect(layout.nodes[count - 1]!.layer).toBe(count - 1);
  });

  it('leaves out edges naming unknown nodes and refuses duplicate node ids', () => {
    const layout = layoutLayered([node('a'), node('b')], [edge('a', 'b'), edge('a', 'ghost')]);
    expect(layout.edges.map((placed) => placed.index)).toEqual([0]);
    expect(() => layoutLayered([node('a'), node('a')], [])).toThrow(RangeError);
    expect(layoutLayered([], [])).toMatchObject({ nodes: [], edges: [], layers: 0, crossings: 0 });
  });

  it('lays out the service map of the generated demo incident: client first, no overlaps', () => {
    const incident = generateIncident({ seed: 3, minutes: 10, changeMinute: 5, tracesPerMinute: 10 });
    const documents = incident.traces.flatMap((trace) => trace.Segments.map((segment) => JSON.parse(segment.Document) as unknown));
    const graph = computeServiceGraph(assembleTraces(documents).traces);
    const layout = layoutLayered(
      graph.nodes.map((graphNode) => node(graphNode.key, 60 + graphNode.name.length * 7, 70)),
      graph.edges.map((graphEdge) => edge(graphEdge.source, graphEdge.target, 130, 38)),
    );
    const client = graph.nodes.find((graphNode) => graphNode.type === 'client')!;
    expect(layout.nodes.find((placed) => placed.id === client.key)!.layer).toBe(0);
    for (const placed of layout.edges) expect(placed.reversed).toBe(false);
    expect(layout.crossings).toBe(0);
    expectNoOverlaps(layout);
  });
});
