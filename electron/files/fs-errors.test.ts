import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/base/errors.ts';
import { describeFsError, fsErrorKind, notARegularFile } from './fs-errors.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fs-errors-'));
  await writeFile(join(dir, 'file.json'), '{}');
  execFileSync('mkfifo', [join(dir, 'pipe')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error a real file-system call raises. */
async function errorOf(action: Promise<unknown>): Promise<unknown> {
  return action.then(() => { throw new Error('expected the call to fail'); }, (error: unknown) => error);
}

describe('file-system errors for people', () => {
  it('names what the operating system said, with the kind of error it is', async () => {
    const missing = await errorOf(stat(join(dir, 'missing.json')));
    expect([describeFsError(missing), fsErrorKind(missing)]).toEqual(['no such file', 'notFound']);
    const notFolder = await errorOf(stat(join(dir, 'file.json', 'inside')));
    expect([describeFsError(notFolder), fsErrorKind(notFolder)]).toEqual(['a part of the path is not a folder', 'notFound']);
    const folder = await errorOf(readFile(dir));
    expect([describeFsError(folder), fsErrorKind(folder)]).toEqual(['it is a folder', 'invalidInput']);
  });

  it('keeps an AppError\'s message and an unknown error\'s own text', () => {
    expect(describeFsError(new AppError('invalidInput', 'is too large', '/x'))).toBe('is too large');
    expect(describeFsError(Object.assign(new Error('strange'), { code: 'EWEIRD' }))).toBe('strange');
    expect(fsErrorKind(Object.assign(new Error('strange'), { code: 'EWEIRD' }))).toBe('invalidInput');
    expect(describeFsError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    expect(fsErrorKind(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe('auth');
    expect(describeFsError('plain text')).toBe('plain text');
  });

  it('says what a path is when it is not a regular file', async () => {
    expect(notARegularFile(await stat(join(dir, 'file.json')))).toBeUndefined();
    expect(notARegularFile(await stat(dir))).toBe('a folder');
    expect(notARegularFile(await stat(join(dir, 'pipe')))).toBe('a named pipe (FIFO)');
    expect(notARegularFile(await stat('/dev/null'))).toBe('a character device');
  });
});
