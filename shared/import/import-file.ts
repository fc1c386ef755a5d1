import { cloudTrailParsers, cloudTrailRefusals } from './cloudtrail/index.ts';
import { parseJsonValues } from '../base/json-values.ts';
import { isJsonObject } from '../base/json.ts';
import { ImportError, type FormatParser, type ImportedDocument, type ImportResult, type ImportSink, type KnownUnsupported } from './format/types.ts';
import { xrayParsers } from './xray/index.ts';
import { gunzip, isGzip } from '../snapshot/index.ts';
import type { Problem, RawKind } from '../model/index.ts';

/** Every format we import, most specific first. */
export const PARSERS: readonly FormatParser[] = [...xrayParsers, ...cloudTrailParsers];
export const REFUSALS: readonly KnownUnsupported[] = [...cloudTrailRefusals];

/** Cap on one imported file after decompression; a snapshot is read by the snapshot reader instead. */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
/** The longest text one import file may decode to: V8 strings stop a little above 512 MiB. */
export const MAX_TEXT_BYTES = 500 * 1024 * 1024;

const SUPPORTED =
  'X-Ray (BatchGetTraces, segment documents, daemon datagrams, GetTraceSummaries, GetServiceGraph) or CloudTrail ' +
  '(LookupEvents, S3 log file {"Records":[…]}, records, EventBridge envelopes, JSON lines)';

/** Reads one file of any supported import format. Throws ImportError when nothing in it is usable as what it claims. */
export async function importFile(file: string, bytes: Uint8Array): Promise<ImportResult> {
  if (bytes.length === 0) throw new ImportError(file, `the file is empty; expected ${SUPPORTED}`);
  const plain = isGzip(bytes) ? await gunzipAll(file, bytes) : bytes;
  const text = decodeText(file, plain);
  const firstChar = text.replace(/^\uFEFF/, '').trimStart().charAt(0);
  if (firstChar !== '{' && firstChar !== '[') {
    const start = JSON.stringify(text.trimStart().slice(0, 24));
    throw new ImportError(file, `not JSON: it starts with ${start}; expected ${SUPPORTED}`);
  }
  const parsed = parseJsonValues(text);
  const documents: ImportedDocument[] = [];
  const problems: Problem[] = [];
  const formats = new Set<string>();
  const sink: ImportSink = {
    file,
    add(kind: RawKind, doc: unknown, at: string) {
      documents.push({ kind, doc, at });
    },
    problem(at: string | undefined, message: string) {
      problems.push(at ? { file, at, message } : { file, message });
    },
  };
  if (parsed.values.length === 0) {
    const first = parsed.errors[0];
    throw new ImportError(file, first ? first.message : `no JSON value found; expected ${SUPPORTED}`);
  }
  for (const error of parsed.errors) sink.problem(`line ${error.line}`, error.message);
  for (const { value, line } of parsed.values) {
    if (isDaemonHeader(value)) continue;
    const at = parsed.single ? '' : `line ${line}`;
    const parser = PARSERS.find((candidate) => candidate.matches(value));
    if (parser) {
      formats.add(parser.format);
      parser.parse(value, sink, at);
      continue;
    }
    const message = explainUnknown(value);
    if (parsed.single) throw new ImportError(file, message);
    sink.problem(at, message);
  }
  if (documents.length === 0 && formats.size === 0) {
    const first = problems[0];
    throw new ImportError(file, first ? `nothing could be read: ${first.message}` : `nothing could be read; expected ${SUPPORTED}`, first?.at);
  }
  return { file, formats: [...formats], documents, problems, bytes: bytes.length };
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

function decodeText(file: string, bytes: Uint8Array): string {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new ImportError(file, `${bytes.length} bytes of text is more than one import file may hold (${MAX_TEXT_BYTES}); split it, or import it with \`trace-explorer import\` in parts`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError(file, `not UTF-8 text (a binary file?); expected ${SUPPORTED}`);
  }
}

async function gunzipAll(file: string, bytes: Uint8Array): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of gunzip(bytes, { maxDecompressedBytes: MAX_IMPORT_BYTES })) {
      chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    throw new ImportError(file, `cannot decompress: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
