import { AppError } from '../base/errors.ts';
import { importFile } from '../import/import-file.ts';
import { SnapshotBuilder } from '../import/snapshot-builder.ts';
import { readOpened, SnapshotStream, type ByteSource, type Limits, type MemoryUse, type ReadProgress } from '../snapshot/index.ts';
import { APP_VERSION } from '../base/version.ts';
import { buildDataset, DatasetBuilder, dataWindow, SKIPPED_SUBSEGMENT } from '../dataset/index.ts';
import type { Dataset, Gap, Problem, RawRecord, SnapshotContent, SnapshotHeader } from '../model/index.ts';

/** One file to open: its bytes in memory, or a source to stream them from (read once). */
export type InputFile =
  | { readonly name: string; readonly bytes: Uint8Array }
  | { readonly name: string; readonly source: ByteSource; readonly size?: number | undefined };

export interface OpenedIncident {
  /** The snapshot itself (records included), when `keepContent` asked for it. */
  readonly content?: SnapshotContent;
  readonly dataset: Dataset;
  /** Everything skipped, from reading the files and from deriving the dataset. */
  readonly problems: readonly Problem[];
  /** Documents seen more than once (counted once), and in-progress segments replaced by their completed version. */
  readonly duplicates: number;
  readonly replaced: number;
}

/** How far an open got: the file being read (`file` of `files`), the reader's figures for it, and whether the traces are being assembled. */
export interface OpenProgress extends ReadProgress {
  readonly phase: 'reading' | 'assembling';
  readonly file: number;
  readonly files: number;
}

export interface OpenOptions {
  readonly createdAt?: string;
  readonly appVersion?: string;
  /**
   * Keep the records parsed, in `content` (the default: the CLI's `import` writes them out). An
   * open to explore them passes false and keeps no parsed document, only the raw text.
   */
  readonly keepContent?: boolean;
  /** The reader's caps (limitsForMemory of the machine), and overrides. */
  readonly baseLimits?: Limits;
  readonly limits?: Partial<Limits>;
  readonly memory?: () => MemoryUse | undefined;
  readonly signal?: { readonly aborted: boolean };
  readonly onProgress?: (progress: OpenProgress) => void;
  readonly pause?: () => Promise<void>;
}

/**
 * Opens one or more files — incident snapshots and any supported import format — as one incident:
 * the one open path of the CLI and the app's worker. A single snapshot is streamed: read, checked
 * and put into the dataset record by record as its bytes arrive, sniffed once, keeping its raw text
 * instead of the parsed documents (unless `keepContent`), with its notes and provenance as they
 * are. Several inputs are merged, the same document seen twice counting once. A file that cannot
 * be read becomes a problem naming it; only when nothing at all could be read does this throw
 * (a `cancelled` error is passed on as it is).
 */
export function openInputs(inputs: readonly InputFile[], options?: OpenOptions & { readonly keepContent?: true }): Promise<OpenedIncident & { readonly content: SnapshotContent }>;
export function openInputs(inputs: readonly InputFile[], options: OpenOptions): Promise<OpenedIncident>;
export async function openInputs(inputs: readonly InputFile[], options: OpenOptions = {}): Promise<OpenedIncident> {
  const first = inputs[0];
  if (inputs.length === 1 && first) {
    const stream = await openStream(first, 0, 1, options).catch((error: unknown) => nothingRead(first.name, error));
    if (stream.sniffed.ours) {
      try {
        return await readSingleSnapshot(stream, first.name, options);
      } catch (error) {
        return nothingRead(first.name, error);
      }
    }
    return mergeInputs([{ name: first.name, bytes: await stream.allBytes() }], options);
  }
  return mergeInputs(inputs, options);
}

function openStream(input: InputFile, index: number, files: number, options: OpenOptions): Promise<SnapshotStream> {
  const source = 'bytes' in input ? input.bytes : input.source;
  // The stored size is checked before reading when a single file is opened (merged inputs are capped by the importer).
  const size = files > 1 ? undefined : 'bytes' in input ? input.bytes.length : input.size;
  return SnapshotStream.open(source, {
    file: input.name,
    ...(size !== undefined ? { size } : {}),
    ...(options.baseLimits ? { baseLimits: options.baseLimits } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pause ? { pause: options.pause } : {}),
    ...(options.onProgress ? { onProgress: (progress: ReadProgress) => options.onProgress?.({ ...progress, phase: 'reading', file: index, files }) } : {}),
  });
}

async function readSingleSnapshot(stream: SnapshotStream, name: string, options: OpenOptions): Promise<OpenedIncident> {
  const builder = new DatasetBuilder();
  const records: RawRecord[] = [];
  let header: SnapshotHeader | undefined;
  const keep = options.keepContent !== false;
  await stream.read({
    header(value, revive) {
      header = value;
      builder.header(value, revive);
    },
    // Kept records are in memory anyway, so the dataset uses them; otherwise it keeps the line.
    record(record, bytes, start, end, stable) {
      if (keep) {
        records.push(record);
        builder.record(record);
      } else builder.record(record, bytes, start, end, stable);
    },
  });
  if (header === undefined) throw new AppError('internal', `${name}: the reader gave no header`);
  options.onProgress?.({ ...stream.progress(), phase: 'assembling', file: 0, files: 1 });
  const dataset = builder.finish();
  return { ...(keep ? { content: { header, records } } : {}), dataset, problems: [...dataset.problems], duplicates: 0, replaced: 0 };
}

function nothingRead(name: string, error: unknown): never {
  if (!(error instanceof AppError) || error.kind === 'cancelled') throw error;
  throw new AppError('invalidInput', `Nothing could be read. ${name}: ${stripFile({ file: name, message: error.message })}`, name);
}

/** Several inputs (or one that is not a snapshot) merged into one snapshot, then derived. */
async function mergeInputs(inputs: readonly InputFile[], options: OpenOptions): Promise<OpenedIncident> {
  const problems: Problem[] = [];
  const builder = new SnapshotBuilder();
  let duplicates = 0;
  let replaced = 0;
  const importedFiles = new Set<string>();
  const importedAt = options.createdAt ?? new Date().toISOString();
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    try {
      const stream = await openStream(input, index, inputs.length, options);
      if (stream.sniffed.ours) {
        builder.merge(await readOpened(stream, input.name));
        continue;
      }
      const bytes = await stream.allBytes();
      const result = await importFile(input.name, bytes);
      importedFiles.add(input.name);
      problems.push(...result.problems);
      const source = builder.addSource({ name: input.name, format: result.formats.join('+') || 'unknown', bytes: result.bytes, importedAt });
      for (const document of result.documents) {
        const outcome = builder.add(document.kind, document.doc, source);
        if (outcome === 'duplicate') duplicates++;
        else if (outcome === 'replaced') replaced++;
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.kind === 'cancelled') throw error;
      problems.push({ file: input.name, message: error.message });
    }
  }
  if (builder.size === 0) {
    const detail = problems.map((p) => `${p.at ? `${p.file} (${p.at})` : p.file}: ${stripFile(p)}`).join('; ');
    throw new AppError('invalidInput', `Nothing could be read. ${detail || (inputs.length ? 'The files hold no X-Ray or CloudTrail documents.' : 'No input files were given.')}`);
  }
  const built = builder.build({ appVersion: options.appVersion ?? APP_VERSION, createdAt: importedAt });
  const derived = buildDataset(built);
  // The importer already reported bad nested subsegments of the files it read, with their exact
  // path; assembly reports them again (it must, for snapshots): keep the importer's report.
  problems.push(...derived.problems.filter((p) => !(p.message === SKIPPED_SUBSEGMENT && importedFiles.has(p.file))));
  // What was skipped is recorded in the snapshot as gaps, and the window is what the data covers.
  const window = built.header.provenance.window ?? isoWindow(dataWindow(derived));
  const accountIds = new Set(built.header.provenance.accountIds);
  const regions = new Set(built.header.provenance.regions);
  for (const event of derived.events) {
    if (event.accountId) accountIds.add(event.accountId);
    if (event.region) regions.add(event.region);
  }
  const header = {
    ...built.header,
    provenance: { ...built.header.provenance, accountIds: [...accountIds].sort(), regions: [...regions].sort(), ...(window ? { window } : {}) },
    gaps: [...built.header.gaps, ...gapsOf(problems)],
  };
  const content = { header, records: built.records };
  const dataset = { ...derived, header };
  return { content, dataset, problems, duplicates, replaced };
}

function stripFile(problem: Problem): string {
  const prefix = `${problem.file}: `;
  return problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
}

/** At most this many skipped items are listed one by one in a snapshot's gaps; the rest are counted. */
const MAX_LISTED_GAPS = 1000;

function gapsOf(problems: readonly Problem[]): Gap[] {
  const listed: Gap[] = problems.slice(0, MAX_LISTED_GAPS).map((p) => ({ kind: 'skipped', what: p.file, detail: p.at ? `${p.at}: ${stripFile(p)}` : stripFile(p) }));
  if (problems.length > MAX_LISTED_GAPS) {
    listed.push({ kind: 'skipped', what: 'import', detail: `${problems.length - MAX_LISTED_GAPS} more skipped items are not listed` });
  }
  return listed;
}

function isoWindow(window: { start: number; end: number } | undefined): { start: string; end: string } | undefined {
  return window ? { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() } : undefined;
}
