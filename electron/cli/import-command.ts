import { parseArgs } from 'node:util';
import { countTraces, openInputs, type OpenedIncident } from '../../shared/incident/index.ts';
import { AppError } from '../../shared/base/errors.ts';
import { formatCount, formatQuantity } from '../../shared/base/format.ts';
import { terminalSafe } from '../../shared/base/terminal-text.ts';
import { SnapshotError } from '../../shared/snapshot/index.ts';
import type { DatasetTally, Problem, SnapshotContent } from '../../shared/model/index.ts';
import { formatProblem, type CliIo } from './cli-io.ts';
import { readInputFiles } from '../files/read-inputs.ts';
import { snapshotTargetRefusal, writeSnapshotFile } from '../files/snapshot-file.ts';
import { SnapshotWriter } from '../files/snapshot-writer.ts';
import type { InputFile } from '../../shared/incident/index.ts';
import { machineReadOptions } from '../files/machine-limits.ts';
import { describeFsError } from '../files/fs-errors.ts';

export const IMPORT_USAGE = 'trace-explorer import FILE… --out SNAPSHOT';

/**
 * Above this much input, the snapshot is compressed at gzip level 1 instead of 6: writing a big
 * import is bound by compression, and level 1 is about 3 × faster for a file about 15 % larger
 * (see WriteOptions in electron/files/snapshot-file.ts). Small imports keep the tighter level.
 */
const FAST_COMPRESSION_ABOVE_BYTES = 32 * 1024 * 1024;

/**
 * `trace-explorer import FILE… --out SNAPSHOT`: merges any supported files into one incident
 * snapshot. Everything that can fail is done before the output is touched: the output path is
 * checked first (it must be a file, or not exist yet, in a folder that does), then every input is
 * read and the summary computed; only then is the snapshot written, atomically (a temporary file
 * renamed over the old one), so a failure at any point leaves an existing --out as it was. The
 * records are compressed as they are read, into a temporary file beside --out (SnapshotWriter);
 * when they turn out not to be the snapshot's (a record replaced in place), it is written after.
 */
export async function runImportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { out: { type: 'string', short: 'o' } }, allowPositionals: true });
  if (!values.out) throw new AppError('invalidInput', `Missing --out SNAPSHOT. Usage: ${IMPORT_USAGE}`);
  if (positionals.length === 0) throw new AppError('invalidInput', `No files given. Usage: ${IMPORT_USAGE}`);
  const out = values.out;
  const refusal = await snapshotTargetRefusal(out);
  if (refusal !== undefined) throw new AppError('invalidInput', `cannot write ${out}: ${refusal}. Nothing was written.`, out);
  const { files, problems, bytes } = await readInputFiles(positionals);
  if (files.length === 0) {
    io.stderr.write(`Nothing could be read; ${terminalSafe(out)} was not written.\n${problems.map(formatProblem).join('\n')}\n`);
    return 1;
  }
  // Where it cannot even be started (a folder not writable), the write after reports why.
  const stream = await SnapshotWriter.open(out, compressionLevel(bytes)).catch(() => undefined);
  try {
    return await importInto(out, files, problems, stream, io);
  } finally {
    await stream?.abort();
  }
}

async function importInto(out: string, files: readonly InputFile[], problems: readonly Problem[], stream: SnapshotWriter | undefined, io: CliIo): Promise<number> {
  let opened: OpenedIncident<DatasetTally> & { readonly content: SnapshotContent };
  try {
    opened = await openInputs(stream ? files.map((file) => pacedBy(stream, file)) : files, { ...machineReadOptions(), records: stream, tally: true });
  } catch (error) {
    if (error instanceof AppError && error.kind === 'invalidInput') {
      io.stderr.write(`${[terminalSafe(error.message), ...problems.map(formatProblem)].join('\n')}\n${terminalSafe(out)} was not written.\n`);
      return 1;
    }
    throw error;
  }
  // Files that could not be read at all are gaps of this snapshot too.
  const unread = problems.map((p) => ({ kind: 'skipped' as const, what: p.file, detail: p.message }));
  const content = unread.length ? { ...opened.content, header: { ...opened.content.header, gaps: [...unread, ...opened.content.header.gaps] } } : opened.content;
  const all = [...problems, ...opened.problems];
  // What the line below reports, counted before anything is written (the full summary with the
  // service map is inspect's; import does not pay for the map, nor for assembling the traces: `tally`).
  const traces = countTraces(opened.dataset);
  const events = opened.dataset.events.length;
  let inputBytes = 0;
  for (const source of content.header.provenance.sources) inputBytes += source.bytes ?? 0;
  await write(out, content, compressionLevel(inputBytes), stream);
  const extras = [
    opened.duplicates ? `${formatQuantity(opened.duplicates, 'duplicate')} counted once` : '',
    opened.replaced ? (opened.replaced === 1 ? '1 in-progress segment replaced by its completed version' : `${formatCount(opened.replaced)} in-progress segments replaced by their completed version`) : '',
  ].filter((part) => part !== '');
  io.stdout.write(
    `Wrote ${terminalSafe(out)}: ${formatQuantity(content.records.length, 'document')} from ${formatQuantity(files.length, 'file')} ` +
      `(${formatQuantity(traces, 'trace')}, ${formatQuantity(events, 'CloudTrail event')}${extras.map((part) => `, ${part}`).join('')}).\n`,
  );
  if (all.length) {
    io.stderr.write(`Skipped ${formatQuantity(all.length, 'item')}:\n`);
    for (const problem of all) io.stderr.write(`  ${formatProblem(problem)}\n`);
  }
  return 0;
}

/** The gzip level for this much input (the files' sizes on disk: what is known before they are read). */
function compressionLevel(inputBytes: number): number {
  return inputBytes > FAST_COMPRESSION_ABOVE_BYTES ? 1 : 6;
}

/** The file's chunks, each read only once the snapshot's compressor has taken what came before. */
function pacedBy(stream: SnapshotWriter, file: InputFile): InputFile {
  if (!('chunks' in file)) return file;
  return {
    name: file.name,
    size: file.size,
    chunks: async function* () {
      for await (const chunk of file.chunks()) {
        await stream.drained();
        yield chunk;
      }
    },
  };
}

/** Writes the snapshot; a failure says why in words and names the input file of a record that cannot be written. */
async function write(out: string, content: SnapshotContent, compressionLevel: number, stream: SnapshotWriter | undefined): Promise<void> {
  try {
    if (stream && (await stream.finish(content))) return;
    await writeSnapshotFile(out, content, { compressionLevel });
  } catch (error) {
    if (error instanceof SnapshotError) {
      const index = /^records\[(\d+)\]/.exec(error.at ?? '');
      const record = index ? content.records[Number(index[1])] : undefined;
      const source = record ? content.header.provenance.sources[record.source]?.name : undefined;
      const which = error.at ? `the document at ${error.at}${source ? ` (from ${source})` : ''} ` : '';
      throw new AppError('invalidInput', `cannot write ${out}: ${which}${which ? error.detail : error.message}. Nothing was written.`, out);
    }
    if (error instanceof AppError) throw new AppError(error.kind, `${error.message}. Nothing was written.`, out);
    if (!(error as { code?: string }).code) throw error;
    throw new AppError('invalidInput', `cannot write ${out}: ${describeFsError(error)}. Nothing was written.`, out);
  }
}
