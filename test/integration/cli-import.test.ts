import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import { fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

const work = mkdtempSync(join(tmpdir(), 'te-cli-'));
const REPO = join(import.meta.dirname, '..', '..');

describe('trace-explorer import', () => {
  it('merges X-Ray and CloudTrail files into one snapshot that inspects the same as its inputs', async () => {
    const inputs = [
      fixturePath('aws-cli-examples/batch-get-traces_output.json'),
      fixturePath('aws-iatk/go_test_documents_as_BatchGetTraces.json'),
      fixturePath('otel-contrib-awsxray/ddbSample.txt'),
      fixturePath('stratus-red-team/aws.persistence.lambda-overwrite-code.json'),
      fixturePath('cloudtrail-processing-library/SerializerTestFileCompact.json.gz'),
    ];
    const out = join(work, 'merged.json.gz');
    const run = await runCli('import', ...inputs, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote .*merged\.json\.gz: \d+ documents from 5 files/);
    const direct = await inspectJson(...inputs);
    const reread = await inspectJson(out);
    const { problems: _a, ...directCounts } = direct.summary;
    const { problems: _b, ...rereadCounts } = reread.summary;
    expect(rereadCounts).toEqual(directCounts);
    const content = await readSnapshotFile(out);
    expect(content.header.provenance.sources.map((s) => s.name)).toEqual(inputs);
    // The gzip file's records all lack eventID: reported, and nothing from it is kept.
    expect(run.stderr).toMatch(/SerializerTestFileCompact\.json\.gz \(Records\[0\]\): record without eventID/);
    // …and recorded in the snapshot as skipped, next to the window the data covers.
    expect(content.header.gaps).toContainEqual({ kind: 'skipped', what: inputs[4], detail: 'Records[0]: record without eventID' });
    expect(content.header.provenance.window).toEqual({ start: direct.summary.start, end: direct.summary.end });
    expect(reread.summary.gaps).toEqual(content.header.gaps);
  });

  it('replaces an in-progress segment by its completed version, whatever the order of the files', async () => {
    const inProgress = readFileSync(fixturePath('otel-contrib-awsxray/minInProgress.txt'), 'utf8');
    const doc = JSON.parse(inProgress) as Record<string, unknown>;
    const { in_progress: _drop, ...rest } = doc;
    const completedPath = join(work, 'completed.json');
    writeFileSync(completedPath, JSON.stringify({ ...rest, end_time: (doc.start_time as number) + 0.25 }));
    const inProgressPath = fixturePath('otel-contrib-awsxray/minInProgress.txt');
    for (const order of [[inProgressPath, completedPath], [completedPath, inProgressPath]]) {
      const { summary } = await inspectJson(...order);
      expect(summary).toMatchObject({ traces: 1, segments: 1, inProgress: 0 });
    }
    expect((await inspectJson(inProgressPath)).summary.inProgress).toBe(1);
  });

  it('import writes the completed version of a segment replaced in place, and leaves no temporary file', async () => {
    const inProgressPath = fixturePath('otel-contrib-awsxray/minInProgress.txt');
    const doc = JSON.parse(readFileSync(inProgressPath, 'utf8')) as Record<string, unknown>;
    const { in_progress: _drop, ...rest } = doc;
    const completed = { ...rest, end_time: (doc.start_time as number) + 0.25 };
    const dir = mkdtempSync(join(tmpdir(), 'te-replaced-'));
    const completedPath = join(dir, 'completed.json');
    writeFileSync(completedPath, JSON.stringify(completed));
    for (const [order, extra] of [
      [[inProgressPath, completedPath], /, 1 in-progress segment replaced by its completed version\)/],
      [[completedPath, inProgressPath], /, 1 duplicate counted once\)/],
    ] as const) {
      const out = join(dir, 'out.json.gz');
      const run = await runCli('import', ...order, '--out', out);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(extra);
      const content = await readSnapshotFile(out);
      expect(content.records).toEqual([{ kind: 'xray.segment', source: order.indexOf(completedPath), doc: completed }]);
      expect(readdirSync(dir).sort()).toEqual(['completed.json', 'out.json.gz']);
    }
  });

  it('leaves an existing snapshot untouched when nothing can be read', async () => {
    const out = join(work, 'kept.json.gz');
    await runCli('import', fixturePath('aws-cli-examples/batch-get-traces_output.json'), '--out', out);
    const before = readFileSync(out);
    const run = await runCli('import', fixturePath('cloud-custodian-cwe/ec2-duty-event.json'), '--out', out);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/GuardDuty/);
    expect(run.stderr).toMatch(/was not written/);
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  it('refuses a truncated gzip file clearly', async () => {
    const whole = gzipSync(readFileSync(fixturePath('otel-contrib-awslogs-cloudtrail/cloudtrail_log.json')));
    const cut = join(work, 'cut.json.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const run = await runCli('inspect', cut);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(cut);
    expect(run.stderr).toMatch(/truncated|unexpected end/i);
  });

  it('counts generated documents exactly: spans = segments + subsegments, traces as generated', async () => {
    const docs = [...generateScaleSegments({ seed: 11, traces: 40, spansPerTrace: 60 })];
    const path = join(work, 'generated.ndjson');
    writeFileSync(path, docs.map((d) => JSON.stringify(d)).join('\n'));
    const { summary } = await inspectJson(path);
    expect(summary.traces).toBe(40);
    expect(summary.segments).toBe(docs.length);
    expect(summary.segments + summary.subsegments).toBe(40 * 60);
    expect(summary.inProgress).toBe(docs.filter((d) => d.in_progress === true).length + countNestedInProgress(docs));
  });
});

function countNestedInProgress(docs: readonly { subsegments?: readonly unknown[] }[]): number {
  let count = 0;
  const stack = docs.flatMap((d) => [...(d.subsegments ?? [])]) as { in_progress?: boolean; subsegments?: unknown[] }[];
  while (stack.length) {
    const next = stack.pop()!;
    if (next.in_progress === true) count++;
    stack.push(...((next.subsegments ?? []) as typeof stack));
  }
  return count;
}

describe('bad X-Ray documents', () => {
  it('refuses a segment without id, naming the file and the field', async () => {
    const path = join(work, 'no-id.json');
    writeFileSync(path, JSON.stringify({ trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'x', start_time: 1, end_time: 2 }));
    const run = await runCli('inspect', path);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(/without `id`/);
  });

  it('keeps a segment whose nested subsegment has no id, and reports that subsegment once, by its path', async () => {
    const path = join(work, 'bad-sub.json');
    const doc = { id: '1111111111111111', trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 'x', start_time: 1, end_time: 2, subsegments: [{ id: 'a', name: 'ok', start_time: 1, end_time: 1.5 }, { name: 'no-id', start_time: 1, end_time: 2 }] };
    writeFileSync(path, JSON.stringify(doc));
    const { code, summary } = await inspectJson(path);
    expect(code).toBe(0);
    expect(summary).toMatchObject({ segments: 1, subsegments: 1 });
    expect(summary.problems).toEqual([{ file: path, at: 'subsegments[1]', message: expect.stringMatching(/without `id`/) }]);
  });
});

describe('hostile or odd input', () => {
  it('gives exactly one JSON object and a non-zero exit for a corrupt snapshot', async () => {
    const whole = readFileSync(join(REPO, 'resources', 'demo-incident.json.gz'));
    const cut = join(work, 'cut-demo.json.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 3)));
    const { code, summary } = await inspectJson(cut);
    expect(code).not.toBe(0);
    expect(summary.traces).toBe(0);
    expect(summary.problems[0]?.message).toMatch(/cut-demo\.json\.gz.*(truncated|ends)/i);
  });

  it('explains a 100,000-deep array instead of crashing', async () => {
    const path = join(work, 'deep.json');
    writeFileSync(path, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const run = await runCli('inspect', path);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/not a supported format: .*nested arrays/);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('refuses a device instead of reading it forever', async () => {
    const { code, summary } = await inspectJson('/dev/zero');
    expect(code).not.toBe(0);
    expect(summary.problems).toEqual([{ file: '/dev/zero', message: 'is a character device, not a file' }]);
  });

  it('says why it cannot write the output, without calling it a bug', async () => {
    const run = await runCli('import', fixturePath('aws-cli-examples/batch-get-traces_output.json'), '--out', work);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/cannot write .*: it is a folder\. Nothing was written\./);
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('records the account and Regions of CloudTrail lookup events and of files it could not read', async () => {
    const out = join(work, 'lookup.json.gz');
    const run = await runCli('import', fixturePath('aws-cli-examples/lookup-events_output.json'), '/no/such.json', '--out', out);
    expect(run.code).toBe(0);
    const content = await readSnapshotFile(out);
    expect(content.header.provenance.accountIds).toEqual(['123456789012']);
    expect(content.header.provenance.regions).toEqual(['us-east-1']);
    expect(content.header.gaps).toContainEqual({ kind: 'skipped', what: '/no/such.json', detail: 'no such file' });
  });
});

describe('the trace-explorer bin', () => {
  it('runs through npx-style `node bin/trace-explorer.mjs` and prints exactly one JSON object', () => {
    const stdout = execFileSync(process.execPath, [join(REPO, 'bin/trace-explorer.mjs'), 'inspect', fixturePath('aws-cli-examples/lookup-events_output.json'), '--json'], {
      encoding: 'utf8',
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ events: 1, traces: 0 });
  });

  it('exits non-zero with a message and no stack trace when nothing could be read', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(REPO, 'bin/trace-explorer.mjs'), 'inspect', fixturePath('otel-contrib-awslogs-cloudtrail/cloudtrail_digest.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/digest/i);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
