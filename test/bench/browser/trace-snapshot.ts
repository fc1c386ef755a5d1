import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeSnapshotFile } from '../../../electron/files/snapshot-file.ts';
import { generateScaleSegments } from '../../../shared/generator/index.ts';
import { SnapshotBuilder } from '../../../shared/import/snapshot-builder.ts';

/** A generated snapshot holding one trace of `spans` spans, and that trace's id. */
export interface TraceSnapshot {
  readonly path: string;
  readonly traceId: string;
  readonly spans: number;
}

/**
 * Writes (once; later runs reuse the file) a snapshot of one generated trace:
 * generateScaleSegments → SnapshotBuilder → writeSnapshotFile, the way the app's own files are made.
 */
export async function traceSnapshot(path: string, spans: number, seed = 11): Promise<TraceSnapshot> {
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) return JSON.parse(await readFile(meta, 'utf8')) as TraceSnapshot;
  await mkdir(dirname(path), { recursive: true });
  const builder = new SnapshotBuilder();
  const source = builder.addSource({ name: `generated-${spans}`, format: 'generator.scale', importedAt: '2024-05-24T00:00:00.000Z' });
  let traceId = '';
  for (const doc of generateScaleSegments({ seed, traces: 1, spansPerTrace: spans })) {
    traceId ||= doc.trace_id;
    builder.add('xray.segment', doc, source);
  }
  await writeSnapshotFile(path, builder.build({ appVersion: 'bench', createdAt: '2024-05-24T00:00:00.000Z' }));
  const made: TraceSnapshot = { path, traceId, spans };
  await writeFile(meta, JSON.stringify(made));
  return made;
}
