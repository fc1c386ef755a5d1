import { AppError } from '../base/errors.ts';
import { isoOrUndefined } from '../base/epoch-time.ts';
import { importStream } from '../import/import-file.ts';
import { SnapshotBuilder, type RecordListener } from '../import/snapshot-builder.ts';
import { readOpened, SnapshotStream, type BatchParser, type ByteSource, type Limits, type MemoryUse, type ReadProgress } from '../snapshot/index.ts';
import { APP_VERSION } from '../base/version.ts';
import { buildDataset, DatasetBuilder, dataWindow, SKIPPED_SUBSEGMENT, StreamedTally, type StoreShard } from '../dataset/index.ts';
import type { Dataset, DatasetTally, Gap, Problem, RawRecord, SnapshotContent, SnapshotHeader } from '../model/index.ts';
import { describeReadError, type InputFile } from './input-file.ts';
import { InputStarts } from './input-starts.ts';

export type { InputFile } from './input-file.ts';

export interface OpenedIncident<D extends DatasetTally = Dataset> {
  /** The snapshot itself (records included), when `keepContent` asked for it. */
  readonly content?: SnapshotContent;
  /** The dataset; with `tally`, only what import reports of it (the traces not assembled). */
  readonly dataset: D;
  /** Everything skipped, from reading the files and from deriving the dataset. */
  readonly problems: readonly Problem[];
  /** Documents seen more than once (counted once), and in-progress segments replaced by their completed version. */
  readonly duplicates: number;
  readonly replaced: number;
  /**
   * Of several inputs, each one's span of trace starts (epoch seconds; undefined for an input
   * without segments), so two snapshots of one system (last week's, today's) can be compared as
   * ranges (Compare). Absent for a single input.
   */
  readonly inputSpans?: readonly (readonly [number, number] | undefined)[];
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
  /** Told of each record of a merged import as it is kept (the import command writes them as they come). */
  readonly records?: RecordListener;
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
  /**
   * Parses a single snapshot's records elsewhere, in batches (the app's parse workers); only when
   * the records are not kept (keepContent false), as the batches become the dataset's columns.
   */
  readonly batches?: BatchParser;
}

/**
 * An open for `import`: the content kept, and of the dataset only what import reports — counts,
 * window and problems (tallyDataset), the same as the assembled dataset's — when files are merged.
 */
export type TallyOptions = OpenOptions & { readonly keepContent?: true; readonly tally: true };

/**
 * Opens one or more files — incident snapshots and any supported import format — as one incident:
 * the one open path of the CLI and the app's worker. Each file is sniffed once, on the start of its
 * stream. A single snapshot is streamed: read, checked and put into the dataset record by record
 * as its bytes arrive, keeping its raw text instead of the parsed documents (unless
 * `keepContent`), with its notes and provenance as they are. Several inputs are merged, the same
 * document seen twice counting once; import files stream through (documents go to the builder as
 * they are read). A file that cannot be read becomes a problem naming it, and so does a bug met
 * while reading one, so one bad file never costs the others; only when nothing at all could be
 * read does this throw (a `cancelled` error is passed on as it is).
 */
export function openInputs(inputs: readonly InputFile[], options: TallyOptions): Promise<OpenedIncident<DatasetTally> & { readonly content: SnapshotContent }>;
export function openInputs(inputs: readonly InputFile[], options?: OpenOptions & { readonly keepContent?: true }): Promise<OpenedIncident & { readonly content: SnapshotContent }>;
export function openInputs(inputs: readonly InputFile[], options: OpenOptions): Promise<OpenedIncident>;
export async function openInputs(inputs: readonly InputFile[], options: OpenOptions & { readonly tally?: boolean } = {}): Promise<OpenedIncident<DatasetTally>> {
  const first = inputs[0];
  if (inputs.length === 1 && first) {
    let stream: SnapshotStream;
    try {
      stream = await openStream(first, 0, 1, options);
    } catch (error) {
      throw nothingRead(first.name, error);
    }
    if (stream.sniffed.ours) {
      try {
        return await readSingleSnapshot(stream, first.name, options);
      } catch (error) {
        throw nothingRead(first.name, error);
      }
    }
    return mergeInputs(inputs, options, stream);
  }
  return mergeInputs(inputs, options);
}

function sourceOf(input: InputFile): ByteSource {
  return 'bytes' in input ? input.bytes : 'source' in input ? input.source : input.chunks();
}

function openStream(input: InputFile, index: number, files: number, options: OpenOptions): Promise<SnapshotStream> {
  // The stored size is checked before reading when a single file is opened (an import file streams with no whole-file cap).
  const size = files > 1 ? undefined : 'bytes' in input ? input.bytes.length : input.size;
  return SnapshotStream.open(sourceOf(input), {
    file: input.name,
    ...(size !== undefined ? { size } : {}),
    ...(options.baseLimits ? { baseLimits: options.baseLimits } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pause ? { pause: options.pause } : {}),
    ...(options.batches && files === 1 && options.keepContent === false ? { batches: options.batches } : {}),
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
    // Only asked for when the records are not kept (openStream passes the batches then).
    batch(value, bytes) {
      builder.batch(value as StoreShard, bytes);
    },
  });
  if (header === undefined) throw new AppError('internal', `${name}: the reader gave no header`);
  options.onProgress?.({ ...stream.progress(), phase: 'assembling', file: 0, files: 1 });
  const dataset = builder.finish();
  return { ...(keep ? { content: { header, records } } : {}), dataset, problems: [...dataset.problems], duplicates: dataset.duplicateEvents, replaced: 0 };
}

/** "Nothing could be read" naming the file; a cancel stays a cancel. */
function nothingRead(file: string, error: unknown): unknown {
  if (error instanceof AppError && error.kind === 'cancelled') return error;
  if (!(error instanceof AppError)) return new AppError('invalidInput', `Nothing could be read. ${file}: ${describeReadError(error)}`, file);
  return new AppError('invalidInput', `Nothing could be read. ${file}: ${stripFile({ file, message: error.message })}`, file);
}

/** Several inputs (or one that is not a snapshot, already opened as `opened`) merged into one snapshot, then derived. */
async function mergeInputs(inputs: readonly InputFile[], options: OpenOptions & { readonly tally?: boolean }, opened?: SnapshotStream): Promise<OpenedIncident<DatasetTally>> {
  const problems: Problem[] = [];
  // import's tally is taken as the records are kept, each while its document is fresh from the
  // parser; nothing after it reads the documents, so they are kept as their text (see SnapshotBuilder).
  const tally = options.tally === true ? new StreamedTally((source) => builder.fileOf(source)) : undefined;
  const builder = new SnapshotBuilder(tally ? bothListeners(tally, options.records) : options.records, tally !== undefined);
  let duplicates = 0;
  let replaced = 0;
  const inputStarts = new InputStarts(inputs.length);
  const importedFiles = new Set<string>();
  const importedAt = options.createdAt ?? new Date().toISOString();
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index]!;
    try {
      const stream = index === 0 && opened ? opened : await openStream(input, index, inputs.length, options);
      if (stream.sniffed.ours) {
        const content = await readOpened(stream, input.name);
        for (const record of content.records) inputStarts.note(index, record.kind, record.doc);
        const merged = builder.merge(content);
        duplicates += merged.duplicates;
        replaced += merged.replaced;
        continue;
      }
      importedFiles.add(input.name);
      const source = builder.addSource({ name: input.name, format: 'unknown', importedAt });
      // The bytes the sniff read, then the rest, streamed: an import file is never whole in memory.
      const result = await importStream(input.name, await stream.rawChunks(), {
        add(kind, doc, at, text) {
          inputStarts.note(index, kind, doc);
          const outcome = builder.add(kind, doc, source, at, text);
          if (outcome === 'duplicate') duplicates++;
          else if (outcome === 'replaced') replaced++;
        },
      });
      builder.setSource(source, { name: input.name, format: result.formats.join('+') || 'unknown', bytes: result.bytes, importedAt });
      problems.push(...result.problems);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'cancelled') throw error;
      problems.push({ file: input.name, message: describeReadError(error) });
    }
  }
  problems.push(...builder.problems);
  if (builder.size === 0) {
    const detail = problems.map((p) => `${p.at ? `${p.file} (${p.at})` : p.file}: ${stripFile(p)}`).join('; ');
    throw new AppError('invalidInput', `Nothing could be read. ${detail || (inputs.length ? 'The files hold no X-Ray or CloudTrail documents.' : 'No input files were given.')}`);
  }
  const built = builder.build({ appVersion: options.appVersion ?? APP_VERSION, createdAt: importedAt });
  // import reports counts, window and problems only: those are tallied without assembling the traces.
  const derived: DatasetTally = tally ? tally.finish(built) : buildDataset(built);
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
  return { content, dataset, problems, duplicates: duplicates + derived.duplicateEvents, replaced, ...(inputs.length > 1 ? { inputSpans: inputStarts.spans() } : {}) };
}

/** Tells the tally, then the caller's listener (the import's writer), of each record kept. */
function bothListeners(tally: StreamedTally, records: RecordListener | undefined): RecordListener {
  return {
    added(record, index, text) {
      tally.added(record, index);
      records?.added(record, index, text);
    },
    replaced(index) {
      tally.replaced();
      records?.replaced(index);
    },
  };
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

/** The window as ISO text; none when a bound is outside what a date holds (the importers refuse such times; a snapshot may not). */
function isoWindow(window: { start: number; end: number } | undefined): { start: string; end: string } | undefined {
  const start = window && isoOrUndefined(window.start);
  const end = window && isoOrUndefined(window.end);
  return start !== undefined && end !== undefined ? { start, end } : undefined;
}
