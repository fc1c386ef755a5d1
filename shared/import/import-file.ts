import { cloudTrailParsers, cloudTrailRefusals } from './cloudtrail/index.ts';
import { JsonValueSplitter } from '../base/json-values.ts';
import { isJsonObject } from '../base/json.ts';
import { utf8Decoder } from '../base/web-apis.ts';
import { formatBytes } from '../base/format.ts';
import { ImportError, type DocumentTarget, type FormatParser, type ImportOutcome, type ImportSink, type KnownUnsupported } from './format/types.ts';
import { xrayParsers } from './xray/index.ts';
import { DEFAULT_LIMITS, fitsInRecord } from '../snapshot/index.ts';
import { importText } from './text-input.ts';
import type { Problem, RawKind } from '../model/index.ts';

/** Every format we import, most specific first. */
export const PARSERS: readonly FormatParser[] = [...xrayParsers, ...cloudTrailParsers];
export const REFUSALS: readonly KnownUnsupported[] = [...cloudTrailRefusals];

const SUPPORTED =
  'X-Ray (BatchGetTraces, segment documents, daemon datagrams, GetTraceSummaries, GetServiceGraph, GetSamplingRules) or CloudTrail ' +
  '(LookupEvents, S3 log file {"Records":[…]}, records, EventBridge envelopes, JSON lines)';

/**
 * Reads one file of any supported import format as its bytes arrive, handing every good document
 * to `target` as soon as it is read: JSON lines of any size stream through, one line in memory at a
 * time; a single JSON value (a pretty-printed BatchGetTraces or LookupEvents output) is limited to
 * MAX_JSON_VALUE_BYTES. Bad items become problems with their path; throws ImportError when
 * nothing in the file is usable as what it claims.
 */
export async function importStream(file: string, raw: AsyncIterable<Uint8Array>, target: DocumentTarget): Promise<ImportOutcome> {
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of raw) {
      bytes += chunk.length;
      yield chunk;
    }
  })();
  const reader = new FileReader(file, target);
  const splitter = new JsonValueSplitter(reader);
  let started = false;
  for await (const chunk of importText(file, counted)) {
    if (!started) started = checkStart(file, chunk);
    splitter.push(chunk);
  }
  splitter.end();
  if (splitter.values === 0) throw new ImportError(file, splitter.noValueMessage() ?? `no JSON value found; expected ${SUPPORTED}`);
  reader.finish(splitter.errors === 0);
  if (reader.documents === 0 && reader.formats.size === 0) {
    const first = reader.problems[0];
    throw new ImportError(file, first ? `nothing could be read: ${first.message}` : `nothing could be read; expected ${SUPPORTED}`, first?.at);
  }
  return { file, formats: [...reader.formats], documents: reader.documents, problems: reader.problems, bytes };
}

/** Whether the text has begun (a chunk with more than white space); refuses a start that is not JSON. */
function checkStart(file: string, chunk: Uint8Array): boolean {
  let i = 0;
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x09 || chunk[i] === 0x0a || chunk[i] === 0x0d)) i++;
  if (i === chunk.length) return false;
  if (chunk[i] === 0x7b || chunk[i] === 0x5b) return true;
  const start = JSON.stringify(utf8Decoder(false).decode(chunk.subarray(i, i + 96)).slice(0, 24));
  throw new ImportError(file, `not JSON: it starts with ${start}; expected ${SUPPORTED}`);
}

/** Takes the splitter's values, asks the parsers, and keeps the documents and problems. */
class FileReader {
  readonly problems: Problem[] = [];
  readonly formats = new Set<string>();
  documents = 0;
  /** The first value waits for the second (or the end): a file of one value reports paths without a line. */
  private pending: { value: unknown; line: number; text: string } | undefined;
  private valueCount = 0;
  /** The value being parsed and its text. */
  private current: unknown;
  private valueText = '';
  private readonly sink: ImportSink;

  constructor(
    private readonly file: string,
    private readonly target: DocumentTarget,
  ) {
    this.sink = {
      file,
      add: (kind: RawKind, doc: unknown, at: string, text?: string) => {
        // The document's own JSON text, when it has one, goes with it: a snapshot writer writes it
        // instead of stringifying the document (see snapshotRecordLine); nothing keeps it.
        const own = text ?? (doc === this.current ? this.valueText : undefined);
        if (!fitsInRecord(doc, own === undefined ? this.valueText.length * 3 : undefined, own)) {
          this.problem(at, `the document is larger than the ${formatBytes(DEFAULT_LIMITS.maxRecordBytes)} one snapshot record may hold; it is skipped`);
          return;
        }
        this.documents++;
        this.target.add(kind, doc, at, own);
      },
      problem: (at: string | undefined, message: string) => this.problem(at, message),
    };
  }

  value(value: unknown, line: number, _bytes: number, text: string): void {
    this.valueCount++;
    if (this.valueCount === 1) {
      this.pending = { value, line, text };
      return;
    }
    this.flush();
    this.dispatch(value, line, text, false);
  }

  error(line: number, message: string): void {
    this.flush();
    this.problem(`line ${line}`, message);
  }

  /** The end of the file: a value still waiting was the only one when there were no errors. */
  finish(noErrors: boolean): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.dispatch(pending.value, pending.line, pending.text, noErrors && this.valueCount === 1);
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.dispatch(pending.value, pending.line, pending.text, false);
  }

  private dispatch(value: unknown, line: number, text: string, single: boolean): void {
    if (isDaemonHeader(value)) return;
    const at = single ? '' : `line ${line}`;
    const parser = parserFor(value);
    if (parser) {
      this.formats.add(parser.format);
      this.current = value;
      this.valueText = text;
      parser.parse(value, this.sink, at);
      this.current = undefined;
      this.valueText = '';
      return;
    }
    const message = explainUnknown(value);
    if (single) throw new ImportError(this.file, message);
    this.problem(at, message);
  }

  private problem(at: string | undefined, message: string): void {
    this.problems.push(at ? { file: this.file, at, message } : { file: this.file, message });
  }
}

/** The first parser that claims the value (a loop: asked once per value, so no closure per call). */
function parserFor(value: unknown): FormatParser | undefined {
  for (const parser of PARSERS) if (parser.matches(value)) return parser;
  return undefined;
}

function isDaemonHeader(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  return value['format'] === 'json' && typeof value['version'] === 'number' && Object.keys(value).length === 2;
}

function explainUnknown(value: unknown): string {
  const refusal = REFUSALS.find((candidate) => candidate.matches(value));
  if (refusal) return `this is ${refusal.label}: ${refusal.reason}`;
  return `not a supported format: expected ${SUPPORTED}; found ${describeShape(value)}`;
}

function describeShape(value: unknown): string {
  // Iterative: a hostile file may nest arrays 100,000 deep.
  let prefix = '';
  let current = value;
  for (let depth = 0; Array.isArray(current); depth++) {
    if (current.length === 0) return `${prefix}an empty array`;
    if (depth === 3) return `${prefix}nested arrays`;
    prefix += 'an array whose first item is ';
    current = current[0];
  }
  if (current === null || typeof current !== 'object') return `${prefix}a ${current === null ? 'null' : typeof current}`;
  const keys = Object.keys(current);
  const shown = keys.slice(0, 6).join(', ');
  return `${prefix}${keys.length === 0 ? 'an empty object' : `an object with keys ${shown}${keys.length > 6 ? ', …' : ''}`}`;
}
