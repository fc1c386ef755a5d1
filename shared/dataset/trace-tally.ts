import { isDateSeconds } from '../base/epoch-time.ts';
import type { Problem, Trace } from '../model/index.ts';
import { SlotIndex, SpanIdCodes } from './span-id-codes.ts';
import { SKIPPED_SUBSEGMENT } from './spans/span-store.ts';
import { isSpanObject, walkSpans, type SpanObject, type SpanVisitor } from './spans/span-walk.ts';

const INITIAL = 1024;
const UNKNOWN = 0;
const REACHED = 1;
const UNREACHED = 2;
const ON_PATH = 3;

/**
 * The traces of a snapshot's segment documents reduced to what `import` reports of them — each
 * trace's id and time span, and every problem the assembler would report — without assembling
 * them (no Span objects, no tree, no string tables). The figures are the assembler's, by the same
 * rules (assembly/, spans/span-store.ts): the same documents refused and nested subsegments
 * skipped (walkSpans itself), one span per id in a trace (a completed version replaces an
 * in-progress one, otherwise the first stays), a trace spanning its kept spans (an in-progress
 * one ends at its start), a span naming itself as its parent, and one span of each loop of parent
 * links reported, in the order the assembler reports them. dataset-tally.test.ts checks it
 * against the assembled dataset on every fixture, the generator's data and hostile cases.
 *
 * Per span it keeps the id (as numbers: span-id-codes.ts), start, end and enclosing span in typed
 * columns, so that no string of the documents stays alive per span; a span's id is looked up
 * once, when its trace is tallied.
 */
export class TraceTally implements SpanVisitor {
  private spans = 0;
  private readonly ids = new SpanIdCodes();
  private start = new Float64Array(INITIAL);
  /** NaN while in progress. */
  private end = new Float64Array(INITIAL);
  /** Raw index of the enclosing span in the same document; for a document, -1 - its document index. */
  private enclosing = new Int32Array(INITIAL);
  private documents = 0;
  private docFirst = new Int32Array(INITIAL);
  private docTrace = new Int32Array(INITIAL);
  private docSource = new Int32Array(INITIAL);
  /** Per document, the index of its `parent_id` in `parentIds`, or -1. */
  private docParent = new Int32Array(INITIAL);
  private readonly parentIds = new SpanIdCodes(this.ids);
  private readonly traceIds: string[] = [];
  private readonly traceIndex = new Map<string, number>();
  /** Segment records seen, valid or not (the `[index]` of problems, as SpanStore numbers them). */
  private segmentRecords = 0;
  private walkFirst = 0;
  private walkDocument = 0;
  private walkFile = '';
  private readonly walkObjects: SpanObject[] = [];
  private readonly walkPending: number[] = [];

  constructor(
    private readonly fileOfSource: (source: number) => string,
    private readonly problems: Problem[],
  ) {}

  /** One segment record's document, checked as SpanStore.addDocument checks it (same problems, same words). */
  addDocument(doc: unknown, source: number): void {
    const index = this.segmentRecords++;
    const file = this.fileOfSource(source);
    if (!isSpanObject(doc)) {
      this.problems.push({ file, at: `[${index}]`, message: 'segment document is not a JSON object; skipped' });
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
      this.problems.push({ file, at: hasId ? id : `[${index}]`, message: `segment document without a valid ${missing.join(', ')}; skipped` });
      return;
    }
    let trace = this.traceIndex.get(traceId);
    if (trace === undefined) {
      trace = this.traceIds.length;
      this.traceIds.push(traceId);
      this.traceIndex.set(traceId, trace);
    }
    const d = this.documents++;
    if (d >= this.docFirst.length) this.growDocuments();
    this.docFirst[d] = this.spans;
    this.docTrace[d] = trace;
    this.docSource[d] = source;
    const parentId = doc['parent_id'];
    this.docParent[d] = typeof parentId === 'string' && parentId !== '' ? this.parentIds.push(parentId) : -1;
    this.walkFirst = this.spans;
    this.walkDocument = d;
    this.walkFile = file;
    walkSpans(doc, this, this.walkObjects, this.walkPending);
  }

  /** walkSpans: one span of the document being read (`id` and `start` already checked). */
  visit(object: SpanObject, _ordinal: number, parent: number, id: unknown, start: unknown): void {
    const r = this.spans++;
    if (r >= this.start.length) this.grow();
    const endTime = object['end_time'];
    this.start[r] = start as number;
    this.end[r] = isDateSeconds(endTime) && object['in_progress'] !== true ? endTime : Number.NaN;
    this.enclosing[r] = parent < 0 ? -1 - this.walkDocument : this.walkFirst + parent;
    this.ids.push(id as string);
  }

  /** walkSpans: a nested subsegment without a usable id or start. */
  skip(parent: number, index: number): void {
    this.problems.push({ file: this.walkFile, at: `${this.ids.text(this.walkFirst + parent)}.subsegments[${index}]`, message: SKIPPED_SUBSEGMENT });
  }

  /** Every trace, in order of first appearance; the assembler's problems go to `problems`, trace by trace. */
  finish(): Pick<Trace, 'id' | 'start' | 'end'>[] {
    const { documents, docTrace, docFirst, ids, start, end, enclosing } = this;
    const traceCount = this.traceIds.length;
    // The documents grouped by trace (a counting sort), each trace's in input order.
    const traceStart = new Int32Array(traceCount + 1);
    for (let d = 0; d < documents; d++) traceStart[docTrace[d]! + 1]!++;
    for (let t = 0; t < traceCount; t++) traceStart[t + 1]! += traceStart[t]!;
    const fill = traceStart.slice(0, traceCount);
    const byTrace = new Int32Array(documents);
    for (let d = 0; d < documents; d++) byTrace[fill[docTrace[d]!]!++] = d;
    const slotOf = new Int32Array(this.spans);
    const index = new SlotIndex(ids);
    const parentIds = this.parentIds;
    const traces: Pick<Trace, 'id' | 'start' | 'end'>[] = [];
    let winner = new Int32Array(INITIAL);
    let parent = new Int32Array(INITIAL);
    let state = new Uint8Array(INITIAL);
    const path: number[] = [];
    for (let t = 0; t < traceCount; t++) {
      const traceId = this.traceIds[t]!;
      let spans = 0;
      for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) {
        const d = byTrace[i]!;
        spans += (d + 1 < documents ? docFirst[d + 1]! : this.spans) - docFirst[d]!;
      }
      index.reset(spans);
      let slots = 0;
      // One slot per distinct span id: a completed version replaces an in-progress one, otherwise the first stays.
      for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) {
        const d = byTrace[i]!;
        const last = d + 1 < documents ? docFirst[d + 1]! : this.spans;
        for (let r = docFirst[d]!; r < last; r++) {
          const slot = index.slotOf(r, slots);
          if (slot === slots) {
            slots++;
            if (slot >= winner.length) {
              winner = grown(winner, winner.length * 2);
              parent = grown(parent, parent.length * 2);
              state = new Uint8Array(winner.length);
            }
            winner[slot] = r;
          } else {
            const kept = end[winner[slot]!]!;
            if (kept !== kept && end[r] === end[r]) winner[slot] = r;
          }
          slotOf[r] = slot;
        }
      }
      let traceFrom = Number.POSITIVE_INFINITY;
      let traceTo = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < slots; s++) {
        const w = winner[s]!;
        const from = start[w]!;
        const to = end[w]!;
        if (from < traceFrom) traceFrom = from;
        const last = to === to ? to : from;
        if (last > traceTo) traceTo = last;
        const outer = enclosing[w]!;
        let p = -1;
        if (outer >= 0) p = slotOf[outer]!;
        else {
          const code = this.docParent[-1 - outer]!;
          if (code >= 0) p = index.find(parentIds.hi[code]!, parentIds.lo[code]!, parentIds.kind[code]!);
        }
        if (p === s) {
          p = -1;
          this.problems.push({ file: this.fileOf(w), at: ids.text(w), message: `span names itself as its parent in trace ${traceId}; kept as a root` });
        }
        parent[s] = p;
      }
      state.fill(UNKNOWN, 0, slots);
      if (markReached(parent, slots, state, path)) this.breakCycles(traceId, parent, winner, slots, state);
      traces.push({ id: traceId, start: traceFrom, end: traceTo });
    }
    return traces;
  }

  /**
   * Spans whose parent links never reach a root sit on a loop: as the assembler does, the first
   * such slot's chain is followed to the slot where it repeats, which becomes a root (reported),
   * and everything below it is reached; until none is left.
   */
  private breakCycles(traceId: string, parent: Int32Array, winner: Int32Array, slots: number, state: Uint8Array): void {
    // Children of the unreached slots only (usually few), to reach what hangs below a broken link.
    const below = new Map<number, number[]>();
    for (let s = 0; s < slots; s++) {
      if (state[s] !== UNREACHED) continue;
      const p = parent[s]!;
      const list = below.get(p);
      if (list) list.push(s);
      else below.set(p, [s]);
    }
    const onPath = new Set<number>();
    for (let first = 0; first < slots; first++) {
      if (state[first] !== UNREACHED) continue;
      onPath.clear();
      let s = first;
      while (!onPath.has(s)) {
        onPath.add(s);
        s = parent[s]!;
      }
      parent[s] = -1;
      const w = winner[s]!;
      const id = this.ids.text(w);
      this.problems.push({ file: this.fileOf(w), at: id, message: `parent links form a cycle in trace ${traceId}; span ${id} kept as a root` });
      const stack = [s];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (state[x] === REACHED) continue;
        state[x] = REACHED;
        for (const child of below.get(x) ?? []) if (state[child] !== REACHED) stack.push(child);
      }
    }
  }

  /** The file of the document raw span `r` is in. */
  private fileOf(r: number): string {
    let outer = this.enclosing[r]!;
    while (outer >= 0) outer = this.enclosing[outer]!;
    return this.fileOfSource(this.docSource[-1 - outer]!);
  }

  private grow(): void {
    const size = this.start.length * 2;
    this.start = grown(this.start, size);
    this.end = grown(this.end, size);
    this.enclosing = grown(this.enclosing, size);
  }

  private growDocuments(): void {
    const size = this.docFirst.length * 2;
    this.docFirst = grown(this.docFirst, size);
    this.docTrace = grown(this.docTrace, size);
    this.docSource = grown(this.docSource, size);
    this.docParent = grown(this.docParent, size);
  }
}

/**
 * Marks each slot REACHED (its chain of parents ends at a root) or UNREACHED (it runs into a
 * loop), each slot followed once; returns whether any slot is unreached.
 */
function markReached(parent: Int32Array, slots: number, state: Uint8Array, path: number[]): boolean {
  let unreached = false;
  for (let s = 0; s < slots; s++) {
    if (state[s] !== UNKNOWN) continue;
    let x = s;
    while (x >= 0 && state[x] === UNKNOWN) {
      state[x] = ON_PATH;
      path.push(x);
      x = parent[x]!;
    }
    const result = x < 0 ? REACHED : state[x] === ON_PATH ? UNREACHED : state[x]!;
    if (result === UNREACHED) unreached = true;
    for (const y of path) state[y] = result;
    path.length = 0;
  }
  return unreached;
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}
