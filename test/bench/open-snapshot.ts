/**
 * Child process of the open-snapshot benchmark: `node --expose-gc bin/run-ts.mjs test/bench/open-snapshot.ts MODE FILE`.
 * MODE `make`:     writes a generated snapshot of SPANS spans to FILE (argument 3: span count).
 * MODE `baseline`: gunzip + JSON.parse of every line (the format is record-oriented), values kept alive.
 * MODE `open`:     the app's path: readSnapshotFile + buildDataset.
 * Prints one JSON line: {mode, ms, maxRssBytes, ...}.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { buildDataset } from '../../shared/dataset/index.ts';
import { SnapshotBuilder } from '../../shared/import/snapshot-builder.ts';
import { generateScaleSegments } from '../../shared/generator/index.ts';
import { readSnapshotFile, writeSnapshotFile } from '../../electron/files/snapshot-file.ts';

const [mode, file, spansArg] = process.argv.slice(2);
if (!mode || !file) throw new Error('usage: open-snapshot.ts make|baseline|open FILE [SPANS]');

function countSpans(doc: unknown): number {
  let count = 0;
  const stack: unknown[] = [doc];
  while (stack.length) {
    const node = stack.pop() as { subsegments?: unknown[] } | undefined;
    count++;
    if (node && Array.isArray(node.subsegments)) for (const child of node.subsegments) stack.push(child);
  }
  return count;
}

async function make(path: string, spans: number): Promise<object> {
  const builder = new SnapshotBuilder();
  const source = builder.addSource({ name: 'generated', format: 'generator.scale', importedAt: '2024-05-24T00:00:00.000Z' });
  const spansPerTrace = 100;
  let total = 0;
  for (const doc of generateScaleSegments({ seed: 7, traces: Math.ceil(spans / spansPerTrace), spansPerTrace })) {
    builder.add('xray.segment', doc, source);
    total += countSpans(doc);
  }
  await writeSnapshotFile(path, builder.build({ appVersion: 'bench', createdAt: '2024-05-24T00:00:00.000Z' }));
  return { spans: total, documents: builder.size };
}

async function baseline(path: string): Promise<object> {
  const kept: unknown[] = [];
  let bytes = 0;
  let carry = '';
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(path).pipe(createGunzip())) {
    bytes += (chunk as Buffer).length;
    const text = carry + decoder.decode(chunk as Buffer, { stream: true });
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) parseLine(line, kept);
  }
  parseLine(carry, kept);
  return { records: kept.length, uncompressedBytes: bytes };
}

function parseLine(line: string, kept: unknown[]): void {
  const body = line.endsWith(',') ? line.slice(0, -1) : line;
  if (body.startsWith('{"format"')) JSON.parse(`${body}]}`);
  else if (body !== ']}' && body) kept.push(JSON.parse(body));
}

async function open(path: string): Promise<object> {
  const content = await readSnapshotFile(path);
  const dataset = buildDataset(content);
  let spans = 0;
  for (const trace of dataset.traces) spans += trace.spans.length;
  return { records: content.records.length, traces: dataset.traces.length, spans };
}

const started = performance.now();
const result = mode === 'make' ? await make(file, Number(spansArg ?? 1_000_000)) : mode === 'baseline' ? await baseline(file) : await open(file);
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ mode, ms: Math.round(ms), maxRssBytes: process.resourceUsage().maxRSS * 1024, ...result })}\n`);
