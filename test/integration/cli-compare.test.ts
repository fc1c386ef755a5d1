import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { generateCompareIncident, type CompareIncident } from '../../shared/generator/index.ts';
import type { CompareJson } from '../../shared/analysis/compare/index.ts';
import { fixturePath } from '../support/fixtures.ts';
import { runCli } from './cli-run.ts';

let dir: string;
let fault: CompareIncident;
let faultPath: string;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

async function compareJson(...args: string[]): Promise<CompareJson> {
  const run = await runCli('compare', ...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as CompareJson;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-compare-'));
  fault = generateCompareIncident({ shift: { kind: 'fault', rate: 0.1 }, minutes: 40 });
  faultPath = join(dir, 'fault.json.gz');
  await writeSnapshotFile(faultPath, fault.content);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace-explorer compare', () => {
  it('prints exactly {"edges","nodes"} with --json, the call whose faults rose first', async () => {
    const result = await compareJson(faultPath, '--change', fault.facts.eventId);
    expect(Object.keys(result)).toEqual(['edges', 'nodes']);
    const [first, ...rest] = result.edges;
    expect(first).toMatchObject({ from: fault.facts.functionName, to: fault.facts.tableName, fromType: 'AWS::Lambda::Function', toType: 'AWS::DynamoDB::Table', significant: true });
    for (const key of ['from', 'to', 'before', 'after', 'delta', 'significant']) expect(Object.keys(first!)).toContain(key);
    expect(first!.before.counts.fault).toBe(0);
    expect(first!.delta.rates!.fault).toBeCloseTo(first!.after.rates!.fault, 12);
    expect(first!.after.traces).toEqual({ window: [fault.facts.shiftTime, first!.after.traces.window[1]], edge: first!.id });
    expect(rest.every((edge) => edge.significant === false)).toBe(true);
    expect(result.nodes[0]).toMatchObject({ node: fault.facts.tableName, type: 'AWS::DynamoDB::Table', significant: true });
  });

  it('reads RANGE as ISO-8601 (UTC without an offset) or epoch seconds, the same ranges either way', async () => {
    const { firstStart, shiftTime, lastStart } = fault.facts;
    const from = Math.floor(firstStart);
    const to = Math.floor(shiftTime) - 1;
    const end = Math.ceil(lastStart);
    const epoch = await compareJson(faultPath, '--before', `${from}~${to}`, '--after', `${shiftTime}~${end}`);
    const text = await compareJson(faultPath, '--before', `${iso(from)}~${iso(to).replace('Z', '')}`, '--after', `${iso(shiftTime)}~${iso(end).replace('Z', '+00:00')}`);
    expect(text).toEqual(epoch);
    expect(epoch.edges[0]!.before.traces.window).toEqual([from, to]);
    // Every trace of the incident is in one of the two ranges: the entry call counts each once.
    const entry = epoch.edges.find((edge) => edge.fromType === 'client')!;
    expect(entry.before.requests + entry.after.requests).toBe(fault.facts.traces);
    expect(entry.after.requests).toBe(fault.facts.tracesAfter);
  });

  it('prints a table of the calls and nodes for people, the changed call first with its reason', async () => {
    const run = await runCli('compare', faultPath, '--change', fault.facts.eventId);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^Before: [\d,]+ traces starting /);
    expect(lines[1]).toContain(`split at UpdateFunctionCode20150331v2 (${fault.facts.eventId})`);
    const header = lines.findIndex((line) => line.startsWith('  call '));
    expect(lines[header]).toMatch(/^ {2}call +requests +p50 +p90 +p99 +4xx +429 +5xx +verdict$/);
    expect(lines[header + 1]).toMatch(new RegExp(`^  ${fault.facts.functionName} → ${fault.facts.tableName} .* 0% → [\\d.]+% +CHANGED$`));
    expect(run.stdout).toContain(`    ${fault.facts.functionName} → ${fault.facts.tableName}: 5xx 0% → `);
    expect(run.stdout).toContain('clients → checkout-api/prod');
  });

  it('refuses a bad range before reading any file, naming the option', async () => {
    for (const [range, message] of [
      ['13:00~14:00', "--before '13:00~14:00': expected FROM~TO"],
      ['1716555600', "--before '1716555600': expected FROM~TO"],
      ['1716559200~1716555600', "--before '1716559200~1716555600': FROM is after TO."],
    ] as const) {
      const run = await runCli('compare', join(dir, 'missing.json'), '--before', range);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`error: ${message}`);
    }
    const both = await runCli('compare', faultPath, '--before', '1~2', '--change', fault.facts.eventId);
    expect([both.code, both.stderr]).toEqual([1, expect.stringContaining('Give --before RANGE or --change EVENT_ID (one of them)') as string]);
    const neither = await runCli('compare', faultPath);
    expect(neither.stderr).toContain('Give --before RANGE or --change EVENT_ID');
  });

  it('names the files when the event is not in them, when they hold no traces, and when one cannot be read', async () => {
    const unknown = await runCli('compare', faultPath, '--change', 'no-such-event');
    expect([unknown.code, unknown.stderr]).toEqual([1, `error: ${faultPath}: no CloudTrail event with eventId 'no-such-event'.\n`]);
    const events = fixturePath('aws-cli-examples/lookup-events_output.json');
    const noTraces = await runCli('compare', events, '--before', '1~2');
    expect([noTraces.code, noTraces.stderr]).toEqual([1, `error: ${events}: no X-Ray traces to compare.\n`]);
    const missing = join(dir, 'missing.json');
    const unreadable = await runCli('compare', missing, '--before', '1~2');
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`${missing}: no such file`);
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, 'not json at all');
    const bad = await runCli('compare', garbage, faultPath, '--change', fault.facts.eventId, '--json');
    expect(bad.code).toBe(0);
    expect(bad.stderr).toContain(garbage);
    expect(Object.keys(JSON.parse(bad.stdout) as object)).toEqual(['edges', 'nodes']);
  });

  it('says how to use it with --help', async () => {
    const run = await runCli('compare', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: trace-explorer compare FILE… --before RANGE\|--change EVENT_ID \[--after RANGE\] \[--json\]/);
    expect(run.stdout).toContain('ISO-8601 time (UTC unless it carries an offset');
    expect((await runCli('help')).stdout).toContain('trace-explorer compare FILE…');
  });
});
