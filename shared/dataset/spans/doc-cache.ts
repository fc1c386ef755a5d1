import type { RecordTexts } from './record-texts.ts';
import { isSpanObject, spanObjects, type SpanObject } from './span-walk.ts';

/** At most this many parsed records, and this much of their text, are kept. */
const MAX_RECORDS = 4096;
const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * Documents parsed again from their record's raw line when someone asks for them (the detail
 * panel, the search, the filter's indexes), with the most recently used ones kept: the spans of
 * one trace are read together, and a trace's documents are a few records. Each entry is the
 * record's span objects by ordinal (span-walk.ts), so a span is found without walking again.
 */
export class DocCache {
  private readonly entries = new Map<number, SpanObject[]>();
  private bytes = 0;

  constructor(
    private readonly texts: RecordTexts,
    private readonly revive: (line: string) => unknown,
  ) {}

  objects(record: number): SpanObject[] {
    const known = this.entries.get(record);
    if (known !== undefined) {
      // Most recently used last (a Map keeps insertion order).
      this.entries.delete(record);
      this.entries.set(record, known);
      return known;
    }
    const doc = this.revive(this.texts.text(record));
    // The line was checked when it was first read; it parses to the same object again.
    const objects = isSpanObject(doc) ? spanObjects(doc) : [];
    this.entries.set(record, objects);
    this.bytes += this.texts.size(record);
    while (this.entries.size > MAX_RECORDS || (this.bytes > MAX_TEXT_BYTES && this.entries.size > 1)) {
      const oldest = this.entries.keys().next().value as number;
      this.entries.delete(oldest);
      this.bytes -= this.texts.size(oldest);
    }
    return objects;
  }
}
