import { sameJson } from '../base/json-equal.ts';
import { segmentKey } from './xray/index.ts';
import { EMPTY_NOTES, snapshotHeader } from '../snapshot/index.ts';
import type { Gap, Notes, Problem, RawKind, RawRecord, SnapshotContent, SourceInfo } from '../model/index.ts';
import { isJsonObject } from '../base/json.ts';
import { TextStore } from './text-store.ts';

/** `conflict`: the key was held by a document with other content, which stays (see `problems`). */
export type AddOutcome = 'added' | 'duplicate' | 'replaced' | 'conflict';

export interface BuildMeta {
  readonly appVersion: string;
  readonly createdAt: string;
  readonly gaps?: readonly Gap[];
  readonly notes?: Notes;
  readonly window?: { readonly start: string; readonly end: string };
  readonly queries?: readonly Readonly<Record<string, unknown>>[];
  readonly sampling?: string;
}

/**
 * Told of each record as the builder keeps it, so that a writer can write the snapshot's records
 * while the files are still read (electron/files/snapshot-stream.ts) instead of after. `index` is
 * the record's place in the built snapshot; `text`, when known, the JSON text of its document.
 * A record replaced in place (an in-progress segment by its completed version) is reported too:
 * the records already written are then not the snapshot's.
 */
export interface RecordListener {
  added(record: RawRecord, index: number, text: string | undefined): void;
  replaced(index: number): void;
}

/**
 * Collects raw documents from several sources into one snapshot. The same document seen twice is
 * kept once: segments by trace id + id (an in-progress segment is replaced by its completed
 * version), summaries by trace id (the higher Revision wins), sampling rules by ARN (else name; the
 * later ModifiedAt wins), service graphs and time series by
 * their whole content, metric results by query, id and timestamps. A document under a key already
 * held with other content, which no rule says supersedes it, is a conflict: the first one stays
 * and `problems` names both files.
 *
 * CloudTrail documents are all kept, as they came: the same event in two wrappers (a LookupEvents
 * item, an S3 record) is two documents, and the dataset counts each eventID once, in one place
 * (shared/dataset/changes/event-set.ts), for every path that opens a snapshot.
 */
export class SnapshotBuilder {
  private readonly sources: SourceInfo[] = [];
  private readonly records: RawRecord[] = [];
  /** Where each record was in its file (`''` when not given), for naming it in a conflict. */
  private readonly atOf: string[] = [];
  private readonly indexByKey = new Map<string, number>();
  /** Same key, different content: each names both files. */
  readonly problems: Problem[] = [];
  private readonly gaps: Gap[] = [];
  private notes: Notes = EMPTY_NOTES;
  private readonly accountIds = new Set<string>();
  private readonly regions = new Set<string>();
  private readonly queries: Readonly<Record<string, unknown>>[] = [];
  /** The texts of the documents kept as text (keepText). */
  private readonly texts = new TextStore();
  /** resource_arn values already read: a few recur on every document of a service. */
  private readonly arnsSeen = new Set<string>();

  /**
   * `keepText`: a document that came with its own JSON text is kept as that text (joined with
   * others into large strings, text-store.ts), not as the parsed object (TextRecord). For an import, which
   * writes each record as it is kept and only counts afterwards: 2,000,000 spans of parsed objects
   * kept to the end cost more in garbage collection than the parsing itself.
   */
  constructor(
    private readonly listener?: RecordListener,
    private readonly keepText = false,
  ) {}

  /** Merges another snapshot into this one, re-numbering its sources; says how many of its documents were already held, and how many replaced one. */
  merge(content: SnapshotContent): { readonly duplicates: number; readonly replaced: number } {
    const offset = this.sources.length;
    this.sources.push(...content.header.provenance.sources);
    let duplicates = 0;
    let replaced = 0;
    content.records.forEach((record, index) => {
      const outcome = this.add(record.kind, record.doc, record.source + offset, `records[${index}]`);
      if (outcome === 'duplicate') duplicates++;
      else if (outcome === 'replaced') replaced++;
    });
    pushNew(this.gaps, content.header.gaps);
    for (const id of content.header.provenance.accountIds) this.accountIds.add(id);
    for (const region of content.header.provenance.regions) this.regions.add(region);
    pushNew(this.queries, content.header.provenance.queries);
    if (!this.notes.summary && content.header.notes.summary) this.notes = { ...this.notes, summary: content.header.notes.summary };
    const known = new Set(this.notes.bookmarks.map((bookmark) => bookmark.id));
    const added = content.header.notes.bookmarks.filter((bookmark) => !known.has(bookmark.id));
    if (added.length) this.notes = { ...this.notes, bookmarks: [...this.notes.bookmarks, ...added] };
    return { duplicates, replaced };
  }

  addSource(source: SourceInfo): number {
    this.sources.push(source);
    return this.sources.length - 1;
  }

  /** Completes what is known of a source once it has been read (its format and size). */
  setSource(index: number, source: SourceInfo): void {
    if (index >= 0 && index < this.sources.length) this.sources[index] = source;
  }

  get size(): number {
    return this.records.length;
  }

  /** Adds one document of `source`; `at` is where it is in that file (for messages), `text` its JSON text when known. */
  add(kind: RawKind, doc: unknown, source: number, at = '', text?: string): AddOutcome {
    this.noteOrigin(kind, doc);
    const key = recordKey(kind, doc);
    const existing = key === undefined ? undefined : this.indexByKey.get(key);
    if (existing === undefined) {
      const index = this.records.length;
      if (key !== undefined) this.indexByKey.set(key, index);
      const record = { kind, source, doc };
      this.records.push(this.keepText && text !== undefined ? new TextRecord(kind, source, text, this.texts) : record);
      this.atOf.push(at);
      this.listener?.added(record, index, text);
      return 'added';
    }
    const old = this.records[existing] as RawRecord;
    if (supersedes(kind, doc, old.doc)) {
      this.records[existing] = this.keepText && text !== undefined ? new TextRecord(kind, source, text, this.texts) : { kind, source, doc };
      this.atOf[existing] = at;
      this.listener?.replaced(existing);
      return 'replaced';
    }
    if (supersedes(kind, old.doc, doc) || sameJson(old.doc, doc)) return 'duplicate';
    this.problems.push({
      file: this.fileOf(source),
      ...(at === '' ? {} : { at }),
      message: `${describeKey(kind, doc)} as in ${this.place(old.source, this.atOf[existing] ?? '')}, with different content; the first one is kept`,
    });
    return 'conflict';
  }

  /** The name of source `source`, as the built header will give it. */
  fileOf(source: number): string {
    return this.sources[source]?.name ?? `source ${source}`;
  }

  private place(source: number, at: string): string {
    return at === '' ? this.fileOf(source) : `${this.fileOf(source)} (${at})`;
  }

  build(meta: BuildMeta): SnapshotContent {
    return {
      header: snapshotHeader({
        sources: this.sources,
        accountIds: this.accountIds,
        regions: this.regions,
        window: meta.window,
        queries: [...this.queries, ...(meta.queries ?? [])],
        sampling: meta.sampling,
        appVersion: meta.appVersion,
        createdAt: meta.createdAt,
        gaps: [...this.gaps, ...(meta.gaps ?? [])],
        notes: meta.notes ?? this.notes,
      }),
      records: [...this.records],
    };
  }

  /** Account and Region of X-Ray documents: `aws.account_id`, and the parts of `resource_arn`. */
  private noteOrigin(kind: RawKind, doc: unknown): void {
    if (kind !== 'xray.segment' || !isJsonObject(doc)) return;
    const aws = doc.aws;
    if (isJsonObject(aws) && typeof aws.account_id === 'string' && aws.account_id) this.accountIds.add(aws.account_id);
    if (typeof doc.resource_arn === 'string' && !this.arnsSeen.has(doc.resource_arn)) {
      this.arnsSeen.add(doc.resource_arn);
      const [, , , region, account] = doc.resource_arn.split(':');
      if (region) this.regions.add(region);
      if (account) this.accountIds.add(account);
    }
  }
}

/**
 * A record kept as the JSON text its document was parsed from (the text the snapshot writes for
 * it): the document is parsed again when first asked for — a duplicate compared, a snapshot
 * written the ordinary way — and kept from then on.
 */
class TextRecord implements RawRecord {
  private store: TextStore | undefined;
  private readonly block: number;
  private readonly start: number;
  private readonly end: number;
  private parsed: unknown;

  constructor(
    readonly kind: RawKind,
    readonly source: number,
    text: string,
    store: TextStore,
  ) {
    store.add(text);
    this.store = store;
    ({ block: this.block, start: this.start, end: this.end } = store.at);
  }

  get doc(): unknown {
    if (this.store !== undefined) {
      this.parsed = JSON.parse(this.store.text(this.block, this.start, this.end)) as unknown;
      this.store = undefined;
    }
    return this.parsed;
  }
}

function pushNew<T>(into: T[], items: readonly T[]): void {
  const seen = new Set(into.map((item) => JSON.stringify(item)));
  for (const item of items) {
    const key = JSON.stringify(item);
    if (!seen.has(key)) {
      seen.add(key);
      into.push(item);
    }
  }
}


function recordKey(kind: RawKind, doc: unknown): string | undefined {
  if (!isJsonObject(doc)) return undefined;
  switch (kind) {
    case 'xray.segment':
      return typeof doc.id === 'string' ? `s|${segmentKey({ id: doc.id, trace_id: typeof doc.trace_id === 'string' ? doc.trace_id : undefined })}` : undefined;
    case 'xray.summary':
      return typeof doc.Id === 'string' ? `t|${doc.Id}` : undefined;
    case 'xray.samplingRule': {
      // A rule is named once per account and Region; its ARN says which (the name alone, in a hand-made file).
      const rule = doc.SamplingRule;
      if (!isJsonObject(rule)) return undefined;
      const name = typeof rule.RuleARN === 'string' ? rule.RuleARN : typeof rule.RuleName === 'string' ? rule.RuleName : undefined;
      return name === undefined ? undefined : `r|${name}`;
    }
    case 'xray.serviceGraph':
    case 'xray.timeSeries':
      // Few and not small: the whole document is the key (two regions or pages of one window differ).
      return `${kind}|${JSON.stringify(doc)}`;
    case 'cloudtrail.record':
    case 'cloudtrail.lookupEvent':
    case 'cloudtrail.eventBridge':
      // Kept as they came; counted once by eventID in the dataset (see the class comment).
      return undefined;
    case 'metrics.result': {
      const result = doc.result;
      if (!isJsonObject(result)) return undefined;
      // The query names the metric, its dimensions and statistic: ids (m0, m1…) repeat across captures.
      const stamps = Array.isArray(result.Timestamps) ? result.Timestamps : [];
      return `m|${JSON.stringify(doc.query ?? null)}|${String(result.Id)}|${String(stamps[0])}|${String(stamps[stamps.length - 1])}|${stamps.length}`;
    }
  }
}

/** What the key is, for a conflict message: "same segment id 1111… (trace 1-…)". */
function describeKey(kind: RawKind, doc: unknown): string {
  const record = doc as Record<string, unknown>;
  if (kind === 'xray.segment') return `same segment id ${String(record.id)} (trace ${String(record.trace_id)})`;
  if (kind === 'xray.summary') return `same trace summary ${String(record.Id)} and Revision ${String(record.Revision ?? 0)}`;
  if (kind === 'xray.samplingRule') {
    const rule = record.SamplingRule as Record<string, unknown>;
    return `same sampling rule ${String(rule.RuleARN ?? rule.RuleName)} and ModifiedAt ${String(record.ModifiedAt ?? 0)}`;
  }
  return `same ${kind} key`;
}

/** Whether `next` should replace `previous` under the same key (the completed segment, the later Revision). */
function supersedes(kind: RawKind, next: unknown, previous: unknown): boolean {
  if (!isJsonObject(next) || !isJsonObject(previous)) return false;
  if (kind === 'xray.segment') return previous.in_progress === true && next.in_progress !== true;
  if (kind === 'xray.summary') return Number(next.Revision ?? 0) > Number(previous.Revision ?? 0);
  // The same rule read twice: the later edit (GetSamplingRules' ModifiedAt, epoch seconds) is the one in effect.
  if (kind === 'xray.samplingRule') return Number(next.ModifiedAt ?? 0) > Number(previous.ModifiedAt ?? 0);
  return false;
}
