/**
 * A bug met while a command runs (here: the summary code throwing, put in by vi.mock) is never an
 * unexplained crash: `inspect --json` still prints exactly one JSON object that names the files,
 * the text output names it a bug without a stack trace, and `import` has not touched its --out,
 * because everything that can fail runs before the snapshot is written.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeSnapshotFile } from '../../electron/files/snapshot-file.ts';
import { openInputs } from '../../shared/incident/open-inputs.ts';
import { fixtureBytes, fixturePath } from '../support/fixtures.ts';
import { inspectJson, runCli } from './cli-run.ts';

vi.mock('../../shared/incident/incident-summary.ts', async (original) => ({
  ...(await original<typeof import('../../shared/incident/incident-summary.ts')>()),
  summarizeIncident: () => {
    throw new TypeError('simulated bug in the summary');
  },
  countTraces: () => {
    throw new TypeError('simulated bug in the counts');
  },
}));

const work = mkdtempSync(join(tmpdir(), 'te-bug-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const GOOD = fixturePath('aws-cli-examples/batch-get-traces_output.json');

describe('a bug while a command runs', () => {
  it('inspect --json prints one JSON object naming the files and the bug, and exits 1', async () => {
    const { code, summary } = await inspectJson(GOOD);
    expect(code).toBe(1);
    expect(summary.problems).toEqual([{ file: GOOD, message: 'internal error: simulated bug in the summary; this is a bug in Trace Explorer' }]);
  });

  it('inspect prints the bug as one, without a stack trace', async () => {
    const run = await runCli('inspect', GOOD);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^internal error: simulated bug in the summary\nThis is a bug in Trace Explorer/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('import fails before writing: the existing --out is byte for byte what it was', async () => {
    const out = join(work, 'kept.json.gz');
    const { content } = await openInputs([{ name: 'batch.json', bytes: fixtureBytes('aws-cli-examples/batch-get-traces_output.json') }]);
    await writeSnapshotFile(out, content);
    const before = readFileSync(out);
    const run = await runCli('import', GOOD, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^internal error: simulated bug in the counts\n/);
    expect(readFileSync(out).equals(before)).toBe(true);
  });
});
