import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeSnapshotFile } from '../../../electron/files/snapshot-file.ts';
import { generateScaleSegments } from '../../../shared/generator/index.ts';
import { snapshotOf } from '../../support/compare-traces-documents.ts';

/** Writes (once; later runs reuse the file) a snapshot of two generated traces of `spans` spans each. */
export async function twoTraceSnapshot(path: string, spans: number, seed = 11): Promise<string> {
  if (existsSync(path)) return path;
  await mkdir(dirname(path), { recursive: true });
  await writeSnapshotFile(path, snapshotOf([...generateScaleSegments({ seed, traces: 2, spansPerTrace: spans })], `generated-2x${spans}`));
  return path;
}
