import { z } from 'zod';

/**
 * The payload shapes of the renderer ↔ host contract. Every value that crosses the boundary is
 * parsed with one of these on the receiving side before use (architecture.md example 1).
 */

export const appErrorKindSchema = z.enum(['auth', 'throttled', 'notFound', 'invalidInput', 'corrupt', 'cancelled', 'internal']);

export const appErrorDataSchema = z.object({
  kind: appErrorKindSchema,
  message: z.string(),
  where: z.string().optional(),
});

/** `Result<T>` of shared/errors.ts as a schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.union([z.object({ ok: z.literal(true), value }), z.object({ ok: z.literal(false), error: appErrorDataSchema })]);
}

/** File bytes travel as Uint8Array (a structured-clone copy over IPC, a binary frame over HTTP). */
export const bytesSchema = z.instanceof(Uint8Array);

/** Names are for display only: the page never sends a path, and the host never reads one it is sent. */
export const fileNameSchema = z.string().min(1).max(1024);

/**
 * An opaque handle for a file the user chose (the CLI's FILE, a recent entry, the demo, a capture's
 * output, later a desktop dialog or drop): 128 random bits in base64url. Only the host maps it to a
 * path; the page can only hand back handles it was given.
 */
export const FILE_HANDLE_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const fileHandleSchema = z.string().regex(FILE_HANDLE_PATTERN, 'is not a file handle');

/** A file the page may ask for: its handle, and for people its name and folder. */
export const grantedFileSchema = z.strictObject({
  handle: fileHandleSchema,
  name: fileNameSchema,
  /** The folder it is in, shown to people; absent for the bundled demo. */
  folder: z.string().max(4096).optional(),
});

/** The most files one open may merge. */
export const MAX_FILES_PER_OPEN = 200;

/**
 * Open one or several files as one incident (they are merged), by their handles: the host reads
 * them and remembers them together in the recent list. Files picked or dropped in a browser are
 * read by the page itself and never go through the host.
 */
export const openSnapshotRequestSchema = z.strictObject({ handles: z.array(fileHandleSchema).min(1).max(MAX_FILES_PER_OPEN) });

export const openedFileSchema = z.object({
  handle: fileHandleSchema,
  name: fileNameSchema,
  bytes: bytesSchema,
});

/** The bytes of the files to open; parsing and merging happen in the renderer's worker. */
export const openedFilesSchema = z.object({ files: z.array(openedFileSchema).min(1).max(MAX_FILES_PER_OPEN) });

/**
 * Open by handles (or the bundled demo) with the bytes streamed instead of sent: the host checks
 * each file and records the group in the recent list as openSnapshot does, and answers with each
 * file's handle, name and size; the page then reads each from `GET /api/files/<handle>` (http.ts),
 * so a large file is never whole in the host's or the page's memory.
 */
export const streamFilesRequestSchema = z.union([z.strictObject({ demo: z.literal(true) }), openSnapshotRequestSchema]);

export const streamedFileSchema = z.strictObject({
  handle: fileHandleSchema,
  name: fileNameSchema,
  /** Its size in bytes when the host looked. */
  size: z.number().int().nonnegative(),
});

export const streamedFilesSchema = z.object({ files: z.array(streamedFileSchema).min(1).max(MAX_FILES_PER_OPEN) });

/** Asks the host to show its own file dialog (desktop); a browser host answers that it has none. */
export const pickFilesRequestSchema = z.strictObject({ multiple: z.boolean().optional() });
/** The files chosen, as handles; empty when the dialog was cancelled. */
export const pickedFilesSchema = z.object({ files: z.array(grantedFileSchema).max(MAX_FILES_PER_OPEN) });

export const recentEntrySchema = z.object({
  /** The files opened together (reopened together, by these handles). */
  files: z.array(grantedFileSchema).min(1).max(MAX_FILES_PER_OPEN),
  /** For people: the file name, or "a.json + 2 more". */
  label: z.string(),
  openedAt: z.iso.datetime(),
  /** Total size in bytes when last opened. */
  bytes: z.number().int().nonnegative(),
});

export const recentListSchema = z.object({ entries: z.array(recentEntrySchema).max(100) });

const bookmarkSchema = z.object({
  id: z.string().min(1).max(200),
  target: z.object({
    kind: z.enum(['trace', 'span', 'edge', 'change', 'node', 'time']),
    ref: z.string().max(2000),
  }),
  comment: z.string().max(100_000),
  createdAt: z.iso.datetime(),
});

export const notesSchema = z.object({
  summary: z.string().max(1_000_000),
  bookmarks: z.array(bookmarkSchema).max(10_000),
});

/**
 * Saves the notes into the snapshot they belong to: the one opened (alone) from `handle`, and only
 * when that file is an incident snapshot (the header's `notes`; nothing else changes).
 */
export const saveNotesRequestSchema = z.strictObject({ handle: fileHandleSchema, notes: notesSchema });
export const savedNotesSchema = z.object({ handle: fileHandleSchema, savedAt: z.iso.datetime() });

const timeWindowSchema = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });

/**
 * What to fetch from AWS (issue 3 owns the capture; this is its request as the UI sends it). It
 * names no output: the host writes into its own captures folder and answers with a handle.
 */
export const captureRequestSchema = z.strictObject({
  /** Named profile from the AWS config; absent for the default chain. */
  profile: z.string().min(1).max(200).optional(),
  regions: z.array(z.string().min(1).max(64)).min(1).max(32),
  window: timeWindowSchema,
  xray: z
    .object({
      group: z.string().min(1).max(400).optional(),
      filterExpression: z.string().max(2000).optional(),
      /** Share of trace summaries to fetch in full, 0 < s ≤ 1. */
      sampling: z.number().gt(0).lte(1).optional(),
      /**
       * Only the `count` slowest traces, or the `count` most recent with a fault (the command
       * line's --traces slowest:N / faults:N); without it every trace (or `sampling`'s share).
       */
      traces: z.strictObject({ mode: z.enum(['slowest', 'faults']), count: z.number().int().min(1).max(1_000_000) }).optional(),
    })
    .optional(),
  cloudTrail: z.object({ includeReadOnly: z.boolean() }).optional(),
  apiGatewayMetrics: z.object({ detailed: z.boolean() }).optional(),
});

/** The capture's id (its progress events carry it) and the snapshot it writes, to open when done. */
export const captureStartedSchema = z.object({ captureId: z.string().min(1).max(200), file: grantedFileSchema });
export const cancelCaptureRequestSchema = z.strictObject({ captureId: z.string().min(1).max(200) });
export const captureCancelledSchema = z.object({ cancelled: z.boolean() });

export const capturePhaseSchema = z.enum(['estimating', 'summaries', 'traces', 'serviceGraph', 'events', 'metrics', 'writing', 'done', 'failed', 'cancelled']);

/**
 * A command from the desktop app's native menu to the window it was chosen in (the main process
 * sends it; the web host has no menu): show a view (a route name the renderer knows, else ignored),
 * or the list of keyboard shortcuts.
 */
export const menuCommandSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('view'), view: z.string().regex(/^[a-z]{1,20}$/) }),
  z.strictObject({ kind: z.literal('shortcuts') }),
]);

/** Pushed by the host while a capture runs; the last one has phase done, failed or cancelled. */
export const captureProgressSchema = z.object({
  captureId: z.string().min(1).max(200),
  phase: capturePhaseSchema,
  /** Units done and expected in this phase (calls, traces…); `total` when known. */
  done: z.number().nonnegative(),
  total: z.number().nonnegative().optional(),
  counts: z.object({
    traces: z.number().int().nonnegative(),
    segments: z.number().int().nonnegative(),
    events: z.number().int().nonnegative(),
    metricResults: z.number().int().nonnegative(),
    requests: z.number().int().nonnegative(),
  }),
  /** Calls AWS answered with throttling so far (retried). */
  throttles: z.number().int().nonnegative().optional(),
  /** Estimated seconds left, when the pacing allows an estimate. */
  etaSeconds: z.number().nonnegative().optional(),
  message: z.string().max(2000).optional(),
  error: appErrorDataSchema.optional(),
});

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `web`: the local web host (`trace-explorer serve`); `desktop`: the Electron window. */
  host: z.enum(['web', 'desktop']),
  /** Whether the bundled demo incident is installed. */
  demoAvailable: z.boolean(),
  canCapture: z.boolean(),
  /** Whether `saveNotes` can write (false when the host is read-only). */
  canSaveNotes: z.boolean(),
});

export const emptyRequestSchema = z.object({}).strict();

export type OpenSnapshotRequest = z.infer<typeof openSnapshotRequestSchema>;
export type OpenedFile = z.infer<typeof openedFileSchema>;
export type OpenedFiles = z.infer<typeof openedFilesSchema>;
export type StreamFilesRequest = z.infer<typeof streamFilesRequestSchema>;
export type StreamedFile = z.infer<typeof streamedFileSchema>;
export type StreamedFiles = z.infer<typeof streamedFilesSchema>;
export type GrantedFile = z.infer<typeof grantedFileSchema>;
export type PickFilesRequest = z.infer<typeof pickFilesRequestSchema>;
export type PickedFiles = z.infer<typeof pickedFilesSchema>;
export type RecentEntry = z.infer<typeof recentEntrySchema>;
export type RecentList = z.infer<typeof recentListSchema>;
export type NotesData = z.infer<typeof notesSchema>;
export type SaveNotesRequest = z.infer<typeof saveNotesRequestSchema>;
export type SavedNotes = z.infer<typeof savedNotesSchema>;
export type CaptureRequest = z.infer<typeof captureRequestSchema>;
export type CaptureStarted = z.infer<typeof captureStartedSchema>;
export type MenuCommand = z.infer<typeof menuCommandSchema>;
export type CancelCaptureRequest = z.infer<typeof cancelCaptureRequestSchema>;
export type CaptureCancelled = z.infer<typeof captureCancelledSchema>;
export type CaptureProgress = z.infer<typeof captureProgressSchema>;
export type AppInfo = z.infer<typeof appInfoSchema>;
