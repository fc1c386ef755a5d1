import { parseArgs } from 'node:util';
import { openInputs, summarizeIncident } from '../../shared/incident/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { formatProblem, readInputFiles, type CliIo } from './cli-io.ts';
import { writeSnapshotFile } from '../files/snapshot-file.ts';
import { machineReadOptions } from '../files/machine-limits.ts';

export const IMPORT_USAGE = 'trace-explorer import FILE… --out SNAPSHOT';

/**
 * `trace-explorer import FILE… --out SNAPSHOT`: merges any supported files into one incident
 * snapshot. The output is written atomically; when nothing could be read it is not touched.
 */
export async function runImportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { out: { type: 'string', short: 'o' } }, allowPositionals: true });
  if (!values.out) throw new AppError('invalidInput', `Missing --out SNAPSHOT. Usage: ${IMPORT_USAGE}`);
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${IMPORT_USAGE}`);
  const { files, problems } = await readInputFiles(positionals);
  if (files.length === 0) {
    io.stderr.write(`Nothing could be read; ${values.out} was not written.\n${problems.map(formatProblem).join('\n')}\n`);
    return 1;
  }
  let opened;
  try {
    opened = await openInputs(files, machineReadOptions());
  } catch (error) {
    if (error instanceof AppError && error.kind === 'invalidInput') {
      io.stderr.write(`${error.message}\n${values.out} was not written.\n`);
      return 1;
    }
    throw error;
  }
  // Files that could not be read at all are gaps of this snapshot too.
  const unread = problems.map((p) => ({ kind: 'skipped' as const, what: p.file, detail: p.message }));
  const content = unread.length ? { ...opened.content, header: { ...opened.content.header, gaps: [...unread, ...opened.content.header.gaps] } } : opened.content;
  try {
    await writeSnapshotFile(values.out, content);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code) throw error;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new AppError('invalidInput', `cannot write ${values.out}: ${why}. Nothing was written.`, values.out);
  }
  const all = [...problems, ...opened.problems];
  const summary = summarizeIncident(opened.dataset, all);
  io.stdout.write(
    `Wrote ${values.out}: ${opened.content.records.length.toLocaleString('en-US')} documents from ${files.length} file${files.length === 1 ? '' : 's'} ` +
      `(${summary.traces} traces, ${summary.events} CloudTrail events` +
      `${opened.duplicates ? `, ${opened.duplicates} duplicates counted once` : ''}${opened.replaced ? `, ${opened.replaced} in-progress segments replaced by their completed version` : ''}).\n`,
  );
  if (all.length) {
    io.stderr.write(`Skipped ${all.length} item${all.length === 1 ? '' : 's'}:\n`);
    for (const problem of all) io.stderr.write(`  ${formatProblem(problem)}\n`);
  }
  return 0;
}
