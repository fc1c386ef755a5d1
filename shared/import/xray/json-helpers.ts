/**
 * Small helpers the X-Ray parsers share: telling JSON objects apart, refusing CloudTrail shapes,
 * and writing the JSON paths that problems carry.
 */

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own property value, never one inherited from the prototype (so `__proto__` keys do no harm). */
export function ownValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * True for the shapes the CloudTrail parsers own: S3 log files `{Records:[…]}`, LookupEvents
 * output `{Events:[…]}`, and bare records (they carry `eventVersion` / `eventID`). No X-Ray parser
 * claims a value that looks like one of these.
 */
export function isCloudTrailShape(value: unknown): boolean {
  if (!isRecord(value)) return false;
  return (
    Array.isArray(ownValue(value, 'Records')) ||
    Array.isArray(ownValue(value, 'Events')) ||
    Object.hasOwn(value, 'eventVersion') ||
    Object.hasOwn(value, 'eventID')
  );
}

/**
 * Appends a step to a JSON path. `step` is a key (`Traces`) or an index (`[3]`). The dispatcher's
 * `at` may be empty (a whole file), a path, or a line (`line 12`), which gets a colon.
 */
export function joinPath(at: string, step: string): string {
  if (step === '') return at;
  if (at === '') return step.startsWith('.') ? step.slice(1) : step;
  if (/^line \d+$/.test(at)) return `${at}: ${step.startsWith('.') ? step.slice(1) : step}`;
  return step.startsWith('[') || step.startsWith('.') ? at + step : `${at}.${step}`;
}

/** `at` as the sink wants it: undefined for the whole value. */
export function problemAt(at: string): string | undefined {
  return at === '' ? undefined : at;
}
