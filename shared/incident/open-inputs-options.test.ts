import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoSnapshotBytes, fixtureBytes } from '../../test/support/fixtures.ts';
import { generateIncident, toSnapshotContent } from '../generator/index.ts';
import { DEFAULT_LIMITS, encodeSnapshot } from '../snapshot/index.ts';
import { openInputs, type OpenProgress } from './open-inputs.ts';

// aws-cli-examples/batch-get-traces_output.json is 2,186 bytes on disk: 2.1 KiB; a 2,048-byte cap is "2 KiB".
const batch = (name = 'batch.json') => ({ name, bytes: fixtureBytes('aws-cli-examples/batch-get-traces_output.json') });
const TOO_SMALL = 2048;

/** A small generated incident as the snapshot file the app writes (plain JSON lines). */
function snapshotFile() {
  const content = toSnapshotContent(generateIncident({ seed: 5, minutes: 6, changeMinute: 3, tracesPerMinute: 2 }));
  return { content, bytes: new TextEncoder().encode([...encodeSnapshot(content)].join('')) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('openInputs passes its caps to the reader', () => {
  it('refuses a single file over the size cap before reading it, naming its size and the cap', async () => {
    const expected = 'Nothing could be read. batch.json: is 2.1 KiB, larger than the 2 KiB limit for a file opened on this machine';
    await expect(openInputs([batch()], { limits: { maxCompressedBytes: TOO_SMALL } })).rejects.toThrow(expected);
    await expect(openInputs([batch()], { baseLimits: { ...DEFAULT_LIMITS, maxCompressedBytes: TOO_SMALL } })).rejects.toMatchObject({ kind: 'invalidInput', message: expected });
  });

  it('checks each of several files while it is read (no size is given then), and says so file by file', async () => {
    const refused = openInputs([batch('a.json'), batch('b.json')], { limits: { maxCompressedBytes: TOO_SMALL } });
    await expect(refused).rejects.toThrow(
      'Nothing could be read. a.json: is larger than the 2 KiB limit for a file opened on this machine; b.json: is larger than the 2 KiB limit for a file opened on this machine',
    );
  });

  it('stops a snapshot whose reading uses too much memory, after the first 4 MiB of its text', async () => {
    const { bytes } = snapshotFile();
    expect(bytes.length).toBeLessThan(4 * 1024 * 1024);
    // The demo is 20 MB of text: the memory is first looked at once 4 MiB of it are read.
    const demo = { name: 'demo.json.gz', bytes: demoSnapshotBytes() };
    const memory = vi.fn(() => ({ used: 95, limit: 100 }));
    await expect(openInputs([demo], { memory })).rejects.toThrow(/^Nothing could be read\. demo\.json\.gz: is too big to open on this machine: after .* of its text, reading it uses 95 B of the 100 B this process may use$/);
    expect(memory).toHaveBeenCalledTimes(1);
    // A file smaller than that is never checked.
    await openInputs([{ name: 'small.json', bytes }], { memory });
    expect(memory).toHaveBeenCalledTimes(1);
  });
});

describe('openInputs refusing a single snapshot', () => {
  it('calls a bug met while reading it one, naming the file', async () => {
    const { bytes } = snapshotFile();
    // The first 4 KiB of a real snapshot (it is sniffed as one), then the source fails.
    const failing = {
      name: 'incident.json',
      async *chunks() {
        yield bytes.slice(0, 4096);
        throw new TypeError('boom');
      },
    };
    await expect(openInputs([failing])).rejects.toMatchObject({
      kind: 'invalidInput',
      message: 'Nothing could be read. incident.json: could not be read because of an internal error (boom); this is a bug in Trace Explorer',
    });
  });
});

describe('openInputs cancelled', () => {
  it('passes a cancel on as it is, for one file and for several', async () => {
    const cancelled = { kind: 'cancelled', message: 'Opening batch.json was cancelled.' };
    await expect(openInputs([batch()], { signal: { aborted: true } })).rejects.toMatchObject(cancelled);
    await expect(openInputs([batch(), batch('other.json')], { signal: { aborted: true } })).rejects.toMatchObject(cancelled);
  });

  it('passes on a cancel that comes while a single snapshot is read', async () => {
    const { bytes } = snapshotFile();
    const signal = { aborted: false };
    const opening = openInputs([{ name: 'incident.json', bytes }], { signal, onProgress: () => (signal.aborted = true) });
    await expect(opening).rejects.toMatchObject({ kind: 'cancelled', message: 'Opening incident.json was cancelled.' });
  });
});

describe('openInputs progress', () => {
  it('reports a single snapshot read as file 0 of 1 with its size, then its assembly with every record read', async () => {
    const { content, bytes } = snapshotFile();
    const seen: OpenProgress[] = [];
    await openInputs([{ name: 'incident.json', bytes }], { onProgress: (progress) => seen.push(progress) });
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen.map(({ phase, file, files, fileSize }) => `${phase} ${file}/${files} of ${fileSize}`))).toEqual(new Set([`reading 0/1 of ${bytes.length}`, `assembling 0/1 of ${bytes.length}`]));
    expect(seen.at(-1)).toEqual({ phase: 'assembling', file: 0, files: 1, fileBytes: bytes.length, fileSize: bytes.length, textBytes: bytes.length, records: content.records.length });
  });

  it('reports several files by their place, without a size (none is checked before reading)', async () => {
    const { bytes } = snapshotFile();
    const seen: OpenProgress[] = [];
    await openInputs([{ name: 'a.json', bytes }, { name: 'b.json', bytes }], { onProgress: (progress) => seen.push(progress) });
    expect([...new Set(seen.map(({ phase, file, files, fileSize }) => `${phase} ${file}/${files} of ${String(fileSize)}`))]).toEqual(['reading 0/2 of undefined', 'reading 1/2 of undefined']);
  });

  it('pauses between slices once the reading has taken its turn (an injected clock)', async () => {
    const { content, bytes } = snapshotFile();
    // Every look at the clock is a second later: each slice has then read for longer than the turn.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000));
    const pause = vi.fn(() => Promise.resolve());
    const opened = await openInputs([{ name: 'incident.json', bytes }], { pause });
    expect(pause).toHaveBeenCalled();
    expect(opened.content.records).toHaveLength(content.records.length);
  });
});
