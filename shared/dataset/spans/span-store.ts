import type { Problem } from '../../model/snapshot.ts';
import { SpanKindNumber, StatusBit, STATUS_BITS } from '../../model/status.ts';
import { isDateSeconds } from '../../base/epoch-time.ts';
import { awsAccount, canonicalType, documentAccount, inferredNodeOf, infersDownstream, resourceNameOf } from '../naming/service-naming.ts';
import { DocCache } from './doc-cache.ts';
import { RecordTexts } from './record-texts.ts';
import { isSpanObject, walkSpans, type SpanObject, type SpanVisitor } from './span-walk.ts';
import { StringTable } from './string-table.ts';
import type { DocumentText, LiftedException } from './span-types.ts';

/** Kinds are SpanKindNumber's, the low bits StatusBit's (model/status.ts): one layout, no translation. */
export const KIND_SEGMENT = SpanKindNumber.segment;
export const KIND_SUBSEGMENT = SpanKindNumber.subsegment;
export const KIND_INFERRED = SpanKindNumber.inferred;

export const BIT_IN_PROGRESS = StatusBit.inProgress;
export const BIT_ERROR = StatusBit.error;
export const BIT_THROTTLE = StatusBit.throttle;
export const BIT_FAULT = StatusBit.fault;
/** An inferred segment the assembler added (not in the input); above the StatusBit bits. */
export const BIT_ADDED = STATUS_BITS + 1;
/** A client subsegment (`namespace` aws or remote) below which X-Ray infers a node. */
export const BIT_INFERS = BIT_ADDED << 1;

const INITIAL = 1024;

const FLAGGED = BIT_ERROR | BIT_THROTTLE | BIT_FAULT;

/** The string table's per-column caches (StringTable.id): what each column asks for repeats within it. */
const COLUMN = { name: 0, namespace: 1, origin: 2, account: 3, resource: 4, addedName: 5, addedOrigin: 6, addedResource: 7 } as const;

/**
 * Every span of an incident's segment documents in columns — what the views and the assembler
 * read, lifted from each document once, while it is parsed — and the way back to the document
 * itself. A span is a number (its *raw* index, in reading order); its document is either kept as
 * the object it came as (`resident`: documents given in memory, as the importer and the tests
 * give them) or, for a snapshot streamed from a file, parsed again from the record's raw line on
 * demand (doc-cache.ts). So an open snapshot holds one copy of its text and these columns, not
 * every parsed object: a million spans of 374 MB of JSON keep ~374 MB of text and ~90 MB of columns
 * where the parsed objects took ~850 MB in Chromium.
 *
 * For a client subsegment (BIT_INFERS), `origin`, `altName` and `resource` hold the inferred node
 * the assembler may add below it (inferred-nodes.ts): X-Ray's origin, segment name and node name.
 */
export class SpanStore implements SpanVisitor {
  readonly strings = new StringTable();
  count = 0;
  record = new Int32Array(INITIAL);
  ordinal = new Int32Array(INITIAL);
  /** Raw index of the enclosing (sub)segment in the same document, -1 for a document. */
  enclosing = new Int32Array(INITIAL);
  kind = new Uint8Array(INITIAL);
  bits = new Uint8Array(INITIAL);
  start = new Float64Array(INITIAL);
  /** NaN while in progress. */
  end = new Float64Array(INITIAL);
  name = new Int32Array(INITIAL);
  origin = new Int32Array(INITIAL);
  namespace = new Int32Array(INITIAL);
  account = new Int32Array(INITIAL);
  /** Node name of an inferred span (the resource it reached, else its name); for BIT_INFERS, the added node's. */
  resource = new Int32Array(INITIAL);
  /** For BIT_INFERS: the added inferred segment's `name`. */
  altName = new Int32Array(INITIAL);
  readonly id: string[] = [];
  /** `parent_id` of a document, else undefined. */
  readonly parentId: (string | undefined)[] = [];
  /** The source (file) of each document. */
  private readonly fileOfSource: (source: number) => string;

  // Per document (a segment record): its spans are raw indices [first, first + spans).
  documents = 0;
  docFirst = new Int32Array(INITIAL);
  docSpans = new Int32Array(INITIAL);
  docTrace = new Int32Array(INITIAL);
  docSource = new Int32Array(INITIAL);
  readonly traceIds: string[] = [];
  private readonly traceIndex = new Map<string, number>();
  private lastTraceId: string | undefined;
  private lastTrace = -1;
  /** Segment records seen, valid or not (the `[index]` of problems); store-shard.ts adds a shard's. */
  segmentRecords = 0;

  /** The records' lines (store-shard.ts adds a shard's). */
  readonly texts = new RecordTexts();
  private readonly cache: DocCache;
  /** The objects themselves, by raw index, for documents given in memory. */
  private readonly residents: (SpanObject | undefined)[] = [];
  /** The exceptions in `cause.exceptions` of flagged spans (X-Ray's SDKs flag a span that records one), by raw index. */
  readonly causes = new Map<number, readonly LiftedException[]>();
  /** How a kept line becomes its document again (SnapshotSink's `revive`). */
  revive: ((line: string) => unknown) | undefined;
  // The document being read (walkSpans' visitor state) and the walk's reused arrays.
  private walkRecord = -1;
  private walkFirst = 0;
  private walkParentId: string | undefined;
  private walkSource = 0;
  private readonly walkObjects: SpanObject[] = [];
  private readonly walkPending: number[] = [];

  constructor(
    fileOfSource: (source: number) => string,
    private readonly problems: Problem[],
  ) {
    this.fileOfSource = fileOfSource;
    this.cache = new DocCache(this.texts, (line) => this.revive!(line));
  }

  /** Bytes of raw text kept, and of the columns. */
  get textBytes(): number {
    return this.texts.bytes;
  }

  /**
   * Reads one segment record's document into the columns (checking it as the assembler did: a JSON
   * object with a non-empty string `id` and `trace_id` and a `start_time` a date can hold; nested
   * subsegments without an id or start, or with an end_time no date holds, are skipped). With `text`, the line is kept and the document
   * is not; without it, the document object is kept as it is.
   */
  addDocument(doc: unknown, source: number, text?: DocumentText): void {
    const index = this.segmentRecords++;
    if (!isSpanObject(doc)) {
      this.problems.push({ file: this.fileOfSource(source), at: `[${index}]`, message: 'segment document is not a JSON object; skipped' });
      return;
    }
    const id = doc['id'];
    const traceId = doc['trace_id'];
    const start = doc['start_time'];
    const hasId = typeof id === 'string' && id !== '';
    const hasTrace = typeof traceId === 'string' && traceId !== '';
    const hasStart = isDateSeconds(start);
    if (!hasId || !hasTrace || !hasStart) {
      const missing = [hasId ? '' : 'id', hasTrace ? '' : 'trace_id', hasStart ? '' : 'start_time'].filter((field) => field !== '');
      this.problems.push({ file: this.fileOfSource(source), at: hasId ? id : `[${index}]`, message: `segment document without a valid ${missing.join(', ')}; skipped` });
      return;
    }
    const trace = this.traceNumber(traceId);
    let record = -1;
    if (text !== undefined) {
      this.revive ??= text.revive;
      record = this.texts.add(text.bytes, text.start, text.end, text.stable);
    }
    const first = this.count;
    const d = this.documents++;
    if (d >= this.docFirst.length) this.growDocuments();
    this.docFirst[d] = first;
    this.docTrace[d] = trace;
    this.docSource[d] = source;
    const parentId = doc['parent_id'];
    this.walkRecord = record;
    this.walkFirst = first;
    this.walkParentId = typeof parentId === 'string' && parentId !== '' ? parentId : undefined;
    this.walkSource = source;
    walkSpans(doc, this, this.walkObjects, this.walkPending);
    this.docSpans[d] = this.count - first;
  }

  /** The number of trace `traceId` (in traceIds), added when it is new. */
  traceNumber(traceId: string): number {
    // A trace's documents mostly come one after another (BatchGetTraces answers by trace, and so
    // does a snapshot): comparing with the last trace id spares hashing a fresh string for the Map.
    let trace = traceId === this.lastTraceId ? this.lastTrace : this.traceIndex.get(traceId);
    if (trace === undefined) {
      trace = this.traceIds.length;
      this.traceIds.push(traceId);
      this.traceIndex.set(traceId, trace);
    }
    this.lastTraceId = traceId;
    this.lastTrace = trace;
    return trace;
  }

  /** Room for `spans` more spans and `documents` more documents in the columns. */
  reserve(spans: number, documents: number): void {
    while (this.count + spans > this.kind.length) this.grow();
    while (this.documents + documents > this.docFirst.length) this.growDocuments();
  }

  /** walkSpans: one span of the document being read. */
  visit(object: SpanObject, ordinal: number, parent: number, id: unknown, start: unknown): void {
    this.addSpan(object, this.walkRecord, ordinal, parent < 0 ? -1 : this.walkFirst + parent, parent < 0 ? this.walkParentId : undefined, id as string, start as number);
  }

  /** walkSpans: a nested subsegment without a usable id or start. */
  skip(parent: number, index: number): void {
    this.problems.push({ file: this.fileOfSource(this.walkSource), at: `${this.id[this.walkFirst + parent]}.subsegments[${index}]`, message: SKIPPED_SUBSEGMENT });
  }

  /** The file a raw span was read from. */
  fileOf(raw: number): string {
    let low = 0;
    let high = this.documents - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.docFirst[middle]! <= raw) low = middle;
      else high = middle - 1;
    }
    return this.fileOfSource(this.docSource[low]!);
  }

  /** The span's X-Ray object: the one given, or parsed again from its record's line. */
  docOf(raw: number): SpanObject {
    const resident = this.residents[raw];
    if (resident !== undefined) return resident;
    return this.cache.objects(this.record[raw]!)[this.ordinal[raw]!]!;
  }

  text(value: number): string | undefined {
    return this.strings.value(value);
  }

  /** The exceptions a flagged span records (read at open), or none. */
  exceptionsOf(raw: number): readonly LiftedException[] {
    return this.causes.get(raw) ?? NO_EXCEPTIONS;
  }

  private addSpan(object: SpanObject, record: number, ordinal: number, enclosing: number, parentId: string | undefined, id: string, start: number): void {
    const r = this.count++;
    if (r >= this.kind.length) this.grow();
    const isDocument = enclosing < 0;
    const kind = !isDocument || object['type'] === 'subsegment' ? KIND_SUBSEGMENT : object['inferred'] === true ? KIND_INFERRED : KIND_SEGMENT;
    const endTime = object['end_time'];
    const end = isDateSeconds(endTime) && object['in_progress'] !== true ? endTime : Number.NaN;
    const namespace = object['namespace'];
    const infers = kind === KIND_SUBSEGMENT && infersDownstream(namespace);
    this.record[r] = record;
    this.ordinal[r] = ordinal;
    this.enclosing[r] = enclosing;
    this.kind[r] = kind;
    this.bits[r] =
      (end === end ? 0 : BIT_IN_PROGRESS) |
      (object['error'] === true ? BIT_ERROR : 0) |
      (object['throttle'] === true ? BIT_THROTTLE : 0) |
      (object['fault'] === true ? BIT_FAULT : 0) |
      (infers ? BIT_INFERS : 0);
    this.start[r] = start;
    this.end[r] = end;
    const strings = this.strings;
    const name = object['name'];
    this.name[r] = strings.id(name, COLUMN.name);
    this.namespace[r] = namespace === undefined ? 0 : strings.id(namespace, COLUMN.namespace);
    this.id.push(id);
    this.parentId.push(parentId);
    if (record < 0) this.residents[r] = object;
    if ((this.bits[r]! & FLAGGED) !== 0) this.liftCause(r, object['cause']);
    if (infers) this.addedNode(r, object, typeof name === 'string' ? name : '');
    else {
      const origin = kind === KIND_SUBSEGMENT ? undefined : object['origin'];
      this.origin[r] = strings.id(origin, COLUMN.origin);
      this.account[r] = kind === KIND_SUBSEGMENT ? 0 : strings.id(documentAccount(object), COLUMN.account);
      this.resource[r] = kind === KIND_INFERRED && typeof origin === 'string' ? strings.id(resourceNameOf(canonicalType(origin), object['aws']) ?? name, COLUMN.resource) : 0;
      this.altName[r] = 0;
    }
  }

  /** The node X-Ray infers below client subsegment `r` (inferredSegmentFor's name and origin). */
  private addedNode(r: number, sub: SpanObject, subName: string): void {
    const aws = sub['aws'];
    const { name, origin } = inferredNodeOf(subName, sub['namespace'], aws, sub['http']);
    const strings = this.strings;
    this.altName[r] = strings.id(name, COLUMN.addedName);
    this.origin[r] = strings.id(origin, COLUMN.addedOrigin);
    this.resource[r] = strings.id(origin === undefined ? name : (resourceNameOf(canonicalType(origin), aws) ?? name), COLUMN.addedResource);
    this.account[r] = strings.id(awsAccount(aws), COLUMN.account);
  }

  private liftCause(r: number, cause: unknown): void {
    if (!isSpanObject(cause)) return;
    const exceptions = cause['exceptions'];
    if (!Array.isArray(exceptions)) return;
    const lifted: LiftedException[] = [];
    for (const item of exceptions as unknown[]) {
      if (!isSpanObject(item)) continue;
      lifted.push({ id: item['id'], type: item['type'], message: item['message'], remote: item['remote'] });
    }
    if (lifted.length > 0) this.causes.set(r, lifted);
  }

  private grow(): void {
    const size = this.kind.length * 2;
    for (const column of SPAN_COLUMNS) this[column] = grown(this[column], size) as never;
  }

  private growDocuments(): void {
    const size = this.docFirst.length * 2;
    for (const column of DOCUMENT_COLUMNS) this[column] = grown(this[column], size);
  }
}

const NO_EXCEPTIONS: readonly LiftedException[] = [];

/** The per-span columns and the per-document ones (store-shard.ts copies them too). */
export const SPAN_COLUMNS = ['record', 'ordinal', 'enclosing', 'kind', 'bits', 'start', 'end', 'name', 'origin', 'namespace', 'account', 'resource', 'altName'] as const;
export const DOCUMENT_COLUMNS = ['docFirst', 'docSpans', 'docTrace', 'docSource'] as const;

/** The problem reported for a nested subsegment without a usable id or start_time (or with an end_time no date holds). */
export const SKIPPED_SUBSEGMENT = 'subsegment without a valid id or start_time; skipped with the subsegments inside it';

function grown<T extends Uint8Array | Int32Array | Float64Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}
