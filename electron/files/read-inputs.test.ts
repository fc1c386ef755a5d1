import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInputFiles } from './read-inputs.ts';

const work = mkdtempSync(join(tmpdir(), 'te-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of chunks) sizes.push(chunk.length);
  return sizes;
}

describe('readInputFiles', () => {
  it('reads nothing at first, then streams a file in 1 MiB chunks', async () => {
    const path = join(work, 'three-mib.json');
    writeFileSync(path, Buffer.alloc(3 * 1024 * 1024 + 5, 0x20));
    const { files, problems } = await readInputFiles([path]);
    expect(problems).toEqual([]);
    const [file] = files;
    if (file === undefined || !('chunks' in file)) throw new Error('expected a streamed input');
    expect(await drain(file.chunks())).toEqual([1048576, 1048576, 1048576, 5]);
  });

  it('names a missing path, and one whose folder part is a file', async () => {
    const plain = join(work, 'plain.txt');
    writeFileSync(plain, 'x');
    const { files, problems } = await readInputFiles([join(work, 'nope.json'), join(plain, 'inside.json')]);
    expect(files).toEqual([]);
    expect(problems).toEqual([
      { file: join(work, 'nope.json'), message: 'no such file' },
      { file: join(plain, 'inside.json'), message: 'a part of the path is not a folder' },
    ]);
  });

  it('refuses a file swapped for a named pipe between the check and the read, without waiting on the pipe', async () => {
    const path = join(work, 'swapped.json');
    writeFileSync(path, '{}');
    const { files } = await readInputFiles([path]);
    rmSync(path);
    execFileSync('mkfifo', [path]);
    const [file] = files;
    if (file === undefined || !('chunks' in file)) throw new Error('expected a streamed input');
    await expect(drain(file.chunks())).rejects.toThrow('is a named pipe (FIFO), not a file; save what it delivers to a file and give that');
  });
});
