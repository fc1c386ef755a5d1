import * as z from 'zod';
import type { Bookmark, Gap, GapKind, Notes, Provenance } from '../model/index.ts';
import { describeValue, isJsonObject, jsonPath, valueAt, type JsonObject } from '../base/json.ts';

/**
 * The header as stored in the file: `{"provenance":…,"gaps":…,"notes":…}` under the top-level
 * `header` key (format and version sit beside it). Unknown fields are dropped when read, so a
 * newer app of the same major version may add fields. docs/snapshot.schema.json says the same.
 */
export interface FileHeader {
  readonly provenance: Provenance;
  readonly gaps: readonly Gap[];
  readonly notes: Notes;
}

export const GAP_KINDS = ['failed', 'throttled', 'truncated', 'skipped', 'notFetched'] as const satisfies readonly GapKind[];
export const BOOKMARK_TARGET_KINDS = ['trace', 'span', 'edge', 'change', 'node', 'time'] as const satisfies readonly Bookmark['target']['kind'][];

/**
 * A JSON object kept as the very object given (not copied key by key), so `__proto__` and
 * `constructor` keys stay plain data; zod's record/loose objects would drop them.
 */
const freeFormObject = z.custom<JsonObject>(isJsonObject, {
  message: 'expected an object',
});

const timeWindow = z.object({ start: z.string(), end: z.string() });

const sourceInfo = z.object({
  name: z.string(),
  format: z.string(),
  bytes: z.number().int().min(0).optional(),
  sha256: z.string().optional(),
  importedAt: z.string(),
});

const provenance = z.object({
  sources: z.array(sourceInfo),
  accountIds: z.array(z.string()),
  regions: z.array(z.string()),
  window: timeWindow.optional(),
  queries: z.array(freeFormObject),
  sampling: z.string().optional(),
  appVersion: z.string(),
  createdAt: z.string(),
});

const gap = z.object({
  kind: z.enum(GAP_KINDS),
  what: z.string(),
  detail: z.string(),
  window: timeWindow.optional(),
  ids: z.array(z.string()).optional(),
});

const bookmark = z.object({
  id: z.string(),
  target: z.object({ kind: z.enum(BOOKMARK_TARGET_KINDS), ref: z.string() }),
  comment: z.string(),
  createdAt: z.string(),
});

const notes = z.object({ summary: z.string(), bookmarks: z.array(bookmark) });

export const fileHeaderSchema = z.object({ provenance, gaps: z.array(gap), notes });

/** The zod object schemas by name, for the test that keeps docs/snapshot.schema.json in step. */
export const HEADER_OBJECT_SCHEMAS = { header: fileHeaderSchema, provenance, source: sourceInfo, window: timeWindow, gap, notes, bookmark } as const;

/** One problem in a header: where (a JSON path) and what. */
export interface HeaderIssue {
  readonly at: string;
  readonly message: string;
}

/** The validated header, or every issue with its JSON path (rooted at `root`, e.g. `header`). */
export function checkFileHeader(value: unknown, root: string): { ok: true; header: FileHeader } | { ok: false; issues: HeaderIssue[] } {
  const result = fileHeaderSchema.safeParse(value);
  if (result.success) return { ok: true, header: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => ({ at: jsonPath(root, issue.path), message: describeIssue(issue, valueAt(value, issue.path)) })) };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
};

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = `got ${describeValue(actual)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${got}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}, ${got}`;
    case 'custom':
      return `${issue.message}, ${got}`;
    default:
      return issue.message;
  }
}
