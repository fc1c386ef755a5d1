import { AppError } from '../base/errors.ts';
import { importFile } from '../import/import-file.ts';
import { SnapshotBuilder } from '../import/snapshot-builder.ts';
import { isSnapshot, readSnapshotBytes } from '../snapshot/index.ts';
import { APP_VERSION } from '../base/version.ts';
import { buildDataset, dataWindow, SKIPPED_SUBSEGMENT } from '../dataset/index.ts';
import type { Dataset, Gap, Problem, SnapshotContent } from '../model/index.ts';

export interface InputFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

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
 * same document seen twice counting once. A file that cannot be read becomes a problem naming it;
 * only when nothing at all could be read does this throw.
 */
export async function openInputs(inputs: readonly InputFile[], options: OpenOptions = {}): Promise<OpenedIncident> {
  const problems: Problem[] = [];
  const first = inputs[0];
  if (inputs.length === 1 && first && (await isSnapshot(first.bytes))) {
    let content: SnapshotContent;
    try {
      content = await readSnapshotBytes(first.bytes, { file: first.name });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('invalidInput', `Nothing could be read. ${first.name}: ${stripFile({ file: first.name, message: error.message })}`, first.name);
    }
    const dataset = buildDataset(content);
    return { content, dataset, problems: [...dataset.problems], duplicates: 0, replaced: 0 };
  }
  const builder = new SnapshotBuilder();
  let duplicates = 0;
  let replaced = 0;
  const importedFiles = new Set<string>();
  const importedAt = options.createdAt ?? new Date().toISOString();
  for (const input of inputs) {
    try {
      if (await isSnapshot(input.bytes)) {
        builder.merge(await readSnapshotBytes(input.bytes, { file: input.name }));
        continue;
      }
      const result = await importFile(input.name, input.bytes);
      importedFiles.add(input.name);
      problems.push(...result.problems);
      const source = builder.addSource({ name: input.name, format: result.formats.join('+') || 'unknown', bytes: result.bytes, importedAt });
      for (const document of result.documents) {
        const outcome = builder.add(document.kind, document.doc, source);
        if (outcome === 'duplicate') duplicates++;
        else if (outcome === 'replaced') replaced++;
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
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
