import { AppError } from '../../shared/base/errors.ts';
import { formatQuantity } from '../../shared/base/format.ts';
import { openInputs, type InputFile, type OpenedIncident } from '../../shared/incident/index.ts';
import type { Problem } from '../../shared/model/index.ts';
import { formatProblem, type CliIo } from './cli-io.ts';
import { readInputFiles } from '../files/read-inputs.ts';
import { machineReadOptions } from '../files/machine-limits.ts';

/**
 * The files of an analysis command (correlate, compare) read and opened as one incident, with
 * what was skipped on the way (files that could not be read, then the open's problems). Refuses
 * when no file could be read at all.
 */
export async function openCommandFiles(paths: readonly string[]): Promise<{ readonly files: readonly InputFile[]; readonly opened: OpenedIncident; readonly skipped: readonly Problem[] }> {
  const { files, problems } = await readInputFiles(paths);
  if (files.length === 0) throw new AppError('invalidInput', `Nothing could be read.\n${problems.map(formatProblem).join('\n')}`);
  const opened = await openInputs(files, { ...machineReadOptions(), keepContent: false });
  return { files, opened, skipped: [...problems, ...opened.problems] };
}

/** What was skipped, on stderr (the first 20), when anything was. */
export function writeSkipped(io: CliIo, skipped: readonly Problem[]): void {
  if (skipped.length > 0) io.stderr.write(`Skipped ${formatQuantity(skipped.length, 'item')}:\n${skipped.slice(0, 20).map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
}
