import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { writeSnapshotFile } from '../../../electron/files/snapshot-file.ts';
import { generateIncident, generateScaleSegments, toSnapshotContent } from '../../../shared/generator/index.ts';
import { SnapshotBuilder } from '../../../shared/import/snapshot-builder.ts';
import type { SnapshotContent, XRaySegmentDocument } from '../../../shared/model/index.ts';
import { topologySegments, type TopologyOptions } from './map-topology.ts';

/**
 * The generated snapshots of the service map and filter benchmarks, written once into the bench
 * folder (later runs reuse a file whose description, `<file>.meta.json`, is there) the way the
 * app's own files are made: generator → snapshot content → writeSnapshotFile.
 */
export interface BenchSnapshot {
  readonly path: string;
  readonly traces: number;
  readonly segments: number;
  readonly summaries: number;
  readonly description: string;
}

const CREATED_AT = '2024-05-24T00:00:00.000Z';

/** A bench snapshot written once: later runs reuse the file whose description (`<file>.meta.json`) is there. */
export async function cachedSnapshot(path: string, make: () => Promise<Omit<BenchSnapshot, 'path'>>): Promise<BenchSnapshot> {
  const meta = `${path}.meta.json`;
  if (existsSync(path) && existsSync(meta)) return { ...(JSON.parse(await readFile(meta, 'utf8')) as Omit<BenchSnapshot, 'path'>), path };
  const made = await make();
  await writeFile(meta, JSON.stringify(made));
  return { ...made, path };
}

/**
 * The demo incident's system at `tracesPerMinute` for `minutes` (generateIncident): segments as
 * BatchGetTraces returns them, one GetTraceSummaries item per trace, CloudTrail events, metrics.
 */
export function incidentSnapshot(path: string, tracesPerMinute: number, minutes: number, seed = 3): Promise<BenchSnapshot> {
  return cachedSnapshot(path, async () => {
    const incident = generateIncident({ seed, tracesPerMinute, minutes, changeMinute: Math.floor(minutes / 2) });
    const content = toSnapshotContent(incident, { appVersion: 'bench', createdAt: CREATED_AT });
    await writeSnapshotFile(path, content);
    return {
      traces: incident.facts.counts.traces,
      segments: incident.facts.counts.segments,
      summaries: incident.summaries.length,
      description: `generateIncident({ seed: ${seed}, tracesPerMinute: ${tracesPerMinute}, minutes: ${minutes} })`,
    };
  });
}

function segmentsSnapshot(documents: Iterable<XRaySegmentDocument>, format: string): { content: SnapshotContent; traces: number; segments: number } {
  const builder = new SnapshotBuilder();
  const source = builder.addSource({ name: format, format, importedAt: CREATED_AT });
  const traces = new Set<string>();
  let segments = 0;
  for (const doc of documents) {
    traces.add(doc.trace_id);
    segments++;
    builder.add('xray.segment', doc, source);
  }
  return { content: builder.build({ appVersion: 'bench', createdAt: CREATED_AT }), traces: traces.size, segments };
}

/** `traces` traces of exactly `spansPerTrace` spans (generateScaleSegments): segments only. */
export function scaleSnapshot(path: string, traces: number, spansPerTrace: number, seed = 7): Promise<BenchSnapshot> {
  return cachedSnapshot(path, async () => {
    const made = segmentsSnapshot(generateScaleSegments({ seed, traces, spansPerTrace }), 'generator.scale');
    await writeSnapshotFile(path, made.content);
    return { traces: made.traces, segments: made.segments, summaries: 0, description: `generateScaleSegments({ seed: ${seed}, traces: ${traces}, spansPerTrace: ${spansPerTrace} })` };
  });
}

/** A layered system of about a hundred map nodes (map-topology.ts): segments only. */
export function topologySnapshot(path: string, options: TopologyOptions): Promise<BenchSnapshot> {
  return cachedSnapshot(path, async () => {
    const made = segmentsSnapshot(topologySegments(options), 'generator.topology');
    await writeSnapshotFile(path, made.content);
    return { traces: made.traces, segments: made.segments, summaries: 0, description: `topologySegments(${JSON.stringify(options)})` };
  });
}
