/**
 * The order in which the spans of one segment document are read: the document itself (ordinal 0),
 * then breadth of each (sub)segment's `subsegments` in array order, the last one read first
 * (a stack, so any depth works without recursion). The intake numbers spans in this order and the
 * lazy lookup of a span's object walks the same way, so an ordinal names the same object in both.
 * A nested subsegment without a usable id or start_time is skipped with everything inside it.
 */
export type SpanObject = Readonly<Record<string, unknown>>;

export function isSpanObject(value: unknown): value is SpanObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested subsegment the assembler can place: an object with a non-empty string id and a finite start_time. */
export function isUsableSubsegment(value: unknown): value is SpanObject {
  if (!isSpanObject(value)) return false;
  const id = value['id'];
  const start = value['start_time'];
  return typeof id === 'string' && id !== '' && typeof start === 'number' && Number.isFinite(start);
}

/**
 * Calls `visit(object, ordinal, parentOrdinal)` for the document (parent -1) and every usable
 * nested subsegment, and `skip(parentOrdinal, index)` for each unusable one.
 */
export function walkSpans(doc: SpanObject, visit: (object: SpanObject, ordinal: number, parent: number) => void, skip?: (parent: number, index: number) => void): number {
  const objects: SpanObject[] = [doc];
  const pending: number[] = [0];
  visit(doc, 0, -1);
  while (pending.length > 0) {
    const parent = pending.pop()!;
    const subsegments = objects[parent]!['subsegments'];
    if (!Array.isArray(subsegments)) continue;
    for (let i = 0; i < subsegments.length; i++) {
      const sub: unknown = subsegments[i];
      if (!isUsableSubsegment(sub)) {
        skip?.(parent, i);
        continue;
      }
      const ordinal = objects.length;
      objects.push(sub);
      pending.push(ordinal);
      visit(sub, ordinal, parent);
    }
  }
  return objects.length;
}

/** Every span object of a document by ordinal. */
export function spanObjects(doc: SpanObject): SpanObject[] {
  const objects: SpanObject[] = [];
  walkSpans(doc, (object) => objects.push(object));
  return objects;
}
