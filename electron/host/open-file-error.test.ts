import { execFileSync } from 'node:child_process';
import type { Stats } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import { checkRegularFile, openFileError } from './serve-handlers.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'open-file-error-'));
  execFileSync('mkfifo', [join(dir, 'pipe')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the host's errors for a file the user opened", () => {
  it('names the file, says what happened and what to do', async () => {
    const missing = await stat(join(dir, 'gone.json')).catch((error: unknown) => error);
    const error = openFileError(join(dir, 'gone.json'), missing);
    expect(error.toData()).toEqual({ kind: 'notFound', message: `${dir}/gone.json: no such file. It may have been moved or deleted; open it from its new place.`, where: `${dir}/gone.json` });
    expect(openFileError('/x.json', Object.assign(new Error('x'), { code: 'EACCES' })).toData()).toEqual({ kind: 'auth', message: "/x.json: permission denied. Check the file's permissions.", where: '/x.json' });
    expect(openFileError('/x.json', Object.assign(new Error('x'), { code: 'EIO' })).message).toBe('/x.json: the disk reported an input/output error.');
  });

  it('refuses a folder and a named pipe before reading, naming what they are', async () => {
    const refusal = (path: string, info: Stats): unknown => {
      try {
        checkRegularFile(path, info);
        return undefined;
      } catch (error) {
        return error instanceof AppError ? error.toData() : error;
      }
    };
    expect(refusal(dir, await stat(dir))).toEqual({ kind: 'invalidInput', message: `${dir} is a folder, not a file; open the files inside it.`, where: dir });
    const pipe = join(dir, 'pipe');
    expect(refusal(pipe, await stat(pipe))).toEqual({ kind: 'invalidInput', message: `${pipe} is a named pipe (FIFO), not a file; open a snapshot or a file of X-Ray or CloudTrail data.`, where: pipe });
    expect(refusal('/dev/null', await stat('/dev/null'))).toMatchObject({ message: '/dev/null is a character device, not a file; open a snapshot or a file of X-Ray or CloudTrail data.' });
  });
});
