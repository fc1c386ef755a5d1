import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../test/support/fixtures.ts';
import { encodeSnapshot, gunzip, isSnapshot, readSnapshotBytes, SnapshotError } from './index.ts';

/** gzip of `megabytes` MiB of zeros, made as a stream (the zeros never exist all at once). */
async function zeroBomb(megabytes: number): Promise<Uint8Array> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < megabytes; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

async function* piecesOf(bytes: Uint8Array, size: number, counter: { pulled: number }): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    counter.pulled += Math.min(size, bytes.length - offset);
    yield bytes.subarray(offset, offset + size);
  }
}

async function drain(source: AsyncIterable<Uint8Array>): Promise<number> {
  let total = 0;
  for await (const chunk of source) total += chunk.length;
  return total;
}

describe('gunzip', () => {
  it('inflates what zlib compressed, from bytes or from a stream of pieces', async () => {
    const text = Buffer.from('{"a":"é"}\n'.repeat(50_000));
    const gz = gzipSync(text);
    expect(await drain(gunzip(gz))).toBe(text.length);
    const chunks: Uint8Array[] = [];
    for await (const chunk of gunzip(piecesOf(gz, 777, { pulled: 0 }))) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(text)).toBe(true);
  });

  it('stops a decompression bomb at the cap, long before the input is used up', async () => {
    const bomb = await zeroBomb(256);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const counter = { pulled: 0 };
    let inflated = 0;
    await expect(
      (async () => {
        for await (const chunk of gunzip(piecesOf(bomb, 4096, counter), { maxDecompressedBytes: 4 * 1024 * 1024 }, 'bomb.json.gz')) inflated += chunk.length;
      })(),
    ).rejects.toThrow('bomb.json.gz: is larger than the 4 MiB limit once decompressed');
    expect(inflated).toBeLessThanOrEqual(4 * 1024 * 1024);
    // 4 MiB of output needs ~4 KiB of this input; allow for what the stream had queued.
    expect(counter.pulled).toBeLessThan(bomb.length / 4);
  });

  it('stops a bomb given as one Uint8Array too', async () => {
    const bomb = await zeroBomb(256);
    await expect(readSnapshotBytes(bomb, { file: 'bomb.gz', limits: { maxDecompressedBytes: 1024 * 1024 } })).rejects.toThrow(
      // The zeros are not a snapshot: the reader may say so first, or the cap may strike first.
      /bomb\.gz: (is larger than the 1 MiB limit once decompressed|not a Trace Explorer snapshot: it is binary data)/,
    );
    let inflated = 0;
    await expect(
      (async () => {
        for await (const chunk of gunzip(bomb, { maxDecompressedBytes: 8 * 1024 * 1024 })) inflated += chunk.length;
      })(),
    ).rejects.toThrow('is larger than the 8 MiB limit once decompressed');
    expect(inflated).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('calls a cut-off stream truncated gzip, and broken data not valid gzip', async () => {
    const gz = gzipSync(Buffer.from('x'.repeat(100_000)));
    for (const cut of [gz.length - 1, gz.length - 8, Math.floor(gz.length / 2), 12]) {
      const error = await drain(gunzip(gz.subarray(0, cut), undefined, 'cut.gz')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SnapshotError);
      expect((error as SnapshotError).kind).toBe('corrupt');
      expect((error as SnapshotError).message).toMatch(/^cut\.gz: truncated gzip: /);
    }
    const broken = Buffer.from(gz);
    broken[gz.length >> 1] = (broken[gz.length >> 1] as number) ^ 0xff;
    broken[(gz.length >> 1) + 1] = (broken[(gz.length >> 1) + 1] as number) ^ 0xff;
    const error = await drain(gunzip(broken, undefined, 'broken.gz')).catch((e: unknown) => e as SnapshotError);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as SnapshotError).message).toMatch(/^broken\.gz: (is not valid gzip data \(.+\)|truncated gzip)/);
    const notGzip = await drain(gunzip(Buffer.from('plain text, not gzip'))).catch((e: unknown) => e as SnapshotError);
    expect((notGzip as SnapshotError).message).toMatch(/^is not valid gzip data \(.+\)$/);
  });

  it('passes on a failure of its input as it is', async () => {
    const gz = gzipSync(Buffer.from('y'.repeat(100_000)));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 100);
      throw new Error('disk went away');
    }
    await expect(drain(gunzip(failing()))).rejects.toThrow('disk went away');
  });

  it('closes its input when the reader stops early', async () => {
    const gz = gzipSync(Buffer.from('z'.repeat(4_000_000)));
    let closed = false;
    let onClosed: () => void = () => undefined;
    const wasClosed = new Promise<void>((resolve) => (onClosed = resolve));
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let offset = 0; offset < gz.length; offset += 64) yield gz.subarray(offset, offset + 64);
      } finally {
        closed = true;
        onClosed();
      }
    }
    for await (const chunk of gunzip(source())) if (chunk.length) break;
    // The input is closed when its generator's finally runs (no sleep: the test times out if never).
    await wasClosed;
    expect(closed).toBe(true);
  });
});

describe('isSnapshot', () => {
  const written = [
    ...encodeSnapshot({
      header: { format: 'trace-explorer-snapshot', version: 1, provenance: { sources: [], accountIds: [], regions: [], queries: [], appVersion: '1', createdAt: 't' }, gaps: [], notes: { summary: '', bookmarks: [] } },
      records: [],
    }),
  ].join('');

  it('recognises snapshots, compressed or not, and pretty-printed', async () => {
    expect(await isSnapshot(gzipSync(written))).toBe(true);
    expect(await isSnapshot(Buffer.from(written))).toBe(true);
    expect(await isSnapshot(Buffer.from(JSON.stringify(JSON.parse(written), null, 2)))).toBe(true);
  });

  it('says no to real AWS files, compressed or not, and to junk', async () => {
    expect(await isSnapshot(fixtureBytes('cloudtrail-processing-library/SerializerTestFileCompact.json.gz'))).toBe(false);
    expect(await isSnapshot(fixtureBytes('aws-cli-examples/batch-get-traces_output.json'))).toBe(false);
    expect(await isSnapshot(fixtureBytes('otel-contrib-awsxray/udp-datagram-with-header/ddbSample.txt'))).toBe(false);
    expect(await isSnapshot(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]))).toBe(false);
    expect(await isSnapshot(new Uint8Array())).toBe(false);
  });

  it('looks at the start only: no to a 64 MiB gzip bomb, yes to a snapshot cut off after its first 64 KiB', async () => {
    // How cheap that is belongs to the benchmarks, not to a timed unit test.
    const bomb = await zeroBomb(64);
    expect(await isSnapshot(bomb)).toBe(false);
    let state = 1;
    const noise = Buffer.from(Array.from({ length: 200_000 }, () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24)); // incompressible
    const big = gzipSync(Buffer.concat([Buffer.from(written), noise]));
    expect(big.length).toBeGreaterThan(128 * 1024);
    expect(await isSnapshot(big.subarray(0, 64 * 1024))).toBe(true);
  });

  it('explains a real CloudTrail log file given as a snapshot', async () => {
    await expect(readSnapshotBytes(fixtureBytes('cloudtrail-processing-library/SerializerTestFileCompact.json.gz'), { file: 'trail.json.gz' })).rejects.toThrow(
      /^trail\.json\.gz: not a Trace Explorer snapshot: it is JSON that starts with `\{"Records":/,
    );
  });
});
