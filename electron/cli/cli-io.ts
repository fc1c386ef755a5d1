import { readFile, stat } from 'node:fs/promises';
import { AppError } from '../../shared/base/errors.ts';
import type { InputFile } from '../../shared/incident/index.ts';
import type { Problem } from '../../shared/model/index.ts';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** Largest file the CLI reads into memory (compressed snapshots are far smaller than what they hold). */
const MAX_INPUT_BYTES = 2 * 1024 * 1024 * 1024 - 1;

/** Reads the named files; a file that cannot be read becomes a problem naming it and why. */
export async function readInputFiles(paths: readonly string[]): Promise<{ files: InputFile[]; problems: Problem[] }> {
  const files: InputFile[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) throw new AppError('invalidInput', 'is a folder; give the files inside it');
      if (!info.isFile()) throw new AppError('invalidInput', 'is not a regular file (a device, pipe or socket)');
      if (info.size > MAX_INPUT_BYTES) throw new AppError('invalidInput', `is ${info.size} bytes, more than the ${MAX_INPUT_BYTES} this command reads`);
      files.push({ name: path, bytes: new Uint8Array(await readFile(path)) });
    } catch (error) {
      problems.push({ file: path, message: describeFsError(error) });
    }
  }
  return { files, problems };
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

export function formatProblem(problem: Problem): string {
  const where = problem.at ? `${problem.file} (${problem.at})` : problem.file;
  const prefix = `${problem.file}: `;
  const message = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
  return `${where}: ${message}`;
}
