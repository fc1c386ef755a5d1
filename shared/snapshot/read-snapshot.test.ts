import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RawRecord, SnapshotContent } from '../model/index.ts';
import { AppError } from '../base/errors.ts';
import { encodeSnapshot, readSnapshot, readSnapshotBytes, SnapshotError, type SnapshotMigration } from './index.ts';

const encoder = new TextEncoder();

function content(records: readonly RawRecord[], sources = 1): SnapshotContent {
  return {
    header: {
      format: 'trace-explorer-snapshot',
      version: 1,
      provenance: {
        sources: Array.from({ length: sources }, (_, i) => ({ name: `input-${i}.json`, format: 'xray.batchGetTraces', importedAt: '2024-05-24T10:00:00.000Z' })),
        accountIds: ['123456789012'],
        regions: ['us-east-1'],
        queries: [],
        appVersion: '0.1.0',
        createdAt: '2024-05-24T10:05:00.000Z',
      },
      gaps: [{ kind: 'throttled', what: 'xray.BatchGetTraces', detail: '3 calls throttled', ids: ['1-5f84c7a1-0123456789abcdef01234567'] }],
      notes: { summary: 'checkout 5xx after deploy', bookmarks: [] },
    },
    records,
  };
}

const segment = (i: number): RawRecord => ({ kind: 'xray.segment', source: 0, doc: { id: i.toString(16).padStart(16, '0'), name: 'api', start_time: 1716544800 + i, end_time: 1716544800.5 + i } });

function text(value: SnapshotContent): string {
  return [...encodeSnapshot(value)].join('');
}

async function failure(bytes: Uint8Array | string, options: Parameters<typeof readSnapshotBytes>[1] = { file: 'incident.json.gz' }): Promise<SnapshotError> {
  try {
    await readSnapshotBytes(typeof bytes === 'string' ? encoder.encode(bytes) : bytes, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error).toBeInstanceOf(AppError);
    return error as SnapshotError;
  }
  throw new Error('expected the snapshot to be refused');
}

describe('readSnapshot: refusals name the file, the place and what was expected', () => {
  const good = text(content([segment(1), segment(2), segment(3)]));

  it('a record of an unknown kind, with its JSON path and line', async () => {
    const error = await failure(good.replace('{"kind":"xray.segment","source":0,"doc":{"id":"0000000000000002"', '{"kind":"xray.trace","source":0,"doc":{"id":"0000000000000002"'));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/^incident\.json\.gz: records\[1\]\.kind: expected one of "xray\.segment", "xray\.summary", .*got a string \("xray\.trace"\) \(line 3\)$/);
  });

  it('a record whose source is not an index into the sources', async () => {
    const error = await failure(good.replace('"source":0,"doc":{"id":"0000000000000003"', '"source":1,"doc":{"id":"0000000000000003"'));
    expect(error.message).toBe('incident.json.gz: records[2].source: expected an integer from 0 to 0 (an index into header.provenance.sources), got a number (1) (line 4)');
    const fractional = await failure(good.replace('"source":0,"doc":{"id":"0000000000000003"', '"source":0.5,"doc":{"id":"0000000000000003"'));
    expect(fractional.message).toContain('records[2].source: expected an integer from 0 to 0');
  });

  it('a record whose doc is not an object or array, or that is not an object at all', async () => {
    const lines = good.split('\n');
    lines[1] = '{"kind":"xray.segment","source":0,"doc":"{\\"id\\":1}"},';
    expect((await failure(lines.join('\n'))).message).toBe('incident.json.gz: records[0].doc: expected an object or an array, got a string ("{\\"id\\":1}") (line 2)');
    lines[1] = '{"kind":"xray.segment","source":0},';
    expect((await failure(lines.join('\n'))).message).toBe('incident.json.gz: records[0].doc: expected an object or an array, got nothing (line 2)');
  });

  it('a header field of the wrong type, with its JSON path', async () => {
    const two = text(content([segment(1)], 3)).replace('"name":"input-2.json"', '"name":42');
    const error = await failure(two);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toBe('incident.json.gz: the header is not valid: header.provenance.sources[2].name: expected a string, got a number (42)');
    const gaps = await failure(good.replace('"kind":"throttled"', '"kind":"slow"').replace('"summary":"checkout 5xx after deploy",', ''));
    expect(gaps.message).toBe(
      'incident.json.gz: the header is not valid: header.gaps[0].kind: expected one of "failed", "throttled", "truncated", "skipped", "notFetched", got a string ("slow"); header.notes.summary: expected a string, got nothing',
    );
  });

  it('a file that is not a snapshot, saying what it is', async () => {
    const records = await failure('{"Records":[{"eventVersion":"1.08","eventName":"UpdateFunctionConfiguration20150331v2"}]}');
    expect(records.kind).toBe('invalidInput');
    expect(records.message).toBe(
      'incident.json.gz: not a Trace Explorer snapshot: it is JSON that starts with `{"Records":[{"eventVersion":"1.08","eventName":"UpdateFuncti…` (if it is X-Ray or CloudTrail data, import it instead of opening it as a snapshot); expected a Trace Explorer snapshot: gzip-compressed JSON that starts with {"format":"trace-explorer-snapshot"',
    );
    expect((await failure('{"format":"otlp","version":1}')).message).toContain('not a Trace Explorer snapshot: it is JSON whose "format" is "otlp"');
    expect((await failure(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]))).message).toContain('not a Trace Explorer snapshot: it is a zip archive; expected');
    expect((await failure(new Uint8Array([0, 1, 2, 3, 250, 251]))).message).toContain('it is binary data (it starts with the bytes 00 01 02 03 fa fb)');
    expect((await failure('hello')).message).toContain('it is text that starts with `hello`');
    expect((await failure('')).message).toBe('incident.json.gz: the file is empty; expected a Trace Explorer snapshot');
    expect((await failure(gzipSync(gzipSync(good)))).message).toContain('it is gzip-compressed data (decompress it first, or it was compressed twice)');
  });

  it('a snapshot from a newer Trace Explorer', async () => {
    const error = await failure(gzipSync(good.replace('"version":1', '"version":2')));
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toBe('incident.json.gz: made by a newer Trace Explorer (version 2); this one reads up to 1. Update Trace Explorer to open it');
    // Found in the header even when the version is not right after the format (reformatted by a tool).
    const moved = JSON.stringify({ format: 'trace-explorer-snapshot', header: {}, version: 7, records: [] });
    expect((await failure(moved)).message).toContain('made by a newer Trace Explorer (version 7)');
  });

  it('a truncated file: cut at a line end, inside a record, or inside the gzip stream', async () => {
    const atLineEnd = good.slice(0, good.lastIndexOf(']}'));
    expect((await failure(atLineEnd)).message).toBe(
      'incident.json.gz: the file is truncated: it ends without the closing "]}" line (the last complete record is records[2], line 4); it was probably cut off while being copied or written',
    );
    const insideRecord = good.slice(0, good.indexOf('"doc"', good.indexOf('0000000000000003') - 40));
    expect((await failure(insideRecord)).message).toMatch(/^incident\.json\.gz: the file is truncated: it ends on line 4 \(records\[2\]\) without the closing "\]\}" line/);
    const compressed = gzipSync(good);
    const cut = await failure(compressed.subarray(0, compressed.length - 12));
    expect(cut.kind).toBe('corrupt');
    expect(cut.message).toContain('incident.json.gz: truncated gzip');
  });

  it('broken JSON and broken line structure', async () => {
    expect((await failure(good.replace('"name":"api","start_time":1716544801', '"name":"api" "start_time":1716544801'))).message).toMatch(/^incident\.json\.gz: records\[0\]: is not valid JSON \(.+\) \(line 2\)$/);
    const noComma = good.replace('},\n{"kind"', '}\n{"kind"');
    expect((await failure(noComma)).message).toBe('incident.json.gz: line 3: the record on line 2 has no comma after it, yet another record follows, so the file is not valid JSON');
    const trailingComma = good.replace('}\n]}', '},\n]}');
    expect((await failure(trailingComma)).message).toBe('incident.json.gz: line 5: the record on line 4 ends with a comma but no record follows, so the file is not valid JSON');
    expect((await failure(`${good}{"more":1}\n`)).message).toBe('incident.json.gz: line 6: expected nothing after the closing "]}" line, got "{\\"more\\":1}"');
    expect((await failure(good.replace('{"format":"trace-explorer-snapshot","version":1,"header":{', '{"format":"trace-explorer-snapshot","version":1,"header":{{'))).message).toMatch(
      /^incident\.json\.gz: line 1: the header line is not valid JSON/,
    );
    const badUtf8 = encoder.encode(good);
    badUtf8[good.indexOf('"api"') + 1] = 0xff;
    expect((await failure(badUtf8)).message).toBe('incident.json.gz: line 2: is not valid UTF-8 text');
  });

  it('tolerates CRLF line ends and blank lines, as a text editor may leave them', async () => {
    const crlf = good.replaceAll('\n', '\r\n').replace('\r\n]}', '\r\n\r\n]}');
    expect(await readSnapshotBytes(encoder.encode(crlf))).toEqual(content([segment(1), segment(2), segment(3)]));
  });
});

describe('readSnapshot: caps', () => {
  const big = content(Array.from({ length: 50 }, (_, i) => segment(i)));
  const bytes = encoder.encode(text(big));

  it('refuses a record line over maxRecordBytes, before reading on', async () => {
    const huge = content([{ kind: 'xray.segment', source: 0, doc: { blob: 'x'.repeat(5000) } }]);
    const error = await failure(text(huge), { file: 'big.json', limits: { maxRecordBytes: 4096 } });
    expect(error.kind).toBe('invalidInput');
    expect(error.message).toBe('big.json: line 2: is longer than the 4 KiB limit for one line');
  });

  it('refuses more decompressed bytes than maxDecompressedBytes, stopping at the cap', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let offset = 0; offset < bytes.length; offset += 256) {
        pulled += 256;
        yield bytes.subarray(offset, offset + 256);
      }
    }
    await expect(readSnapshot(source(), { file: 's.json', limits: { maxDecompressedBytes: 2048 } })).rejects.toThrow('s.json: is larger than the 2 KiB limit once decompressed');
    expect(pulled).toBeLessThanOrEqual(2048 + 256);
  });

  it('refuses a compressed file over maxCompressedBytes without inflating it', async () => {
    const gz = gzipSync(bytes);
    const error = await failure(gz, { file: 'x.json.gz', limits: { maxCompressedBytes: gz.length - 1 } });
    expect(error.message).toMatch(/^x\.json\.gz: is .+, larger than the .+ limit for a file opened on this machine$/);
  });

  it('reports progress in decompressed bytes', async () => {
    const seen: number[] = [];
    await readSnapshotBytes(gzipSync(bytes), { onProgress: (n) => seen.push(n) });
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toStrictEqual([...seen].sort((a, b) => a - b));
  });
});

describe('readSnapshot: untrusted keys stay data', () => {
  it('keeps __proto__ and constructor keys in documents and queries as own properties, changing no prototype', async () => {
    const hostile =
      '{"format":"trace-explorer-snapshot","version":1,"header":{"provenance":{"sources":[{"name":"a","format":"f","importedAt":"t"}],"accountIds":[],"regions":[],' +
      '"queries":[{"__proto__":{"polluted":"query"},"constructor":{"prototype":{"polluted":"ctor"}}}],"appVersion":"1","createdAt":"t","__proto__":{"polluted":"header"}},' +
      '"gaps":[],"notes":{"summary":"","bookmarks":[]}},"records":[\n' +
      '{"kind":"xray.segment","source":0,"doc":{"__proto__":{"polluted":"doc","isAdmin":true},"constructor":{"prototype":{"polluted":"doc2"}},"name":"x"},"__proto__":{"kind":"x"}}\n]}\n';
    for (const bytes of [encoder.encode(hostile), gzipSync(hostile), encoder.encode(JSON.stringify(JSON.parse(hostile), null, 2))]) {
      const read = await readSnapshotBytes(bytes);
      const doc = read.records[0]?.doc as Record<string, unknown>;
      expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
      expect(Object.keys(doc)).toStrictEqual(['__proto__', 'constructor', 'name']);
      expect(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value).toStrictEqual(JSON.parse('{"polluted":"doc","isAdmin":true}'));
      expect((doc as { isAdmin?: unknown }).isAdmin).toBeUndefined();
      const query = read.header.provenance.queries[0] as Record<string, unknown>;
      expect(Object.keys(query)).toStrictEqual(['__proto__', 'constructor']);
      expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
      // And it is written back the same way.
      expect(text(read).split('\n')[1]).toBe('{"kind":"xray.segment","source":0,"doc":{"__proto__":{"polluted":"doc","isAdmin":true},"constructor":{"prototype":{"polluted":"doc2"}},"name":"x"}}');
    }
  });
});

describe('readSnapshot: migrations and depth', () => {
  it('runs the migration hook for an older version before validating', async () => {
    const v0 =
      '{"format":"trace-explorer-snapshot","version":0,"header":{"provenance":{"sources":[{"name":"a","format":"f","importedAt":"t"}],"accountIds":[],"regions":[],"queries":[],"appVersion":"0","createdAt":"t"},"gaps":[]},"records":[\n' +
      '{"type":"xray.segment","source":0,"doc":{"id":"a"}}\n]}\n';
    const renameType: SnapshotMigration = {
      from: 0,
      migrateTop: (top) => ({ ...top, version: 1, header: { ...(top['header'] as object), notes: { summary: 'migrated', bookmarks: [] } } }),
      migrateRecord: (record) => {
        const { type, ...rest } = record as { type: unknown };
        return { kind: type, ...rest };
      },
    };
    const read = await readSnapshotBytes(encoder.encode(v0), { migrations: [renameType] });
    expect(read.header.version).toBe(1);
    expect(read.header.notes.summary).toBe('migrated');
    expect(read.records).toStrictEqual([{ kind: 'xray.segment', source: 0, doc: { id: 'a' } }]);
    expect((await failure(v0, { file: 'old.json' })).message).toBe('old.json: is version 0, older than any snapshot this Trace Explorer can read (it reads versions 1 to 1)');
  });

  it('round-trips a document nested 10,000 levels deep', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { subsegments: [deep] };
    const written = text(content([{ kind: 'xray.segment', source: 0, doc: deep }]));
    expect(written.split('\n')[1]).toBe(`{"kind":"xray.segment","source":0,"doc":${'{"subsegments":['.repeat(10_000)}{"leaf":true}${']}'.repeat(10_000)}}`);
    const read = await readSnapshotBytes(gzipSync(written));
    let node = read.records[0]?.doc as { subsegments?: unknown[]; leaf?: boolean };
    let depth = 0;
    while (node.subsegments) {
      node = node.subsegments[0] as typeof node;
      depth++;
    }
    expect(depth).toBe(10_000);
    expect(node).toStrictEqual({ leaf: true });
  });
});
