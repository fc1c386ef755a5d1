import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SnapshotBuilder } from '../../shared/import/snapshot-builder.ts';
import { generateIncident, generateScaleSegments, toSnapshotContent } from '../../shared/generator/index.ts';
import { openInputs } from '../../shared/incident/index.ts';
import type { SnapshotContent } from '../../shared/model/index.ts';
import { encodeSnapshot, readSnapshotBytes, SnapshotError } from '../../shared/snapshot/index.ts';
import { fixtureBytes, fixtureText } from '../../test/support/fixtures.ts';
import { crc32Combine } from './gzip-join.ts';
import { readSnapshotFile } from './snapshot-file.ts';
import { SnapshotWriter } from './snapshot-writer.ts';

const folder = (): string => mkdtempSync(join(tmpdir(), 'snapshot-stream-'));
const META = { appVersion: '0.1.0', createdAt: '2024-05-24T10:05:00.000Z' };

/** Every record of `content` through a builder that tells the stream, as the import command does. */
function streamed(content: SnapshotContent, stream: SnapshotWriter, textOf: (doc: unknown) => string | undefined = () => undefined): SnapshotContent {
  const builder = new SnapshotBuilder(stream);
  for (const source of content.header.provenance.sources) builder.addSource(source);
  for (const record of content.records) builder.add(record.kind, record.doc, record.source, '', textOf(record.doc));
  return builder.build(META);
}

describe('crc32Combine', () => {
  it('gives the CRC-32 of the two parts joined, for real bytes cut anywhere', () => {
    const bytes = fixtureBytes('aws-cli-examples/lookup-events_output.json');
    for (const cut of [0, 1, 7, 8, 100, 1023, Math.floor(bytes.length / 2), bytes.length - 1, bytes.length]) {
      const [a, b] = [bytes.subarray(0, cut), bytes.subarray(cut)];
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(bytes));
    }
  });
});

describe('SnapshotWriter', () => {
  it('writes, as one gzip member, exactly the text encodeSnapshot writes, which every Node reader reads back', async () => {
    const content = toSnapshotContent(generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 }));
    const dir = folder();
    const path = join(dir, 'incident.json.gz');
    const stream = await SnapshotWriter.open(path, 6);
    const built = streamed(content, stream);
    expect(built.records).toHaveLength(content.records.length);
    expect(await stream.finish(built)).toBe(true);
    const bytes = readFileSync(path);
    expect(gunzipSync(bytes).toString('utf8')).toBe([...encodeSnapshot(built)].join(''));
    // One member: its trailer is the file's last 8 bytes (size of the whole text, little-endian).
    expect(bytes.readUInt32LE(bytes.length - 4)).toBe(gunzipSync(bytes).length);
    expect(await readSnapshotFile(path)).toEqual(built); // node:zlib
    expect(await readSnapshotBytes(bytes)).toEqual(built); // DecompressionStream (shared/snapshot/gunzip.ts)
    const opened = await openInputs([{ name: 'incident.json.gz', bytes }]); // the worker's open
    expect(opened.content).toEqual(built);
    expect(readdirSync(dir)).toEqual(['incident.json.gz']);
  });

  it('writes a document’s own JSON text as it came, not re-stringified', async () => {
    const docs = [...generateScaleSegments({ seed: 3, traces: 4, spansPerTrace: 20 })];
    // Text that JSON.stringify would not write (spaces after the separators) but that parses to the document.
    const textOf = new Map<unknown, string>(docs.map((doc) => [doc, JSON.stringify(doc).replaceAll('":', '": ')]));
    const builder = new SnapshotBuilder();
    const source = builder.addSource({ name: 'segments.ndjson', format: 'xray.segment', importedAt: META.createdAt });
    for (const doc of docs) builder.add('xray.segment', doc, source);
    const path = join(folder(), 'segments.json.gz');
    const stream = await SnapshotWriter.open(path, 1);
    const built = streamed(builder.build(META), stream, (doc) => textOf.get(doc));
    expect(await stream.finish(built)).toBe(true);
    const text = gunzipSync(readFileSync(path)).toString('utf8');
    const lines = text.split('\n');
    expect(lines).toHaveLength(docs.length + 3);
    docs.forEach((doc, i) => expect(lines[i + 1]).toBe(`{"kind":"xray.segment","source":0,"doc":${textOf.get(doc)}}${i < docs.length - 1 ? ',' : ''}`));
    expect(JSON.parse(text)).toEqual({ format: 'trace-explorer-snapshot', version: 1, header: { provenance: built.header.provenance, gaps: [], notes: built.header.notes }, records: built.records });
  });

  it('writes documents larger than its 1 MiB pieces, and text that is not ASCII, as encodeSnapshot does', async () => {
    const content = toSnapshotContent(generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 }));
    const big = { kind: 'cloudtrail.record' as const, source: 0, doc: { eventID: 'big', note: 'é見'.repeat(400_000) } };
    const records = [...content.records.slice(0, 3), big, ...content.records.slice(3), big];
    const path = join(folder(), 'big.json.gz');
    const stream = await SnapshotWriter.open(path, 1);
    const built = streamed({ ...content, records }, stream);
    expect(await stream.finish(built)).toBe(true);
    expect(gunzipSync(readFileSync(path)).toString('utf8')).toBe([...encodeSnapshot(built)].join(''));
  });

  it('writes an empty snapshot as encodeSnapshot does', async () => {
    const content = toSnapshotContent(generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 }));
    const empty = { ...content, records: [] };
    const path = join(folder(), 'empty.json.gz');
    const stream = await SnapshotWriter.open(path, 6);
    expect(await stream.finish(empty)).toBe(true);
    expect(gunzipSync(readFileSync(path)).toString('utf8')).toBe([...encodeSnapshot(empty)].join(''));
  });

  it('says it cannot be used when a record is replaced in place, and leaves nothing behind', async () => {
    const doc = JSON.parse(fixtureText('otel-contrib-awsxray/minInProgress.txt')) as Record<string, unknown>;
    const { in_progress: _drop, ...rest } = doc;
    const completed = { ...rest, end_time: (doc.start_time as number) + 0.25 };
    const dir = folder();
    const path = join(dir, 'replaced.json.gz');
    const stream = await SnapshotWriter.open(path, 6);
    const builder = new SnapshotBuilder(stream);
    const source = builder.addSource({ name: 'a.json', format: 'xray.segment', importedAt: META.createdAt });
    expect(builder.add('xray.segment', doc, source)).toBe('added');
    expect(builder.add('xray.segment', completed, source)).toBe('replaced');
    expect(await stream.finish(builder.build(META))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('says it cannot be used for records it was not told of (a snapshot opened as it is)', async () => {
    const content = toSnapshotContent(generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 }));
    const dir = folder();
    const stream = await SnapshotWriter.open(join(dir, 'other.json.gz'), 6);
    expect(await stream.finish(content)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on a header that cannot be written, throws and leaves an existing file as it was', async () => {
    const content = toSnapshotContent(generateIncident({ seed: 4, minutes: 20, changeMinute: 10, tracesPerMinute: 12 }));
    const dir = folder();
    const path = join(dir, 'kept.json.gz');
    writeFileSync(path, 'the old snapshot');
    const stream = await SnapshotWriter.open(path, 6);
    const built = streamed(content, stream);
    const bad = { ...built, header: { ...built.header, provenance: { ...built.header.provenance, createdAt: 42 as unknown as string } } };
    const error = await stream.finish(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).message).toMatch(/^the snapshot header cannot be written: header\.provenance\.createdAt: expected a string/);
    expect(readFileSync(path, 'utf8')).toBe('the old snapshot');
    expect(readdirSync(dir)).toEqual(['kept.json.gz']);
  });
});
