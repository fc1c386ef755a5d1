import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { generateIncident, toSnapshotContent } from '../generator/index.ts';
import { encodeSnapshot } from '../snapshot/index.ts';
import { openInputs, type InputFile } from './open-inputs.ts';

const file = (path: string): InputFile => ({ name: path, bytes: fixtureBytes(path) });
const CREATED = '2026-01-01T00:00:00.000Z';

describe('openInputs merging files', () => {
  it('counts the same segment from two files once: raw document and daemon datagram', async () => {
    const opened = await openInputs([file('otel-contrib-awsxray/ddbSample.txt'), file('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt')], { createdAt: CREATED });
    // Both files hold segment 88ad1df59cd7a7be of trace 1-5f29ab21 (the datagram adds its header line).
    expect({ duplicates: opened.duplicates, replaced: opened.replaced }).toEqual({ duplicates: 1, replaced: 0 });
    expect(opened.content.records.filter((r) => r.kind === 'xray.segment')).toHaveLength(1);
    expect(opened.content.header.provenance.sources.map((s) => s.name)).toEqual(['otel-contrib-awsxray/ddbSample.txt', 'otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt']);
    expect(opened.dataset.traces.map((t) => t.id)).toEqual(['1-5f29ab21-d4ebf299219a65bd5c31d6da']);
    expect(opened.problems).toEqual([]);
  });

  it('replaces an in-progress segment by its completed version, in either order', async () => {
    const inProgressFirst = await openInputs([file('otel-contrib-awsxray/minInProgress.txt'), file('otel-contrib-awsxray/minCauseIsExceptionId.txt')]);
    expect({ duplicates: inProgressFirst.duplicates, replaced: inProgressFirst.replaced }).toEqual({ duplicates: 0, replaced: 1 });
    const completedFirst = await openInputs([file('otel-contrib-awsxray/minCauseIsExceptionId.txt'), file('otel-contrib-awsxray/minInProgress.txt')]);
    expect({ duplicates: completedFirst.duplicates, replaced: completedFirst.replaced }).toEqual({ duplicates: 1, replaced: 0 });
    for (const opened of [inProgressFirst, completedFirst]) {
      // The completed one is named "CauseIsExceptionID"; the in-progress one "LongOperation".
      expect(opened.dataset.traces[0]!.spans.map((s) => [s.name, s.inProgress])).toEqual([['CauseIsExceptionID', false]]);
    }
  });

  it('counts the replacement and the duplicate the same when the two segments come in snapshots', async () => {
    const asSnapshot = async (path: string): Promise<InputFile> => {
      const { content } = await openInputs([file(path)], { createdAt: CREATED });
      return { name: `${path}.snapshot.json`, bytes: new TextEncoder().encode([...encodeSnapshot(content)].join('')) };
    };
    const inProgress = await asSnapshot('otel-contrib-awsxray/minInProgress.txt');
    const completed = await asSnapshot('otel-contrib-awsxray/minCauseIsExceptionId.txt');
    const inProgressFirst = await openInputs([inProgress, completed]);
    expect({ duplicates: inProgressFirst.duplicates, replaced: inProgressFirst.replaced }).toEqual({ duplicates: 0, replaced: 1 });
    const completedFirst = await openInputs([completed, inProgress]);
    expect({ duplicates: completedFirst.duplicates, replaced: completedFirst.replaced }).toEqual({ duplicates: 1, replaced: 0 });
    expect(completedFirst.dataset.traces[0]!.spans.map((s) => s.name)).toEqual(['CauseIsExceptionID']);
  });

  it('keeps the rest when a file cannot be read, and records the problem with the file as a gap', async () => {
    const opened = await openInputs([file('aws-cli-examples/batch-get-traces_output.json'), file('cloud-custodian-cwe/ec2-duty-event.json')]);
    expect(opened.dataset.traces).toHaveLength(1);
    expect(opened.problems.map((p) => p.file)).toEqual(['cloud-custodian-cwe/ec2-duty-event.json']);
    expect(opened.problems[0]!.message).toMatch(/GuardDuty/);
    const gaps = opened.content.header.gaps;
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ kind: 'skipped', what: 'cloud-custodian-cwe/ec2-duty-event.json' });
    expect(gaps[0]!.detail).toMatch(/GuardDuty/);
    expect(gaps[0]!.detail.startsWith('cloud-custodian-cwe/ec2-duty-event.json:')).toBe(false);
  });

  it('says what could not be read when nothing could, file by file', async () => {
    await expect(openInputs([])).rejects.toThrow('Nothing could be read. No input files were given.');
    const refused = openInputs([file('cloud-custodian-cwe/ec2-duty-event.json'), file('otel-contrib-awsxray/segmentValidationFailed.txt')]);
    await expect(refused).rejects.toMatchObject({ kind: 'invalidInput' });
    await expect(refused).rejects.toThrow(/^Nothing could be read\. cloud-custodian-cwe\/ec2-duty-event\.json: .*GuardDuty.*; otel-contrib-awsxray\/segmentValidationFailed\.txt.*start_time/);
    await expect(openInputs([{ name: 'empty.json', bytes: new TextEncoder().encode('[]') }])).rejects.toThrow(/^Nothing could be read\./);
  });

  it('lists the accounts and Regions of the CloudTrail events, once each and sorted, and the window the data covers', async () => {
    const opened = await openInputs([file('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json')]);
    // recipientAccountId / awsRegion of the 7 records: 123456789012 ×5 and 111122223333 ×2;
    // us-east-1 ×6 and us-west-2 once.
    expect(opened.content.header.provenance.accountIds).toEqual(['111122223333', '123456789012']);
    expect(opened.content.header.provenance.regions).toEqual(['us-east-1', 'us-west-2']);
    // The earliest eventTime is RotateKey's (2021-01-14T01:41:59Z), the latest ConsoleLogin's.
    expect(opened.content.header.provenance.window).toEqual({ start: '2021-01-14T01:41:59.000Z', end: '2025-06-15T14:30:00.000Z' });
    expect(opened.dataset.header).toBe(opened.content.header);
  });

  it('keeps one snapshot as it is, and counts each record once when a snapshot is merged with itself', async () => {
    const incident = generateIncident({ seed: 5, minutes: 20, changeMinute: 10, tracesPerMinute: 5 });
    const content = toSnapshotContent(incident);
    const bytes = new TextEncoder().encode([...encodeSnapshot(content)].join(''));
    const alone = await openInputs([{ name: 'incident.json', bytes }]);
    expect(alone.content).toEqual(content);
    expect({ duplicates: alone.duplicates, replaced: alone.replaced }).toEqual({ duplicates: 0, replaced: 0 });
    const twice = await openInputs([
      { name: 'a.json', bytes },
      { name: 'b.json', bytes },
    ]);
    // X-Ray documents are de-duplicated by the builder (same segment id, same summary); CloudTrail
    // documents are kept as they came and counted once by eventID in the dataset (event-set.ts).
    const cloudTrail = content.records.filter((record) => record.kind.startsWith('cloudtrail.')).length;
    expect(cloudTrail).toBeGreaterThan(0);
    expect(twice.content.records).toHaveLength(content.records.length + cloudTrail);
    expect(twice.dataset.traces.length).toBe(incident.traces.length);
    expect(twice.dataset.events.length).toBe(alone.dataset.events.length);
    expect(twice.dataset.duplicateEvents).toBe(alone.dataset.duplicateEvents + cloudTrail);
    // Every document of the second copy is seen again: each counts once as a duplicate, X-Ray and CloudTrail alike.
    expect({ duplicates: twice.duplicates, replaced: twice.replaced }).toEqual({ duplicates: content.records.length + alone.dataset.duplicateEvents, replaced: 0 });
  });
});
