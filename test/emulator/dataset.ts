/**
 * The dataset the AWS emulator serves: the shape `generateIncident()` (shared/generator) returns,
 * described here structurally so the emulator works with any source of that shape (the generator,
 * or the small datasets the tests build). Times may be epoch seconds, epoch milliseconds, ISO
 * strings or Dates; `epochSeconds` reads them all.
 */
import type { XRayServiceGraph, XRayTraceSummary } from '../../shared/model/index.ts';

export type TimeValue = number | string | Date;

export interface EmulatorTrace {
  readonly Id: string;
  readonly Duration?: number;
  readonly LimitExceeded?: boolean;
  readonly Segments: readonly { readonly Id: string; readonly Document: string }[];
}

/** One LookupEvents `Events[]` item as CloudTrail sends it (CloudTrailEvent is a JSON string). */
export interface EmulatorLookupEvent {
  readonly EventId: string;
  readonly EventName?: string;
  readonly ReadOnly?: string;
  readonly AccessKeyId?: string;
  readonly EventTime: TimeValue;
  readonly EventSource?: string;
  readonly Username?: string;
  readonly Resources?: readonly { readonly ResourceType?: string; readonly ResourceName?: string }[];
  readonly CloudTrailEvent?: string;
}

export interface EmulatorMetricQuery {
  readonly Id: string;
  readonly MetricStat: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions?: readonly { readonly Name: string; readonly Value: string }[];
    };
    readonly Period: number;
    readonly Stat: string;
  };
}

export interface EmulatorMetric {
  readonly query: EmulatorMetricQuery;
  readonly result: {
    readonly Id: string;
    readonly Label?: string;
    readonly Timestamps: readonly TimeValue[];
    readonly Values: readonly number[];
    readonly StatusCode?: string;
  };
}

export interface EmulatorDataset {
  readonly window: { readonly start: TimeValue; readonly end: TimeValue };
  readonly region: string;
  readonly accountId: string;
  readonly traces: readonly EmulatorTrace[];
  readonly summaries: readonly XRayTraceSummary[];
  readonly serviceGraph: XRayServiceGraph;
  /** Newest first, as LookupEvents returns them. */
  readonly events: readonly EmulatorLookupEvent[];
  readonly metrics: readonly EmulatorMetric[];
  /** GetSamplingRules `SamplingRuleRecords[]` in the order the API lists them; absent: X-Ray's Default rule alone. */
  readonly samplingRules?: readonly unknown[];
  readonly facts?: unknown;
}

/** Epoch seconds of a time given as seconds, milliseconds (values above 1e11), ISO text or Date. */
export function epochSeconds(value: TimeValue): number {
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === 'string') {
    const asNumber = Number(value);
    if (value.trim() !== '' && Number.isFinite(asNumber)) return epochSeconds(asNumber);
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new Error(`not a time: ${value}`);
    return ms / 1000;
  }
  return value > 1e11 ? value / 1000 : value;
}

/** The epoch seconds encoded in an X-Ray trace id `1-{8 hex}-{24 hex}`, or undefined. */
export function traceIdSeconds(traceId: string): number | undefined {
  const match = /^1-([0-9a-f]{8})-/i.exec(traceId);
  return match ? Number.parseInt(match[1] as string, 16) : undefined;
}

/** The Region a LookupEvents item was recorded in: its record's `awsRegion`, else the dataset's. */
export function eventRegion(event: EmulatorLookupEvent, fallback: string): string {
  if (typeof event.CloudTrailEvent !== 'string') return fallback;
  try {
    const record: unknown = JSON.parse(event.CloudTrailEvent);
    if (record !== null && typeof record === 'object' && Object.hasOwn(record, 'awsRegion')) {
      const region = (record as { awsRegion?: unknown }).awsRegion;
      if (typeof region === 'string') return region;
    }
  } catch {
    // not JSON: treat as recorded in the dataset's Region
  }
  return fallback;
}

/** A stable key for a metric: namespace, name, dimensions sorted by name, period and stat. */
export function metricKey(
  metric: { readonly Namespace?: string; readonly MetricName?: string; readonly Dimensions?: readonly { readonly Name?: string; readonly Value?: string }[] },
  period: number,
  stat: string,
): string {
  const dims = [...(metric.Dimensions ?? [])].map((d) => `${d.Name ?? ''}=${d.Value ?? ''}`).sort();
  return JSON.stringify([metric.Namespace ?? '', metric.MetricName ?? '', dims, period, stat]);
}
