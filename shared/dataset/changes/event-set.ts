/**
 * The one place CloudTrail events are de-duplicated. Every path to a dataset passes here — files
 * imported together, snapshots merged, one snapshot opened as it is — so the snapshot keeps every
 * CloudTrail document as it came (a LookupEvents item and the S3 record of the same event are two
 * documents) and the dataset counts each eventID once.
 *
 * The same eventID met again with the same record is a duplicate. With a different record it is
 * a conflict, reported naming both files: CloudTrail gives each event one ID, so two records
 * under one ID mean one of them was edited or forged. Which one is kept is decided so that no
 * change can be hidden behind a read: a write (readOnly false, or a configuration change) wins
 * over a read whatever the order of the files; between two of a kind the first one stays.
 */
import { sameJson } from '../../base/json-equal.ts';
import type { ChangeEvent, Problem } from '../../model/index.ts';

interface Kept {
  readonly event: ChangeEvent;
  readonly file: string;
  readonly at: string;
}

/** A write: what could change the system, which a read must never stand in for. */
function isWrite(event: ChangeEvent): boolean {
  return event.readOnly === false || event.change !== undefined;
}

function where(file: string, at: string): string {
  return `${file} (${at})`;
}

export class ChangeEventSet {
  private readonly byId = new Map<string, Kept>();
  /** Events met again under an eventID already held (identical or not), each counted once. */
  duplicates = 0;

  /** Adds one event read from `file` at `at`; returns the conflict it makes, if any. */
  add(event: ChangeEvent, file: string, at: string): Problem | undefined {
    const held = this.byId.get(event.eventId);
    if (held === undefined) {
      this.byId.set(event.eventId, { event, file, at });
      return undefined;
    }
    this.duplicates++;
    if (sameJson(held.event.record, event.record)) return undefined;
    const replace = isWrite(event) && !isWrite(held.event);
    if (replace) this.byId.set(event.eventId, { event, file, at });
    const kept = replace ? { event, file, at } : held;
    const reason = isWrite(event) !== isWrite(held.event) ? 'the write is kept over the read' : 'the first one is kept';
    return {
      file,
      at,
      message:
        `same eventID ${event.eventId} as ${where(held.file, held.at)}, with different content ` +
        `(${held.event.eventName} there, ${event.eventName} here): ${reason}, ${kept.event.eventName} from ${where(kept.file, kept.at)}`,
    };
  }

  /** The events kept, one per eventID, sorted by time (then eventID). */
  sorted(): ChangeEvent[] {
    const events: ChangeEvent[] = [];
    for (const kept of this.byId.values()) events.push(kept.event);
    return events.sort((a, b) => a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  }
}
