import type { TimeRange } from '../../../../shared/analysis/compare/index.ts';
import { formatTime, parseTimeText } from '../../../../shared/base/format.ts';

/** The four fields of the two ranges, as typed. */
export interface RangeTexts {
  readonly beforeFrom: string;
  readonly beforeTo: string;
  readonly afterFrom: string;
  readonly afterTo: string;
}
export type RangeField = keyof RangeTexts;

export const FIELD_NAMES: Readonly<Record<RangeField, string>> = { beforeFrom: 'Before, from', beforeTo: 'Before, to', afterFrom: 'After, from', afterTo: 'After, to' };

/** A time as its field shows it: to the second (formatTime), which parseTimeText reads back. */
export const fieldText = (seconds: number): string => formatTime(seconds * 1000);

export function rangeTexts(before: TimeRange, after: TimeRange): RangeTexts {
  return { beforeFrom: fieldText(before[0]), beforeTo: fieldText(before[1]), afterFrom: fieldText(after[0]), afterTo: fieldText(after[1]) };
}

export type ParsedRanges = { readonly ok: true; readonly before: TimeRange; readonly after: TimeRange } | { readonly ok: false; readonly errors: Partial<Record<RangeField, string>> };

/**
 * The ranges the fields say. A field left as shown keeps its exact time (a change's split ends one
 * microsecond before it, finer than the field shows); an edited one is read by parseTimeText.
 * Errors name the field and say what is expected.
 */
export function parseRangeTexts(texts: RangeTexts, shown: RangeTexts, exact: readonly [TimeRange, TimeRange] | undefined): ParsedRanges {
  const errors: Partial<Record<RangeField, string>> = {};
  const exactOf: Readonly<Record<RangeField, number | undefined>> = { beforeFrom: exact?.[0][0], beforeTo: exact?.[0][1], afterFrom: exact?.[1][0], afterTo: exact?.[1][1] };
  const read = (field: RangeField): number => {
    const text = texts[field].trim();
    const kept = exactOf[field];
    if (text === shown[field] && kept !== undefined) return kept;
    const value = parseTimeText(text);
    if (value === undefined) errors[field] = `${FIELD_NAMES[field]}: ${text === '' ? 'empty' : `'${text}' is not a time`}; type a UTC time like 2024-05-24 13:00:00, an ISO-8601 time with an offset, or epoch seconds.`;
    return value ?? Number.NaN;
  };
  const before: TimeRange = [read('beforeFrom'), read('beforeTo')];
  const after: TimeRange = [read('afterFrom'), read('afterTo')];
  if (!errors.beforeFrom && !errors.beforeTo && before[0] > before[1]) errors.beforeTo = 'Before: its end is before its start.';
  if (!errors.afterFrom && !errors.afterTo && after[0] > after[1]) errors.afterTo = 'After: its end is before its start.';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, before, after };
}
