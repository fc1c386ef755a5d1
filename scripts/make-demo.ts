// Writes the bundled demo incident, resources/demo-incident.json.gz: the default generated incident
// (seed 1, 2024-05-24 13:00–15:00 UTC, a Lambda memory change at 14:00:23) as a snapshot file.
// Deterministic: the same generator and app version give the same snapshot content.
//   node bin/run-ts.mjs scripts/make-demo.ts [output path]
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSnapshotFile } from '../electron/files/snapshot-file.ts';
import { generateIncident, toSnapshotContent } from '../shared/generator/index.ts';

/** The demo ships inside the app, so it has to stay small. */
const MAX_DEMO_BYTES = 3 * 1024 * 1024;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const output = resolve(process.argv[2] ?? resolve(root, 'resources/demo-incident.json.gz'));
const { version } = JSON.parse(await readFile(resolve(root, 'package.json'), 'utf8')) as { version: string };

const incident = generateIncident();
const content = toSnapshotContent(incident, { appVersion: version });
await mkdir(dirname(output), { recursive: true });
await writeSnapshotFile(output, content);

const { size } = await stat(output);
const { facts } = incident;
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
console.log(`wrote ${relative(process.cwd(), output) || output}: ${(size / 1024 / 1024).toFixed(2)} MiB, ${content.records.length} records`);
console.log(`  window ${iso(incident.window.start)} – ${iso(incident.window.end)}, ${facts.counts.traces} traces, ${facts.counts.segments} segments, ${facts.counts.spans} spans, ${facts.counts.events} CloudTrail events`);
console.log(`  change ${facts.changeEventName} ${facts.changeEventId} at ${iso(facts.changeTime)} (memory ${facts.memoryBefore} → ${facts.memoryAfter} MB on ${facts.functionName}); 5xx onset ${iso(facts.onsetTime)}`);
console.log(`  5xx before/after: ${facts.counts.faultsBeforeChange}/${facts.counts.faultsAfterChange}, throttled traces before/after: ${facts.counts.throttledBeforeChange}/${facts.counts.throttledAfterChange}`);
if (size > MAX_DEMO_BYTES) {
  console.error(`the demo is ${(size / 1024 / 1024).toFixed(2)} MiB, more than the ${MAX_DEMO_BYTES / 1024 / 1024} MiB it may take in the app: lower tracesPerMinute`);
  process.exitCode = 1;
}
