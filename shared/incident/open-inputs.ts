import { AppError } from '../base/errors.ts';
import { isoOrUndefined } from '../base/epoch-time.ts';
import { importStream } from '../import/import-file.ts';
import { SnapshotBuilder } from '../import/snapshot-builder.ts';
import { APP_VERSION } from '../base/version.ts';
import { buildDataset, dataWindow, SKIPPED_SUBSEGMENT } from '../dataset/index.ts';
import type { Dataset, Gap, Problem, SnapshotContent } from '../model/index.ts';
import { describeReadError, openInput, type InputFile } from './input-file.ts';

export type { InputFile } from './input-file.ts';

export interface OpenedIncident {
  readonly content: SnapshotContent;
  readonly dataset: Dataset;
  /** Everything skipped, from reading the files and from deriving the dataset. */
  readonly problems: readonly Problem[];
  /** Documents seen more than once (counted once), and in-progress segments replaced by their completed version. */
  readonly duplicates: number;
  readonly replaced: number;
}

export interface OpenOptions {
  readonly createdAt?: string;
  readonly appVersion?: string;
}

/**
 * Opens one or more files — incident snapshots and any supported import format — as one incident.
 * A single snapshot is kept as it is (its notes and provenance too); several inputs are merged, the
 * same document seen twice counting once. Import files stream through (documents go to the
 * builder as they are read). A file that cannot be read becomes a problem naming it, and so does
 * a bug met while reading one, so one bad file never costs the others; only when nothing at all
 * could be read does this throw.
 */
export async function openInputs(inputs: readonly InputFile[], options: OpenOptions = {}): Promise<OpenedIncident> {
  const problems: Problem[] = [];
  const first = inputs[0];
  if (inputs.length === 1 && first) {
    let opened;
    try {
      opened = await openInput(first);
    } catch (error) {
      throw nothingRead(first.name, error);
    }
    if (opened.snapshot) {
      let content: SnapshotContent;
      try {
        content = await opened.readSnapshot();
      } catch (error) {
        throw nothingRead(first.name, error);
      }
      const dataset = buildDataset(content);
      return { content, dataset, problems: [...dataset.problems], duplicates: dataset.duplicateEvents, replaced: 0 };
    }
    return merge([opened], problems, options);
  }
  const opened = [];
  for (const input of inputs) {
    try {
      opened.push(await openInput(input));
    } catch (error) {
      problems.push({ file: input.name, message: describeReadError(error) });
    }
  }
  return merge(opened, problems, options);
}

function nothingRead(file: string, error: unknown): AppError {
  if (!(error instanceof AppError)) return new AppError('invalidInput', `Nothing could be read. ${file}: ${describeReadError(error)}`, file);
  return new AppError('invalidInput', `Nothing could be read. ${file}: ${stripFile({ file, message: error.message })}`, file);
}

async function merge(inputs: readonly Awaited<ReturnType<typeof openInput>>[], problems: Problem[], options: OpenOptions): Promise<OpenedIncident> {
  const builder = new SnapshotBuilder();
  let duplicates = 0;
  let replaced = 0;
  const importedFiles = new Set<string>();
  const importedAt = options.createdAt ?? new Date().toISOString();
  for (const input of inputs) {
    try {
      if (input.snapshot) {
        builder.merge(await input.readSnapshot());
        continue;
      }
      importedFiles.add(input.name);
      const source = builder.addSource({ name: input.name, format: 'unknown', importedAt });
      const result = await importStream(input.name, input.chunks(), {
        add(kind, doc, at) {
          const outcome = builder.add(kind, doc, source, at);
          if (outcome === 'duplicate') duplicates++;
          else if (outcome === 'replaced') replaced++;
        },
      });
      builder.setSource(source, { name: input.name, format: result.formats.join('+') || 'unknown', bytes: result.bytes, importedAt });
      problems.push(...result.problems);
    } catch (error) {
      problems.push({ file: input.name, message: describeReadError(error) });
    }
  }
  problems.push(...builder.problems);
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
  return { content, dataset, problems, duplicates: duplicates + derived.duplicateEvents, replaced };
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
