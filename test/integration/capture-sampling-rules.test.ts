import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapture, type CaptureOptions } from '../../electron/capture/run-capture.ts';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import type { XRaySamplingRuleRecord } from '../../shared/model/index.ts';
import { buildDataset } from '../../shared/dataset/build-dataset.ts';
import { compareSnapshot, type CheckedRequest } from '../emulator/capture-check.ts';
import type { EmulatorLimits } from '../emulator/limits.ts';
import type { AwsEmulator } from '../emulator/server.ts';
import { emulatorCaptureOptions, withAwsEmulator } from './capture-io.ts';
import { makeTestDataset } from '../emulator/test-dataset.ts';

/**
 * GetSamplingRules in a capture against the emulator: the rules land in the snapshot, every page
 * once; throttling is ridden out; without the permission the capture goes on and the snapshot
 * names the missing part; a stopped capture resumes from the page it had reached.
 */
const SCALE = 0.02;
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'capture-rules-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const start = Math.floor(Date.now() / 60_000) * 60 - 2 * 3600;
const dataset = makeTestDataset({ start, minutes: 30, traces: 40, events: 12, seed: 5 });
const rules = dataset.samplingRules as readonly XRaySamplingRuleRecord[];
const checked: CheckedRequest = { region: dataset.region, from: start * 1000, to: (start + 1800) * 1000, cloudtrail: 'changes', metrics: true };

const options = (emulator: AwsEmulator, name: string, extra: Partial<CaptureOptions> = {}): CaptureOptions => emulatorCaptureOptions(emulator, join(folder, name), checked, SCALE, 5000, extra);
const withEmulator = (limits: Partial<EmulatorLimits>, run: (emulator: AwsEmulator) => Promise<void>): Promise<void> => withAwsEmulator(dataset, SCALE, limits, run);

const ruleCalls = (emulator: AwsEmulator) => emulator.calls.filter((c) => c.operation === 'GetSamplingRules');

describe('capture of the sampling rules', () => {
  it('fetches every page of GetSamplingRules into xray.samplingRule records, each rule once', async () => {
    expect(rules.map((r) => r.SamplingRule.RuleName)).toEqual(['Default', 'orders-writes', 'health-checks']);
    await withEmulator({ samplingRulesPageSize: 1 }, async (emulator) => {
      const summary = await runCapture(options(emulator, 'paged.json.gz'));
      expect(summary.complete).toBe(true);
      const content = await readSnapshotFile(summary.out);
      expect(compareSnapshot(content, dataset, checked)).toEqual([]);
      // One page per rule: the first without a token, the next two with the token the previous answer gave.
      const calls = ruleCalls(emulator);
      expect(calls.map((c) => c.status)).toEqual([200, 200, 200]);
      expect(calls.map((c) => typeof c.body.NextToken)).toEqual(['undefined', 'string', 'string']);
      expect(summary.callsByOperation.GetSamplingRules).toBe(3);
      expect(summary.counts.samplingRules).toBe(3);
      const records = content.records.filter((r) => r.kind === 'xray.samplingRule');
      expect(records.map((r) => (r.doc as XRaySamplingRuleRecord).SamplingRule.RuleName)).toEqual(['Default', 'orders-writes', 'health-checks']);
      expect(new Set(records.map((r) => content.header.provenance.sources[r.source]?.name))).toEqual(new Set(['aws:xray.GetSamplingRules']));
      expect(content.header.provenance.queries).toContainEqual({ api: 'xray.GetSamplingRules', region: dataset.region });
      // The dataset reads them as the rules in effect.
      expect(buildDataset(content).samplingRules.map((r) => r.SamplingRule.RuleName)).toEqual(['Default', 'orders-writes', 'health-checks']);
    });
  });

  it('rides out throttled answers with the same retries as the other X-Ray calls', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'throttle', service: 'xray', operation: 'GetSamplingRules', times: 2 });
      const summary = await runCapture(options(emulator, 'throttled.json.gz'));
      expect(summary.complete).toBe(true);
      expect(ruleCalls(emulator).map((c) => c.status)).toEqual([429, 429, 200]);
      expect(summary.throttles).toBe(2);
      expect(compareSnapshot(await readSnapshotFile(summary.out), dataset, checked)).toEqual([]);
    });
  });

  it('goes on without the permission: everything else is captured and the gap names xray:GetSamplingRules', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.addFault({ kind: 'accessDenied', service: 'xray', operation: 'GetSamplingRules', times: Number.POSITIVE_INFINITY });
      const summary = await runCapture(options(emulator, 'denied.json.gz'));
      expect(summary.stoppedBecause).toBeUndefined();
      expect(summary.complete).toBe(false);
      const content = await readSnapshotFile(summary.out);
      // Only the rules are missing.
      expect(compareSnapshot(content, dataset, checked)).toEqual(['sampling rules: 0 in snapshot, 3 in dataset, or they differ']);
      expect(summary.gaps).toEqual([
        {
          what: 'xray.GetSamplingRules',
          kind: 'failed',
          detail: `Access denied: the credentials may not call xray:GetSamplingRules in ${dataset.region}. Grant xray:GetSamplingRules to this identity (AccessDeniedException).`,
        },
      ]);
      expect(content.header.gaps).toEqual(summary.gaps);
      // An access denial is not retried.
      expect(ruleCalls(emulator)).toHaveLength(1);
    });
  });

  it('resumes a capture stopped between pages from the page it had reached', async () => {
    await withEmulator({ samplingRulesPageSize: 1 }, async (emulator) => {
      // The second page is refused: the first is journaled, the rest is a gap.
      emulator.addFault({ kind: 'accessDenied', service: 'xray', operation: 'GetSamplingRules', fromCall: 2, times: 1 });
      const first = await runCapture(options(emulator, 'resumed.json.gz'));
      expect(first.complete).toBe(false);
      expect(first.gaps.map((g) => g.what)).toEqual(['xray.GetSamplingRules']);
      const tokenOfPage2 = ruleCalls(emulator)[1]!.body.NextToken;
      const before = ruleCalls(emulator).length;
      const second = await runCapture({ ...options(emulator, 'resumed.json.gz'), request: undefined, resume: true });
      expect(second.complete).toBe(true);
      // Only the two pages not fetched yet, the first of them with the token page 1 answered.
      const again = ruleCalls(emulator).slice(before);
      expect(again.map((c) => c.body.NextToken)).toEqual([tokenOfPage2, expect.any(String)]);
      expect(compareSnapshot(await readSnapshotFile(second.out), dataset, checked)).toEqual([]);
    });
  });
});
