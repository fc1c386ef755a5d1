import { cloudTrailEventId } from './cloudtrail/event-id.ts';
import { EMPTY_NOTES, snapshotHeader } from '../snapshot/index.ts';
import type { Gap, Notes, RawKind, RawRecord, SnapshotContent, SourceInfo } from '../model/index.ts';
import { isJsonObject } from '../base/json.ts';

export type AddOutcome = 'added' | 'duplicate' | 'replaced';

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
 * Collects raw documents from several sources into one snapshot. The same document seen twice
 * counts once: segments by trace id + id (an in-progress segment is replaced by its completed
 * version), CloudTrail events by eventID whatever their wrapper, summaries by trace id (the higher
 * Revision wins), service graphs by window, metric results by id, label and timestamps.
 */
export class SnapshotBuilder {
  private readonly sources: SourceInfo[] = [];
  private readonly records: RawRecord[] = [];
  private readonly indexByKey = new Map<string, number>();
  private readonly gaps: Gap[] = [];
  private notes: Notes = EMPTY_NOTES;
  private readonly accountIds = new Set<string>();
  private readonly regions = new Set<string>();
  private readonly queries: Readonly<Record<string, unknown>>[] = [];

  /** Merges another snapshot into this one, re-numbering its sources. */
  merge(content: SnapshotContent): void {
    const offset = this.sources.length;
    this.sources.push(...content.header.provenance.sources);
    for (const record of content.records) this.add(record.kind, record.doc, record.source + offset);
    pushNew(this.gaps, content.header.gaps);
    for (const id of content.header.provenance.accountIds) this.accountIds.add(id);
    for (const region of content.header.provenance.regions) this.regions.add(region);
    pushNew(this.queries, content.header.provenance.queries);
    if (!this.notes.summary && content.header.notes.summary) this.notes = { ...this.notes, summary: content.header.notes.summary };
    const known = new Set(this.notes.bookmarks.map((bookmark) => bookmark.id));
    const added = content.header.notes.bookmarks.filter((bookmark) => !known.has(bookmark.id));
    if (added.length) this.notes = { ...this.notes, bookmarks: [...this.notes.bookmarks, ...added] };
  }

  addSource(source: SourceInfo): number {
    this.sources.push(source);
    return this.sources.length - 1;
  }

  get size(): number {
    return this.records.length;
  }

  add(kind: RawKind, doc: unknown, source: number): AddOutcome {
    this.noteOrigin(kind, doc);
    const key = recordKey(kind, doc);
    if (key === undefined) {
      this.records.push({ kind, source, doc });
      return 'added';
    }
    const existing = this.indexByKey.get(key);
    if (existing === undefined) {
      this.indexByKey.set(key, this.records.length);
      this.records.push({ kind, source, doc });
      return 'added';
    }
    const old = this.records[existing];
    if (old && supersedes(kind, doc, old.doc)) {
      this.records[existing] = { kind, source, doc };
      return 'replaced';
    }
    return 'duplicate';
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
    if (typeof doc.resource_arn === 'string') {
      const [, , , region, account] = doc.resource_arn.split(':');
      if (region) this.regions.add(region);
      if (account) this.accountIds.add(account);
    }
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
      return typeof doc.id === 'string' ? `s|${String(doc.trace_id ?? '')}|${doc.id}` : undefined;
    case 'xray.summary':
      return typeof doc.Id === 'string' ? `t|${doc.Id}` : undefined;
    case 'xray.serviceGraph':
    case 'xray.timeSeries':
      // Few and not small: the whole document is the key (two regions or pages of one window differ).
      return `${kind}|${JSON.stringify(doc)}`;
    case 'cloudtrail.record':
    case 'cloudtrail.lookupEvent':
    case 'cloudtrail.eventBridge': {
      const id = cloudTrailEventId(kind, doc);
      return id === undefined ? undefined : `e|${id}`;
    }
    case 'metrics.result': {
      const result = doc.result;
      if (!isJsonObject(result)) return undefined;
      // The query names the metric, its dimensions and statistic: ids (m0, m1…) repeat across captures.
      const stamps = Array.isArray(result.Timestamps) ? result.Timestamps : [];
      return `m|${JSON.stringify(doc.query ?? null)}|${String(result.Id)}|${String(stamps[0])}|${String(stamps[stamps.length - 1])}|${stamps.length}`;
    }
  }
}

/** Whether `next` should replace `previous` under the same key. */
function supersedes(kind: RawKind, next: unknown, previous: unknown): boolean {
  if (!isJsonObject(next) || !isJsonObject(previous)) return false;
  if (kind === 'xray.segment') return previous.in_progress === true && next.in_progress !== true;
  if (kind === 'xray.summary') return Number(next.Revision ?? 0) > Number(previous.Revision ?? 0);
  return false;
}
