import { isDateSeconds } from '../../base/epoch-time.ts';
import { isJsonObject, type JsonObject } from '../../base/json.ts';
/**
 * The order in which the spans of one segment document are read: the document itself (ordinal 0),
 * then breadth of each (sub)segment's `subsegments` in array order, the last one read first
 * (a stack, so any depth works without recursion). The intake numbers spans in this order and the
 * lazy lookup of a span's object walks the same way, so an ordinal names the same object in both.
 * A nested subsegment without a usable id or start_time is skipped with everything inside it.
 */
export type SpanObject = JsonObject;

/** A span's document or nested subsegment is a JSON object: the one guard of base/json.ts. */
export const isSpanObject: (value: unknown) => value is SpanObject = isJsonObject;

/** What a walk calls: `visit` for the document (parent -1) and every usable nested subsegment, `skip` for each unusable one. */
export interface SpanVisitor {
  /** `id` and `start` are the object's, already checked (a non-empty string, epoch seconds a date holds) for nested ones. */
  visit(object: SpanObject, ordinal: number, parent: number, id: unknown, start: unknown): void;
  skip(parent: number, index: number): void;
}

/**
 * Walks `doc` (see above) with reused working arrays; returns the number of objects visited. The
 * visitor is an object, not closures, so a million spans cost no allocation per document.
 */
export function walkSpans(doc: SpanObject, visitor: SpanVisitor, objects: SpanObject[] = [], pending: number[] = []): number {
  objects.length = 0;
  pending.length = 0;
  objects.push(doc);
  pending.push(0);
  visitor.visit(doc, 0, -1, doc['id'], doc['start_time']);
  while (pending.length > 0) {
    const parent = pending.pop()!;
    const subsegments = objects[parent]!['subsegments'];
    if (!Array.isArray(subsegments)) continue;
    for (let i = 0; i < subsegments.length; i++) {
      const sub: unknown = subsegments[i];
      if (!isSpanObject(sub)) {
        visitor.skip(parent, i);
        continue;
      }
      const id = sub['id'];
      const start = sub['start_time'];
      const end = sub['end_time'];
      // A number no date holds as end_time is skipped, as the importer reports it (not read as in progress).
      if (typeof id !== 'string' || id === '' || !isDateSeconds(start) || (typeof end === 'number' && !isDateSeconds(end))) {
        visitor.skip(parent, i);
        continue;
      }
      const ordinal = objects.length;
      objects.push(sub);
      pending.push(ordinal);
      visitor.visit(sub, ordinal, parent, id, start);
    }
  }
  const count = objects.length;
  objects.length = 0;
  return count;
}

/** Every span object of a document by ordinal. */
export function spanObjects(doc: SpanObject): SpanObject[] {
  const objects: SpanObject[] = [];
  walkSpans(doc, { visit: (object) => void objects.push(object), skip: () => undefined });
  return objects;
}
