import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import type { RawKind } from '../model/index.ts';
import { importStream } from './import-file.ts';

/** The bytes in chunks of `size`, as a file read from disk arrives. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function read(file: string, bytes: Uint8Array, size?: number) {
  const added: { kind: RawKind; doc: unknown; at: string }[] = [];
  const outcome = await importStream(file, chunks(bytes, size), { add: (kind, doc, at) => added.push({ kind, doc, at }) });
  return { added, outcome };
}

const text = (value: string) => new TextEncoder().encode(value);
const failure = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => (error as Error).message);

describe('importStream', () => {
  it('hands over each document as it is read, with its line, from gzip-compressed JSON lines in small chunks', async () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({ id: `${i}`.padStart(16, '0'), trace_id: '1-5f29ab21-d4ebf299219a65bd5c31d6da', name: 's', start_time: 1_700_000_000 + i, end_time: 1_700_000_001 + i }));
    const { added, outcome } = await read('lines.ndjson.gz', gzipSync(docs.map((doc) => JSON.stringify(doc)).join('\n')), 13);
    expect(added.map((a) => a.doc)).toEqual(docs);
    expect(added.map((a) => a.at)).toEqual(docs.map((_, i) => `line ${i + 1}`));
    expect(outcome).toMatchObject({ formats: ['xray.segment'], documents: 50, problems: [] });
  });

  it('reads a real file given one byte at a time as it reads it whole', async () => {
    const bytes = fixtureBytes('aws-cli-examples/lookup-events_output.json');
    const whole = await read('lookup.json', bytes, bytes.length);
    const byByte = await read('lookup.json', bytes, 1);
    expect(byByte.added).toEqual(whole.added);
    expect(whole.added.map((a) => a.at)).toEqual(['Events[0]']);
  });

  it('says what a file is when it is not text or not JSON: empty, binary, UTF-32, plain text', async () => {
    expect(await failure(read('empty.json', new Uint8Array(0)))).toBe('empty.json: the file is empty');
    expect(await failure(read('z.json', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0])))).toBe('z.json: binary data, not text (it starts with the bytes 50 4b 03 04 00 00 00 00); expected JSON');
    expect(await failure(read('u32.json', new Uint8Array([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0])))).toMatch(/^u32\.json: is UTF-32 text; save it as UTF-8/);
    expect(await failure(read('text.json', text('hello, world')))).toMatch(/^text\.json: not JSON: it starts with "hello, world"/);
  });
});
