/**
 * The capture's crash-safe record, next to the output: `<out>.capture.json` (what was asked,
 * written once, atomically) and `<out>.capture.ndjson` (one line per answered call, appended and
 * flushed to disk before the capture moves on). A line cut short by a crash is dropped on the next
 * open, so the journal always replays to a state that matches what was really fetched.
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { AppError } from '../../shared/base/errors.ts';
import type { CaptureRequest } from './capture-options.ts';

export interface JournalEntry {
  /** What this line records, e.g. `GetTraceSummaries`, `split`, `restart`. */
  readonly op: string;
  /** The unit of work it belongs to, e.g. `summaries:<start>-<end>`, `cloudtrail:us-east-1`. */
  readonly task: string;
  /** The NextToken sent, if any. */
  readonly token?: string;
  /** The NextToken answered, if any. */
  readonly next?: string;
  readonly data: unknown;
}

export interface CaptureStateFile {
  readonly format: 'trace-explorer-capture';
  readonly version: 1;
  readonly request: CaptureRequest;
  readonly startedAt: string;
}

export function journalPaths(out: string): { state: string; journal: string } {
  return { state: `${out}.capture.json`, journal: `${out}.capture.ndjson` };
}

export function hasJournal(out: string): boolean {
  const paths = journalPaths(out);
  return existsSync(paths.state) || existsSync(paths.journal);
}

export function removeJournal(out: string): void {
  const paths = journalPaths(out);
  rmSync(paths.journal, { force: true });
  rmSync(paths.state, { force: true });
}

export function readStateFile(out: string): CaptureStateFile {
  const { state } = journalPaths(out);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(state, 'utf8'));
  } catch (error) {
    const missing = (error as { code?: string }).code === 'ENOENT';
    throw new AppError('invalidInput', missing ? `Nothing to resume: ${state} does not exist.` : `Cannot read ${state}: it is not the state of a capture.`, state);
  }
  if (parsed === null || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== 'trace-explorer-capture' || (parsed as { version?: unknown }).version !== 1) {
    throw new AppError('corrupt', `${state} is not the state file of a Trace Explorer capture.`, state);
  }
  return parsed as CaptureStateFile;
}

export function writeStateFile(out: string, content: CaptureStateFile): void {
  const { state } = journalPaths(out);
  const temporary = `${state}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(temporary, state);
}

/** The whole lines of a journal (a line cut short ends it) and how many bytes they take. */
function readJournal(path: string): { entries: JournalEntry[]; goodBytes: number } {
  const entries: JournalEntry[] = [];
  let goodBytes = 0;
  if (!existsSync(path)) return { entries, goodBytes };
  const bytes = readFileSync(path);
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const line = bytes.subarray(start, i).toString('utf8');
    start = i + 1;
    if (line.trim() === '') {
      goodBytes = start;
      continue;
    }
    try {
      const entry: unknown = JSON.parse(line);
      if (entry === null || typeof entry !== 'object' || typeof (entry as JournalEntry).op !== 'string' || typeof (entry as JournalEntry).task !== 'string') break;
      entries.push(entry as JournalEntry);
      goodBytes = start;
    } catch {
      break;
    }
  }
  return { entries, goodBytes };
}

/** The entries of a stopped capture's journal, read without opening it for writing (the estimate's look at a resume). */
export function readJournalEntries(out: string): JournalEntry[] {
  return readJournal(journalPaths(out).journal).entries;
}

/** Whether a call answered (a `split` or `restart` line records a decision, not an answer). */
export const isAnswer = (entry: JournalEntry): boolean => entry.op !== 'split' && entry.op !== 'restart';

/** What is at `path`: nothing, a stopped capture (its request), or something else (a finished snapshot, a stranger's file). */
export function stoppedRequestIn(path: string): CaptureRequest | 'none' | 'other' {
  if (hasJournal(path)) {
    try {
      return readStateFile(path).request;
    } catch {
      return 'other';
    }
  }
  return existsSync(path) ? 'other' : 'none';
}

export class Journal {
  private constructor(
    private fd: number | undefined,
    private size: number,
    private readonly durable: boolean,
  ) {}

  /** Opens (creating if needed) the journal and returns the entries it already holds. */
  static open(out: string, durable = true): { journal: Journal; entries: JournalEntry[] } {
    const { journal: path } = journalPaths(out);
    const { entries, goodBytes } = readJournal(path);
    const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    ftruncateSync(fd, goodBytes);
    return { journal: new Journal(fd, goodBytes, durable), entries };
  }

  append(entry: JournalEntry): void {
    if (this.fd === undefined) throw new Error('journal is closed');
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written, line.length - written, this.size + written);
    this.size += line.length;
    if (this.durable) fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
