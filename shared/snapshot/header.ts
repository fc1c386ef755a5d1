import type { Gap, Notes, Provenance, SnapshotHeader, SourceInfo } from '../model/index.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './limits.ts';

/**
 * The snapshot header, built in one place for every writer: the importer (files merged), the
 * capture (from AWS) and the generator (the demo and scale data, shaped as a capture would be).
 * The file's key order is the header schema's (header-schema.ts), whatever order this builds.
 */

/**
 * The AWS APIs a capture reads, as the sources of its snapshot, in the order they get their
 * indices (a capture that skips one leaves it out; the rest keep this order). The generator's
 * order, which the bundled demo was written with, so the demo stays byte for byte the same.
 */
export const AWS_SOURCES = [
  { api: 'xray.BatchGetTraces', format: 'xray.batchGetTraces' },
  { api: 'xray.GetTraceSummaries', format: 'xray.traceSummaries' },
  { api: 'xray.GetServiceGraph', format: 'xray.serviceGraph' },
  { api: 'cloudtrail.LookupEvents', format: 'cloudtrail.lookupEvents' },
  { api: 'cloudwatch.GetMetricData', format: 'cloudwatch.getMetricData' },
  { api: 'xray.GetTimeSeriesServiceStatistics', format: 'xray.timeSeriesServiceStatistics' },
  { api: 'xray.GetSamplingRules', format: 'xray.samplingRules' },
] as const;

export type AwsSourceApi = (typeof AWS_SOURCES)[number]['api'];

export interface AwsSourceList {
  readonly sources: readonly SourceInfo[];
  /** The index of an API's source in `sources` (for records' `source`); throws for one left out. */
  indexOf(api: AwsSourceApi): number;
}

/** The sources of a snapshot read from AWS (named `aws:<api>`), all but those in `without`. */
export function awsSources(importedAt: string, without: readonly AwsSourceApi[] = []): AwsSourceList {
  const sources: SourceInfo[] = [];
  const index = new Map<AwsSourceApi, number>();
  for (const { api, format } of AWS_SOURCES) {
    if (without.includes(api)) continue;
    index.set(api, sources.length);
    sources.push({ name: `aws:${api}`, format, importedAt });
  }
  return {
    sources,
    indexOf(api) {
      const at = index.get(api);
      if (at === undefined) throw new Error(`${api} is not a source of this snapshot`);
      return at;
    },
  };
}

export const EMPTY_NOTES: Notes = Object.freeze({ summary: '', bookmarks: Object.freeze([]) });

export interface HeaderParts extends Omit<Provenance, 'accountIds' | 'regions'> {
  /** In any order, repeats allowed: the header lists them sorted, once each. */
  readonly accountIds: Iterable<string>;
  readonly regions: Iterable<string>;
  readonly gaps?: readonly Gap[];
  readonly notes?: Notes;
}

const sortedOnce = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export function snapshotHeader(parts: HeaderParts): SnapshotHeader {
  const { sources, accountIds, regions, window, queries, sampling, appVersion, createdAt, gaps, notes } = parts;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    provenance: {
      sources: [...sources],
      accountIds: sortedOnce(accountIds),
      regions: sortedOnce(regions),
      ...(window ? { window } : {}),
      queries: [...queries],
      ...(sampling ? { sampling } : {}),
      appVersion,
      createdAt,
    },
    gaps: [...(gaps ?? [])],
    notes: notes ?? EMPTY_NOTES,
  };
}
