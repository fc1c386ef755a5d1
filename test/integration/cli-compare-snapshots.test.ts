import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import type { CompareJson } from '../../shared/analysis/compare/index.ts';
import { generateIncident, toSnapshotContent, type GeneratedIncident } from '../../shared/generator/index.ts';
import { runCli } from './cli-run.ts';

/**
 * `compare BEFORE AFTER --snapshots`: last week's snapshot and today's, each range the span of one
 * file's traces. Two generated incidents of the demo's system a week apart: last week's before its
 * memory change (the change at its last minute), today's after it (the change at its first).
 */
let dir: string;
let lastWeek: GeneratedIncident;
let today: GeneratedIncident;
const paths = { lastWeek: '', today: '', overlapping: '' };
const TODAY = Date.UTC(2024, 4, 24, 13) / 1000;
const WEEK = 7 * 86_400;

/** The span of an incident's trace starts, from the generator's own summaries (one per trace). */
const span = (incident: GeneratedIncident): [number, number] => {
  const starts = incident.summaries.map((summary) => summary.StartTime!);
  return [Math.min(...starts), Math.max(...starts)];
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-compare-snapshots-'));
  lastWeek = generateIncident({ seed: 5, start: TODAY - WEEK, minutes: 30, tracesPerMinute: 10, changeMinute: 29 });
  today = generateIncident({ seed: 6, start: TODAY, minutes: 30, tracesPerMinute: 10, changeMinute: 0 });
  const overlapping = generateIncident({ seed: 7, start: TODAY + 600, minutes: 30, tracesPerMinute: 10, changeMinute: 0 });
  paths.lastWeek = join(dir, 'last-week.json.gz');
  paths.today = join(dir, 'today.json.gz');
  paths.overlapping = join(dir, 'overlapping.json.gz');
  const createdAt = '2024-05-24T14:00:00.000Z';
  await writeSnapshotFile(paths.lastWeek, toSnapshotContent(lastWeek, { appVersion: 'test', createdAt }));
  await writeSnapshotFile(paths.today, toSnapshotContent(today, { appVersion: 'test', createdAt }));
  await writeSnapshotFile(paths.overlapping, toSnapshotContent(overlapping, { appVersion: 'test', createdAt }));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace-explorer compare --snapshots', () => {
  it("takes the first file's traces as before and the second's as after", async () => {
    const run = await runCli('compare', paths.lastWeek, paths.today, '--snapshots', '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const result = JSON.parse(run.stdout) as CompareJson;
    // The call every trace enters by (clients → the stage) counts each file's traces, in its own range.
    const entry = result.edges.find((edge) => edge.fromType === 'client')!;
    expect(entry.before.requests).toBe(lastWeek.facts.counts.traces);
    expect(entry.after.requests).toBe(today.facts.counts.traces);
    expect(entry.before.traces.window).toEqual(span(lastWeek));
    expect(entry.after.traces.window).toEqual(span(today));
    // Today's function runs with less memory throughout: the call into it is slower, beyond the noise.
    const call = result.edges.find((edge) => edge.from === lastWeek.facts.stageNodeName && edge.toType !== 'client')!;
    expect(call.significant).toBe(true);
    expect(call.delta.latency!.p50).toBeGreaterThan(0);
    const text = await runCli('compare', paths.lastWeek, paths.today, '--snapshots');
    expect(text.stdout.split('\n')[0]).toBe(`Snapshots: before = ${paths.lastWeek}, after = ${paths.today} (each its traces' span)`);
  });

  it('refuses snapshots whose traces overlap in time, and anything but two files or with ranges', async () => {
    const overlap = await runCli('compare', paths.today, paths.overlapping, '--snapshots');
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain('overlap in time: opened together, their traces cannot be told apart by time');
    expect(overlap.stderr).toContain(paths.overlapping);
    const three = await runCli('compare', paths.lastWeek, paths.today, paths.overlapping, '--snapshots');
    expect([three.code, three.stderr]).toEqual([1, 'error: --snapshots compares exactly two files (the before and the after snapshot), not 3.\n']);
    const ranged = await runCli('compare', paths.lastWeek, paths.today, '--snapshots', '--before', '1~2');
    expect(ranged.code).toBe(1);
    expect(ranged.stderr).toContain('--snapshots takes its ranges from the two files');
  });
});
