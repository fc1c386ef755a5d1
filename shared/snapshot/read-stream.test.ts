import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../base/errors.ts';
import { repeatedGzip, snapshotOpening, tinyRecord, tinyRecords, tinySnapshot } from '../../test/support/bombs.ts';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { encodeSnapshot, SnapshotError, SnapshotStream, type ReadProgress, type SnapshotSink } from './index.ts';
import type { RawRecord, SnapshotContent } from '../model/index.ts';

const encoder = new TextEncoder();

function countingSink(): SnapshotSink & { records: RawRecord[]; lines: string[] } {
  const records: RawRecord[] = [];
  const lines: string[] = [];
  const decoder = new TextDecoder();
  return {
    records,
    lines,
    header() {},
    record(record, bytes, start, end) {
      records.push(record);
      if (bytes) lines.push(decoder.decode(bytes.subarray(start, end)));
    },
  };
}

async function* pieces(bytes: Uint8Array, size: number, pulled: { bytes: number }): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    pulled.bytes += Math.min(size, bytes.length - offset);
    yield bytes.subarray(offset, offset + size);
  }
}

async function refusal(run: () => Promise<unknown>): Promise<SnapshotError | AppError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

const small: SnapshotContent = {
  header: {
    format: 'trace-explorer-snapshot',
    version: 1,
    provenance: { sources: [{ name: 'a.json', format: 'f', importedAt: '2024-05-24T00:00:00.000Z' }], accountIds: [], regions: [], queries: [], appVersion: '1', createdAt: '2024-05-24T00:00:00.000Z' },
    gaps: [],
    notes: { summary: '', bookmarks: [] },
  },
  records: Array.from({ length: 300 }, (_, i) => ({ kind: 'xray.segment' as const, source: 0, doc: { id: `${i}`, trace_id: '1-a-b', start_time: i, name: 'é' } })),
};
const smallText = [...encodeSnapshot(small)].join('');

describe('SnapshotStream: one pass, sniffed once', () => {
  it('hands every record and its own line to the sink, from gzip or plain text, in any chunking', async () => {
    for (const bytes of [encoder.encode(smallText), new Uint8Array(gzipSync(smallText))]) {
      for (const size of [1, 7, 4096]) {
        const sink = countingSink();
        const stream = await SnapshotStream.open(pieces(bytes, size, { bytes: 0 }), { file: 's.json' });
        expect(stream.sniffed.ours).toBe(true);
        await stream.read(sink);
        expect(sink.records).toStrictEqual(small.records);
        // The line is exactly the record's JSON (its comma dropped), so it parses back to it.
        expect(sink.lines.map((line) => JSON.parse(line))).toStrictEqual(small.records);
      }
    }
  });

  it('gives a file that is not a snapshot back whole, read once (a gzipped CloudTrail log)', async () => {
    const log = fixtureBytes('cloudtrail-processing-library/SerializerTestFileCompact.json.gz');
    const stream = await SnapshotStream.open(pieces(log, 1000, { bytes: 0 }), { file: 'log.json.gz' });
    expect(stream.sniffed).toMatchObject({ ours: false });
    expect(Buffer.from(await stream.allBytes()).equals(Buffer.from(log))).toBe(true);
  });

  it('reports progress in stored bytes (with the size when known), text bytes and records', async () => {
    const gz = new Uint8Array(gzipSync(smallText));
    const seen: ReadProgress[] = [];
    const stream = await SnapshotStream.open(pieces(gz, 64, { bytes: 0 }), { size: gz.length, onProgress: (progress) => seen.push(progress) });
    await stream.read(countingSink());
    const last = seen.at(-1);
    expect(last).toStrictEqual({ fileBytes: gz.length, fileSize: gz.length, textBytes: Buffer.byteLength(smallText), records: 300 });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.textBytes).toBeGreaterThanOrEqual(seen[i - 1]!.textBytes);
  });

  it('stops with a cancelled error once its signal is aborted, and lets go of its source', async () => {
    const signal = { aborted: false };
    let pulled = 0;
    let returned = false;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          pulled++;
          return { done: false, value: encoder.encode(pulled === 1 ? snapshotOpening() : tinyRecord(pulled)) };
        },
        return: async () => {
          returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const stream = await SnapshotStream.open(source, { file: 'endless.json', signal, onProgress: (progress) => (signal.aborted = progress.records >= 50) });
    const error = await refusal(() => stream.read(countingSink()));
    expect(error.kind).toBe('cancelled');
    expect(error.message).toBe('Opening endless.json was cancelled.');
    expect(pulled).toBeLessThan(60);
    expect(returned).toBe(true);
  });
});

describe('SnapshotStream: bombs and bounds, refused on what is known first', () => {
  it('a stored size over the cap, before reading a byte', async () => {
    let pulled = 0;
    const source: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => ({ next: async () => ((pulled++), { done: true, value: undefined }) }) };
    const error = await refusal(() => SnapshotStream.open(source, { file: 'huge.json.gz', size: 5 * 2 ** 30, limits: { maxCompressedBytes: 2 ** 30 } }));
    expect(error.message).toBe('huge.json.gz: is 5 GiB, larger than the 1 GiB limit for a file opened on this machine');
    expect(pulled).toBe(0);
  });

  it('tiny records in repeated gzip members, by their inflation ratio after 16 MiB of text (the file in pieces, or whole)', async () => {
    const block = tinyRecords(10_000, false);
    const bomb = repeatedGzip(snapshotOpening(), block, 2000);
    const pulled = { bytes: 0 };
    const inflated = Buffer.byteLength(block) * 2000;
    const stream = await SnapshotStream.open(pieces(bomb, 16 * 1024, pulled), { file: 'bomb.json.gz' });
    const error = await refusal(() => stream.read(countingSink()));
    expect(error.message).toMatch(/^bomb\.json\.gz: inflates to more than 200 times its compressed size \(16(\.\d)? MiB from the first [\d.]+ KiB\), which JSON does not do/);
    expect(pulled.bytes).toBeLessThan(bomb.length / 10);
    expect(inflated).toBeGreaterThan(1.5 * 2 ** 30);
    // All of it in one chunk (as the CLI reads a file): the ratio counts what the inflater was given.
    const whole = await SnapshotStream.open(bomb, { file: 'bomb.json.gz' });
    expect((await refusal(() => whole.read(countingSink()))).message).toMatch(/^bomb\.json\.gz: inflates to more than 200 times/);
  });

  it('too many records, blank lines, or memory in use', async () => {
    const records = encoder.encode(tinySnapshot(5000));
    const tooMany = await refusal(async () => (await SnapshotStream.open(records, { file: 'r.json', limits: { maxRecords: 1000 } })).read(countingSink()));
    expect(tooMany.message).toBe('r.json: line 1002: holds more than 1,000 records, more than this machine can hold open; split it, or open it on a machine with more memory');

    const blanks = encoder.encode(tinySnapshot(1, '\n'.repeat(20_000)));
    const blank = await refusal(async () => (await SnapshotStream.open(blanks, { file: 'b.json' })).read(countingSink()));
    expect(blank.message).toBe('b.json: line 10003: has more than 10,000 blank lines, which no snapshot has (Trace Explorer writes none); it is damaged or not a snapshot');

    let used = 0;
    const memory = (): { used: number; limit: number } => ({ used: (used += 100), limit: 1000 });
    const big = encoder.encode(tinySnapshot(400_000));
    const full = await refusal(async () => (await SnapshotStream.open(big, { file: 'm.json', memory })).read(countingSink()));
    expect(full.message).toMatch(/^m\.json: is too big to open on this machine: after [\d.]+ MiB of its text, reading it uses 1000 B of the 1000 B this process may use$/);
  });

  it('a line over its cap, and decompressed bytes over theirs', async () => {
    const long = encoder.encode(`${snapshotOpening()}{"kind":"xray.segment","source":0,"doc":{"blob":"${'x'.repeat(5000)}"}}\n]}\n`);
    expect((await refusal(async () => (await SnapshotStream.open(long, { file: 'l.json', limits: { maxRecordBytes: 4096 } })).read(countingSink()))).message).toBe(
      'l.json: line 2: is longer than the 4 KiB limit for one line',
    );
    const gz = new Uint8Array(gzipSync(smallText));
    expect((await refusal(async () => (await SnapshotStream.open(gz, { file: 'd.json.gz', limits: { maxDecompressedBytes: 4096 } })).read(countingSink()))).message).toBe(
      'd.json.gz: is larger than the 4 KiB limit once decompressed',
    );
  });
});
