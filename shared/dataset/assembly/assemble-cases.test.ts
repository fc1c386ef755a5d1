import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../model/trace.ts';
import { SpanFlag } from '../../model/trace.ts';
import { assembleTraces } from './assemble.ts';
import { traceViolations } from './check.ts';

const TRACE = '1-6650a1b2-000000000000000000000001';

type Doc = Record<string, unknown>;

function segment(id: string, start: number, end: number | undefined, extra: Doc = {}): Doc {
  return { id, trace_id: TRACE, name: id, start_time: start, ...(end === undefined ? { in_progress: true } : { end_time: end }), ...extra };
}

function sub(id: string, start: number, end: number | undefined, extra: Doc = {}): Doc {
  return { id, name: id, start_time: start, ...(end === undefined ? { in_progress: true } : { end_time: end }), ...extra };
}

function only(documents: unknown[], options?: { skewToleranceSeconds?: number }): Trace {
  const result = assembleTraces(documents, options);
  expect(result.traces).toHaveLength(1);
  const trace = result.traces[0]!;
  expect(traceViolations(trace)).toEqual([]);
  return trace;
}

function flagsById(trace: Trace): Record<string, number> {
  return Object.fromEntries(trace.spans.map((span, i) => [span.id, trace.flags[i]!]));
}

describe('assembleTraces: orphans, skew, order', () => {
  it('keeps a span whose parent is missing as an orphan root after the entry root', () => {
    const trace = only([segment('late', 5, 6, { parent_id: 'nowhere' }), segment('root', 10, 20), segment('early', 1, 2, { parent_id: 'gone' })]);
    expect(trace.spans.map((span) => span.id)).toEqual(['root', 'early', 'late']);
    expect(Array.from(trace.parent)).toEqual([-1, -1, -1]);
    expect(flagsById(trace)).toEqual({ root: 0, early: SpanFlag.orphan, late: SpanFlag.orphan });
    expect(trace.spans[1]!.parentId).toBe('gone');
  });

  it('flags a child starting before its parent beyond the tolerance, and only then', () => {
    const documents = [segment('root', 100, 101, { subsegments: [sub('a', 99.998, 100.5), sub('b', 99.9995, 100.5), sub('c', 100.2, 100.3)] })];
    expect(flagsById(only(documents))).toEqual({ root: 0, a: SpanFlag.skewed, b: 0, c: 0 });
    expect(flagsById(only(documents, { skewToleranceSeconds: 0.01 }))).toEqual({ root: 0, a: 0, b: 0, c: 0 });
    expect(flagsById(only(documents, { skewToleranceSeconds: 0 }))).toEqual({ root: 0, a: SpanFlag.skewed, b: SpanFlag.skewed, c: 0 });
  });

  it('orders siblings by start time, equal starts in input order', () => {
    const trace = only([segment('root', 0, 10, { subsegments: [sub('c', 3, 4), sub('a', 1, 2), sub('b2', 2, 3), sub('b1', 2, 3)] })]);
    expect(trace.spans.map((span) => span.id)).toEqual(['root', 'a', 'b2', 'b1', 'c']);
  });

  it('orders long sibling lists by start time too', () => {
    const children = Array.from({ length: 100 }, (_, i) => sub(`s${i}`, (i * 37) % 100, 200));
    const trace = only([segment('root', 0, 300, { subsegments: children })]);
    const starts = trace.spans.slice(1).map((span) => span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('spans the trace from the earliest start to the latest end, in-progress spans by their start', () => {
    const trace = only([segment('root', 10, 12, { subsegments: [sub('open', 15, undefined)] })]);
    expect([trace.start, trace.end, trace.inProgressCount]).toEqual([10, 15, 1]);
  });
});

describe('assembleTraces: the same span more than once', () => {
  it('keeps the first of two completed versions, counted once', () => {
    const trace = only([segment('root', 0, 1, { name: 'first' }), segment('root', 0, 1, { name: 'second' })]);
    expect(trace.spans.map((span) => span.name)).toEqual(['first']);
    expect(trace.segmentCount).toBe(1);
  });

  it('replaces an in-progress version with a completed one, whichever comes first', () => {
    for (const order of [0, 1]) {
      const documents = [segment('root', 0, undefined, { name: 'open' }), segment('root', 0, 2, { name: 'done' })];
      const trace = only(order === 0 ? documents : documents.reverse());
      expect(trace.spans.map((span) => [span.name, span.inProgress])).toEqual([['done', false]]);
      expect([trace.segmentCount, trace.inProgressCount]).toEqual([1, 0]);
    }
  });

  it('lets a completed independent subsegment replace its in-progress embedded copy, keeping the children of both', () => {
    const trace = only([
      segment('root', 0, undefined, { subsegments: [sub('call', 1, undefined, { subsegments: [sub('early-part', 1.1, 1.2)] })] }),
      { ...sub('call', 1, 3, { subsegments: [sub('late-part', 2, 2.5)] }), type: 'subsegment', trace_id: TRACE, parent_id: 'root' },
    ]);
    expect(trace.spans.map((span) => `${span.id}${span.inProgress ? ' (open)' : ''}`)).toEqual(['root (open)', 'call', 'early-part', 'late-part']);
    expect([trace.segmentCount, trace.subsegmentCount, trace.inProgressCount]).toEqual([1, 3, 1]);
  });
});

describe('assembleTraces: independent subsegments', () => {
  it('attaches them under the embedded subsegment or segment they name, from the segment they belong to', () => {
    const trace = only([
      { ...sub('query', 2, 3), type: 'subsegment', trace_id: TRACE, parent_id: 'handler' },
      segment('root', 0, 5, { subsegments: [sub('handler', 1, 4)] }),
      { ...sub('log', 4, 4.5), type: 'subsegment', trace_id: TRACE, parent_id: 'root' },
    ]);
    expect(trace.spans.map((span) => `${'  '.repeat(trace.depth[trace.spans.indexOf(span)]!)}${span.id}`)).toEqual(['root', '  handler', '    query', '  log']);
    expect(trace.spans.map((span) => span.segmentId)).toEqual(['root', 'root', 'root', 'root']);
    expect([trace.segmentCount, trace.subsegmentCount]).toEqual([1, 3]);
  });
});

describe('assembleTraces: depth and bad links', () => {
  it('handles a 10,000-level chain of nested subsegments', () => {
    let innermost = sub('s9999', 9999, 20000);
    for (let level = 9998; level >= 1; level--) innermost = sub(`s${level}`, level, 20000, { subsegments: [innermost] });
    const trace = only([segment('s0', 0, 20000, { subsegments: [innermost] })]);
    expect(trace.spans).toHaveLength(10000);
    expect(trace.depth[9999]).toBe(9999);
    expect(trace.size[0]).toBe(10000);
    expect(trace.spans[9999]!.segmentId).toBe('s0');
  });

  it('handles a 10,000-segment chain linked by parent_id, in reverse order', () => {
    const documents = Array.from({ length: 10000 }, (_, i) => segment(`g${i}`, i, 20000, i > 0 ? { parent_id: `g${i - 1}` } : {})).reverse();
    const trace = only(documents);
    expect(trace.spans.map((span) => span.id).slice(0, 3)).toEqual(['g0', 'g1', 'g2']);
    expect(Math.max(...trace.depth)).toBe(9999);
    expect(trace.segmentCount).toBe(10000);
  });

  it('breaks a cycle of parent links at one span, kept as an orphan root and reported', () => {
    const result = assembleTraces([segment('a', 1, 2, { parent_id: 'b' }), segment('b', 0, 3, { parent_id: 'a' }), segment('self', 4, 5, { parent_id: 'self' })]);
    const trace = result.traces[0]!;
    expect(traceViolations(trace)).toEqual([]);
    expect(trace.spans.map((span) => span.id).sort()).toEqual(['a', 'b', 'self']);
    const roots = trace.spans.flatMap((span, i) => (trace.parent[i] === -1 ? [[span.id, trace.flags[i]]] : []));
    expect(roots).toEqual([['self', SpanFlag.orphan], ['a', SpanFlag.orphan]]);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      `span names itself as its parent in trace ${TRACE}; kept as a root`,
      `parent links form a cycle in trace ${TRACE}; span a kept as a root`,
    ]);
  });

  it('reports documents and subsegments it cannot place, and keeps the rest', () => {
    const result = assembleTraces([
      'not a document',
      { id: 'x', start_time: 1 },
      { trace_id: TRACE, start_time: 1 },
      segment('ok', 0, 1, { subsegments: [{ name: 'no id', start_time: 0.5 }, sub('fine', 0.2, 0.3), sub('no-start', Number.NaN, 1)] }),
    ]);
    expect(result.problems).toEqual([
      { file: '', at: '[0]', message: 'segment document is not a JSON object; skipped' },
      { file: '', at: 'x', message: 'segment document without a valid trace_id; skipped' },
      { file: '', at: '[2]', message: 'segment document without a valid id; skipped' },
      { file: '', at: 'ok.subsegments[0]', message: 'subsegment without a valid id or start_time; skipped with the subsegments inside it' },
      { file: '', at: 'ok.subsegments[2]', message: 'subsegment without a valid id or start_time; skipped with the subsegments inside it' },
    ]);
    expect(result.traces[0]!.spans.map((span) => span.id)).toEqual(['ok', 'fine']);
  });

  it('takes ids such as __proto__ and constructor as plain data', () => {
    const trace = only([
      { ...segment('__proto__', 0, 2), trace_id: 'constructor', subsegments: [sub('constructor', 0.5, 1)] },
      { ...segment('hasOwnProperty', 1, 1.5), trace_id: 'constructor', parent_id: '__proto__' },
    ]);
    expect(trace.id).toBe('constructor');
    expect(trace.spans.map((span) => span.id)).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('assembleTraces: inferred nodes', () => {
  const call = sub('call', 1, 2, { name: 'SQS', namespace: 'aws', aws: { operation: 'SendMessage', queue_url: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders' } });

  it('adds none where the inferred segment arrives later in the input', () => {
    const result = assembleTraces([segment('root', 0, 3, { subsegments: [call] }), segment('sqs', 1, 2, { parent_id: 'call', inferred: true, origin: 'AWS::SQS::Queue' })]);
    expect(result.inferredAdded).toBe(0);
    expect(result.traces[0]!.segmentCount).toBe(2);
  });

  it('adds one below a call still in progress, not counted as a segment or as in progress', () => {
    const result = assembleTraces([segment('root', 0, 3, { subsegments: [{ ...call, end_time: undefined, in_progress: true }] })]);
    const trace = result.traces[0]!;
    expect(result.inferredAdded).toBe(1);
    expect(trace.spans[2]).toMatchObject({ kind: 'inferred', name: 'SQS', origin: 'AWS::SQS::Queue', inProgress: true, end: undefined });
    expect([trace.segmentCount, trace.subsegmentCount, trace.inProgressCount]).toEqual([1, 1, 1]);
  });

  it('adds none below local subsegments', () => {
    expect(assembleTraces([segment('root', 0, 3, { subsegments: [sub('work', 1, 2)] })]).inferredAdded).toBe(0);
  });
});

interface GeneratedNode {
  readonly parent: number;
  readonly form: 'segment' | 'embedded' | 'independent';
  readonly start: number;
  readonly order: number;
  readonly twice: boolean;
}

/** Documents for a random tree: node 0 is the root segment; every other node is a segment, an embedded or an independent subsegment. */
function documentsOf(nodes: readonly GeneratedNode[]): { documents: Doc[]; parentOf: Map<string, string | undefined> } {
  const objects: Doc[] = [];
  const parentOf = new Map<string, string | undefined>();
  const documents: { doc: Doc; order: number; twice: boolean }[] = [];
  nodes.forEach((node, i) => {
    const id = `n${i}`;
    const parent = i === 0 ? undefined : node.parent % i;
    parentOf.set(id, parent === undefined ? undefined : `n${parent}`);
    const form = i === 0 ? 'segment' : node.form;
    const doc = form === 'embedded' ? sub(id, node.start, node.start + 1) : segment(id, node.start, node.start + 1);
    if (form === 'independent') doc['type'] = 'subsegment';
    if (form !== 'embedded' && parent !== undefined) doc['parent_id'] = `n${parent}`;
    objects.push(doc);
    if (form === 'embedded') {
      const holder = objects[parent!]!;
      holder['subsegments'] = [...((holder['subsegments'] as Doc[] | undefined) ?? []), doc];
    } else {
      documents.push({ doc, order: node.order, twice: node.twice });
    }
  });
  documents.sort((a, b) => a.order - b.order);
  return { documents: documents.flatMap(({ doc, twice }) => (twice ? [doc, doc] : [doc])), parentOf };
}

describe('assembleTraces: any tree split into documents', () => {
  it('rebuilds the tree whatever the order and repetition of the documents', () => {
    const node = fc.record({
      parent: fc.nat(),
      form: fc.constantFrom<GeneratedNode['form']>('segment', 'embedded', 'independent'),
      start: fc.integer({ min: 0, max: 50 }),
      order: fc.nat(),
      twice: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(node, { minLength: 1, maxLength: 60 }), (nodes) => {
        const { documents, parentOf } = documentsOf(nodes);
        const result = assembleTraces(documents, { skewToleranceSeconds: 100 });
        expect(result.problems).toEqual([]);
        expect(result.traces).toHaveLength(1);
        const trace = result.traces[0]!;
        expect(traceViolations(trace)).toEqual([]);
        expect(trace.spans).toHaveLength(nodes.length);
        trace.spans.forEach((span, i) => {
          const p = trace.parent[i]!;
          expect(p === -1 ? undefined : trace.spans[p]!.id).toBe(parentOf.get(span.id));
        });
        expect(trace.segmentCount + trace.subsegmentCount).toBe(nodes.length);
        expect(Array.from(trace.flags).every((flag) => flag === 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
