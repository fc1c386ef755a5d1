import { finiteNumber, jsonObject, jsonString } from '../../base/json.ts';
import type { XRayTraceSummary } from '../../model/xray.ts';
import { NO_STRINGS, type AnnotationValue, type ListField } from './trace-facts.ts';
import { addAnnotation } from './trace-read.ts';

/**
 * Reads a GetTraceSummaries item (aws-reference.md §2) as untrusted input: every field is
 * type-checked where it is read, and data-chosen keys (annotation keys) only go into Maps or
 * are looked up with Object.hasOwn.
 */

const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

const LIST_SOURCES: Readonly<Record<ListField, readonly [string, string]>> = {
  users: ['Users', 'UserName'],
  resourceArns: ['ResourceARNs', 'ARN'],
  instanceIds: ['InstanceIds', 'Id'],
  availabilityZones: ['AvailabilityZones', 'Name'],
};

/** The values of a list field, or undefined when the summary does not have the field. */
export function summaryList(summary: XRayTraceSummary, field: ListField): readonly string[] | undefined {
  const [name, inner] = LIST_SOURCES[field];
  if (!Object.hasOwn(summary, name)) return undefined;
  const values = new Set<string>();
  for (const item of listOf(summary[name])) {
    const value = jsonString(jsonObject(item)?.[inner]);
    if (value !== undefined) values.add(value);
  }
  return values.size ? [...values] : NO_STRINGS;
}

function annotationValue(item: unknown): unknown {
  const value = jsonObject(jsonObject(item)?.['AnnotationValue']);
  if (!value) return undefined;
  if (Object.hasOwn(value, 'NumberValue')) return value['NumberValue'];
  if (Object.hasOwn(value, 'StringValue')) return value['StringValue'];
  if (Object.hasOwn(value, 'BooleanValue')) return value['BooleanValue'];
  return undefined;
}

/** The values of one annotation key, distinct; undefined when the key is not set or has no usable value. */
export function summaryAnnotation(
  annotations: Record<string, unknown>,
  key: string,
  shared?: Map<AnnotationValue, readonly AnnotationValue[]>,
): readonly AnnotationValue[] | undefined {
  return Object.hasOwn(annotations, key) ? annotationListValues(annotations[key], shared) : undefined;
}

/**
 * The distinct usable values of one key's list of a summary's `Annotations`. With `shared`, a
 * single value comes back as the one read-only array kept there for it (no array per trace).
 */
export function annotationListValues(list: unknown, shared?: Map<AnnotationValue, readonly AnnotationValue[]>): readonly AnnotationValue[] | undefined {
  if (!Array.isArray(list)) return undefined;
  if (shared && list.length === 1) {
    const value = annotationValue(list[0]);
    // -0 is left out: a Map would give it 0's array.
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0))) {
      let values = shared.get(value);
      if (values === undefined) {
        values = [value];
        // Values unique per trace (ids) would only fill the Map.
        if (shared.size < 4096) shared.set(value, values);
      }
      return values;
    }
  }
  // No Map per call: this runs once per trace for each key a filter names.
  let values: AnnotationValue[] | undefined;
  for (const item of list) {
    const value = annotationValue(item);
    if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) continue;
    if (values === undefined) values = [value];
    else if (!values.includes(value)) values.push(value);
  }
  return values;
}

/** Every annotation of the summary. */
export function summaryAnnotations(annotations: Record<string, unknown>): Map<string, AnnotationValue[]> {
  const map = new Map<string, AnnotationValue[]>();
  for (const [key, values] of Object.entries(annotations)) for (const item of listOf(values)) addAnnotation(map, key, annotationValue(item));
  return map;
}
