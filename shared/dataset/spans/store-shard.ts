import { DOCUMENT_COLUMNS, SPAN_COLUMNS, type SpanStore } from './span-store.ts';
import type { LiftedException } from './span-types.ts';

type SpanColumns = { readonly [K in (typeof SPAN_COLUMNS)[number]]: SpanStore[K] };
type DocumentColumns = { readonly [K in (typeof DOCUMENT_COLUMNS)[number]]: Int32Array };

/**
 * The spans of one batch of record lines, in a SpanStore's columns, made on another thread (a
 * parse worker reads the batch into a store of its own, then sends this) and appended to the open
 * incident's store in reading order (appendShard). What the batch's store named by its own
 * numbers — strings, traces, records, spans — is renumbered on the way in, so the result is the
 * store the batch's records would have made one by one (store-shard.test.ts compares them).
 * Only a batch without problems becomes a shard (record-batch.ts): a shard has no problems to
 * carry, and each of its records is one document.
 */
export interface StoreShard {
  readonly spans: number;
  readonly documents: number;
  readonly columns: SpanColumns;
  readonly documentColumns: DocumentColumns;
  /** The batch store's strings by its ids (0, none, undefined). */
  readonly strings: readonly (string | undefined)[];
  /** Span ids, parent ids and the batch's traces by its trace numbers (docTrace), packed (see packed). */
  readonly id: PackedStrings;
  readonly parentId: PackedStrings;
  readonly traceIds: PackedStrings;
  readonly causes: readonly (readonly [number, readonly LiftedException[]])[];
  /** Each record's line in the batch's bytes. */
  readonly lineStarts: Int32Array;
  readonly lineLengths: Int32Array;
}

/** The shard of a store that read one batch (every document's line in the batch's one chunk). */
export function shardOf(store: SpanStore): StoreShard {
  const spans = store.count;
  const documents = store.documents;
  const columns = Object.fromEntries(SPAN_COLUMNS.map((name) => [name, store[name].slice(0, spans)])) as unknown as SpanColumns;
  const documentColumns = Object.fromEntries(DOCUMENT_COLUMNS.map((name) => [name, store[name].slice(0, documents)])) as unknown as DocumentColumns;
  const lines = store.texts.lines();
  return {
    spans,
    documents,
    columns,
    documentColumns,
    strings: store.strings.list(),
    id: packed(store.id),
    parentId: packed(store.parentId),
    traceIds: packed(store.traceIds),
    causes: [...store.causes],
    lineStarts: lines.starts,
    lineLengths: lines.lengths,
  };
}

/** The shard's typed arrays' buffers: postMessage's transfer list, so they move instead of being copied. */
export function shardBuffers(shard: StoreShard): ArrayBuffer[] {
  const arrays = [...Object.values(shard.columns), ...Object.values(shard.documentColumns), shard.lineStarts, shard.lineLengths, shard.id.ends, shard.parentId.ends, shard.traceIds.ends];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

/** Column of the string table's cache a shard's strings are looked up in (StringTable.id). */
const SHARD_STRINGS = 15;

/**
 * Appends `shard`, read from `batch` (whose bytes become the records' kept text), to `store`, as
 * if its records had been added one by one; `revive` turns a kept line back into its document.
 */
export function appendShard(store: SpanStore, shard: StoreShard, batch: Uint8Array, revive: (line: string) => unknown): void {
  const { spans, documents, columns, documentColumns } = shard;
  store.reserve(spans, documents);
  const base = store.count;
  const firstDocument = store.documents;
  const firstRecord = store.texts.addLines(batch, shard.lineStarts, shard.lineLengths, documents);
  const strings = new Int32Array(shard.strings.length);
  for (let i = 1; i < strings.length; i++) strings[i] = store.strings.id(shard.strings[i], SHARD_STRINGS);
  renumbered(columns.name, store.name, base, strings);
  renumbered(columns.origin, store.origin, base, strings);
  renumbered(columns.namespace, store.namespace, base, strings);
  renumbered(columns.account, store.account, base, strings);
  renumbered(columns.resource, store.resource, base, strings);
  renumbered(columns.altName, store.altName, base, strings);
  store.ordinal.set(columns.ordinal, base);
  store.kind.set(columns.kind, base);
  store.bits.set(columns.bits, base);
  store.start.set(columns.start, base);
  store.end.set(columns.end, base);
  shifted(columns.record, store.record, base, firstRecord);
  shifted(columns.enclosing, store.enclosing, base, base);
  unpack(shard.id, store.id);
  unpack(shard.parentId, store.parentId);
  const traceIds: (string | undefined)[] = [];
  unpack(shard.traceIds, traceIds);
  const traces = traceIds.map((traceId) => store.traceNumber(traceId!));
  shifted(documentColumns.docFirst, store.docFirst, firstDocument, base);
  store.docSpans.set(documentColumns.docSpans, firstDocument);
  store.docSource.set(documentColumns.docSource, firstDocument);
  const docTrace = documentColumns.docTrace;
  for (let d = 0; d < documents; d++) store.docTrace[firstDocument + d] = traces[docTrace[d]!]!;
  for (const [raw, exceptions] of shard.causes) store.causes.set(raw + base, exceptions);
  store.count += spans;
  store.documents += documents;
  store.segmentRecords += documents;
  store.revive ??= revive;
}

/** `to[at + i] = ids[from[i]]`: a column of string ids in the store's numbers. */
function renumbered(from: Int32Array, to: Int32Array, at: number, ids: Int32Array): void {
  for (let i = 0; i < from.length; i++) to[at + i] = ids[from[i]!]!;
}

/** `to[at + i] = from[i] + by`, a negative value (none) kept as -1. */
function shifted(from: Int32Array, to: Int32Array, at: number, by: number): void {
  for (let i = 0; i < from.length; i++) {
    const value = from[i]!;
    to[at + i] = value < 0 ? -1 : value + by;
  }
}

/**
 * Strings sent as one: their text end to end and where each ends (a negative end, -1 - where it
 * would have ended, for undefined). A structured clone copies one string at memcpy speed, where
 * an array of a few thousand short ones costs each string's own allocation on both sides (2.7 ×
 * the time over a third of the 1,020,000-span bench file: 127 against 27 ms, packing included).
 */
export interface PackedStrings {
  readonly text: string;
  readonly ends: Int32Array;
}

export function packed(values: readonly (string | undefined)[]): PackedStrings {
  const ends = new Int32Array(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === undefined) ends[i] = -1 - at;
    else ends[i] = at += value.length;
  }
  return { text: values.join(''), ends };
}

/** Appends the packed strings to `out`. */
export function unpack(packed: PackedStrings, out: (string | undefined)[]): void {
  const { text, ends } = packed;
  let at = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (end < 0) out.push(undefined);
    else {
      out.push(text.substring(at, end));
      at = end;
    }
  }
}
