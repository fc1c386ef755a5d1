// What the span store takes with a document, and what it lifts from a flagged span (span-store.ts).

/** The record line of a document and how to read it back (see SnapshotSink). */
export interface DocumentText {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** The bytes are a chunk later lines come from too (SnapshotSink's `stable`). */
  readonly stable: boolean;
  readonly revive: (line: string) => unknown;
}

/** An exception of a flagged span's `cause`, as the service map counts it (what span-facts.ts reads). */
export type LiftedException = {
  readonly id: unknown;
  readonly type: unknown;
  readonly message: unknown;
  readonly remote: unknown;
};
