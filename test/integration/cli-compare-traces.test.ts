import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import type { XRaySegmentDocument, XRaySpanDocument } from '../../shared/model/index.ts';
import type { CompareTracesJson } from '../../shared/analysis/compare/index.ts';
import { spansOf } from '../support/incident-ground-truth.ts';
import { runCli } from './cli-run.ts';

/**
 * `trace-explorer compare FILE… --traces ID ID` on two generated traces that differ in one subtree: the after trace is the
 * before one under another trace id with one leaf call 25 ms slower, one call that now faults and
 * one new call below a third.
 */
type Editable = { -readonly [K in keyof XRaySpanDocument]: XRaySpanDocument[K] };

let dir: string;
let file: string;
const BEFORE = '1-66509c50-000000000000000000000b4f';
const AFTER = '1-66509c50-000000000000000000000af7';
let slower: XRaySpanDocument;
let faulting: XRaySpanDocument;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-compare-traces-'));
  const before = [...generateScaleSegments({ seed: 5, traces: 1, spansPerTrace: 300 })].map((doc) => ({ ...doc, trace_id: BEFORE }));
  const after = structuredClone(before).map((doc) => ({ ...doc, trace_id: AFTER }));
  const leaves = after.flatMap((doc) => spansOf(doc).filter((span) => span !== doc && span.namespace === undefined && !span.subsegments?.length && span.end_time !== undefined && !span.fault && !span.error)) as Editable[];
  const [slow, fault, host] = [leaves[10]!, leaves[20]!, leaves[30]!];
  slower = { ...slow };
  faulting = { ...fault };
  // 25 ms longer (its self time grows by less: past its parent's end it is clipped, as the waterfall clips it).
  slow.end_time = slow.end_time! + 0.025;
  fault.fault = true;
  host.subsegments = [{ id: 'f0000000000000c1', name: 'retry-call', start_time: host.start_time, end_time: host.end_time! }];
  file = join(dir, 'two-traces.ndjson');
  await writeFile(file, [...before, ...after].map((doc: XRaySegmentDocument) => JSON.stringify(doc)).join('\n'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace-explorer compare --traces', () => {
  it('prints exactly the pairs, the new call and nothing else with --json', async () => {
    const run = await runCli('compare', file, '--traces', BEFORE, AFTER, '--json', '--top', '3');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!) as CompareTracesJson;
    expect(Object.keys(json)).toEqual(['pairs', 'onlyBefore', 'onlyAfter']);
    // The three largest |delta|, then the pair whose status changed.
    expect(json.pairs).toHaveLength(4);
    const [first] = json.pairs;
    expect([first!.before.id, first!.after.id]).toEqual([slower.id, slower.id]);
    expect(first!.delta.duration).toBeCloseTo(0.025, 6);
    expect(first!.path.endsWith(` > ${slower.name}`) || first!.path.includes(` > ${slower.name} #`)).toBe(true);
    // The other two are unchanged: every other duration is as it was.
    expect(json.pairs.slice(1).map((pair) => pair.delta.duration)).toEqual([0, 0, 0]);
    expect([json.pairs[3]!.before.id, json.pairs[3]!.delta.status]).toEqual([faulting.id, 'ok → fault']);
    expect(json.onlyBefore).toEqual([]);
    expect(json.onlyAfter.map((only) => [only.id, only.spans, only.status])).toEqual([['f0000000000000c1', 1, 'ok']]);
    const all = JSON.parse((await runCli('compare', file, '--traces', BEFORE, AFTER, '--json', '--top', 'all')).stdout) as CompareTracesJson;
    expect(all.pairs.filter((pair) => pair.delta.status !== null).map((pair) => [pair.before.id, pair.delta.status])).toEqual([[faulting.id, 'ok → fault']]);
  });

  it('prints the largest changes for people', async () => {
    const run = await runCli('compare', file, '--traces', BEFORE, AFTER);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('only before: 0 spans in 0 subtrees; only after: 1 span in 1 subtree; 1 status change;');
    expect(run.stdout).toContain('Largest changes of matched spans (2 of 300):');
    expect(run.stdout).toMatch(/\n {5}\+25 ms {2}\S+ \S+ → \S+ ms {2}self \+\S+ \S+ {2}… > /);
    expect(run.stdout).toContain('  ok → fault  ');
    expect(run.stdout).toContain('Only after (1 subtree):');
  });

  it('names the file and the trace it does not have, and asks for two ids', async () => {
    const missing = await runCli('compare', file, '--traces', BEFORE, '1-00000000-000000000000000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: ${file}: no trace 1-00000000-000000000000000000000000 (the after trace) in 2 traces.\n`);
    const one = await runCli('compare', file, '--traces', BEFORE);
    expect([one.code, one.stderr]).toEqual([1, 'error: --traces needs two trace ids, before and after. Usage: trace-explorer compare FILE… --traces ID ID [--top N|all] [--json]\n']);
    const top = await runCli('compare', file, '--traces', BEFORE, AFTER, '--top', 'x');
    expect(top.stderr).toBe(`error: --top takes a whole number ≥ 0 or "all", not 'x'.\n`);
    const help = await runCli('compare', '--traces', '--help');
    expect(help.stdout).toContain('path     the span from the root');
  });
});
