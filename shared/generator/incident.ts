import type { XRaySegmentDocument, XRayTraceSummary } from '../model/index.ts';
import { stageMetrics } from './api-metrics.ts';
import type { StageRequestSample } from './api-metrics.ts';
import { generateEvents } from './cloudtrail-events.ts';
import { buildIncidentTrace } from './incident-trace.ts';
import type { TraceOutcome } from './incident-trace.ts';
import { createRandom } from './random.ts';
import { generateSamplingRules } from './sampling-rules.ts';
import { createServiceGraphBuilder } from './service-graph.ts';
import { createTopology } from './topology.ts';
import { summarizeTrace } from './trace-summary.ts';
import type { BatchGetTracesTrace, GeneratedIncident, IncidentOptions } from './types.ts';

/**
 * The demo incident: two hours of an orders API (API Gateway → Lambda → DynamoDB, SQS, SNS and an
 * external payments API). In the change minute someone lowers the function's memory from 1,024 MB
 * to 128 MB; environments pick the new setting up over ~45 s, after which the function runs on an
 * eighth of the CPU (latency climbs, cold starts are slower) and DynamoDB throttles appear, which
 * the function turns into 502s (unhandled) or 503s (handled). Everything follows from the seed.
 */

/** 2024-05-24T13:00:00Z */
export const DEFAULT_INCIDENT_START = 1716555600;
export const MEMORY_BEFORE_MB = 1024;
export const MEMORY_AFTER_MB = 128;
/** Seconds into the change minute at which the change is made. */
const CHANGE_SECOND = 23;
/** How long until every environment runs with the new memory. */
const ROLLOUT_MS = 45_000;
/** How long until DynamoDB throttling reaches its full rate after the change. */
const THROTTLE_BUILDUP_MS = 150_000;

function checkedOptions(options: IncidentOptions): Required<IncidentOptions> {
  const resolved = {
    seed: options.seed ?? 1,
    start: options.start ?? DEFAULT_INCIDENT_START,
    minutes: options.minutes ?? 120,
    tracesPerMinute: options.tracesPerMinute ?? 25,
    changeMinute: options.changeMinute ?? 60,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
  };
  if (!Number.isInteger(resolved.minutes) || resolved.minutes < 1) throw new RangeError(`minutes must be a whole number ≥ 1, got ${resolved.minutes}`);
  if (!Number.isInteger(resolved.changeMinute) || resolved.changeMinute < 0 || resolved.changeMinute >= resolved.minutes)
    throw new RangeError(`changeMinute must be a whole minute inside the window (0–${resolved.minutes - 1}), got ${resolved.changeMinute}`);
  if (!(resolved.tracesPerMinute >= 0)) throw new RangeError(`tracesPerMinute must be ≥ 0, got ${resolved.tracesPerMinute}`);
  if (!Number.isFinite(resolved.start)) throw new RangeError(`start must be epoch seconds, got ${resolved.start}`);
  return { ...resolved, start: Math.floor(resolved.start / 60) * 60 };
}

export function generateIncident(options: IncidentOptions = {}): GeneratedIncident {
  const { seed, start, minutes, tracesPerMinute, changeMinute, region, accountId } = checkedOptions(options);
  const master = createRandom(seed);
  const topology = createTopology(master, region, accountId);
  const traffic = createRandom(master.int(0, 0x7fffffff));
  const trailRandom = createRandom(master.int(0, 0x7fffffff));
  const window = { start, end: start + minutes * 60 };
  const changeTime = start + changeMinute * 60 + CHANGE_SECOND;
  const changeMs = changeTime * 1000;

  const traces: BatchGetTracesTrace[] = [];
  const outcomes: (TraceOutcome & { time: number })[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    // A gentle swell over the window and Poisson-like noise around it.
    const mean = tracesPerMinute * (1 + 0.12 * Math.sin((2 * Math.PI * minute) / Math.max(minutes, 60)));
    const count = Math.max(0, Math.round(traffic.normal(mean, Math.sqrt(mean))));
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) offsets.push(traffic.int(0, 59_999));
    offsets.sort((a, b) => a - b);
    for (const offset of offsets) {
      const startMs = (start + minute * 60) * 1000 + offset;
      const sinceChange = startMs - changeMs;
      const newEnvironment = sinceChange >= 0 && traffic.chance(Math.min(1, sinceChange / ROLLOUT_MS));
      const coldStart = newEnvironment && sinceChange < 2 * ROLLOUT_MS ? traffic.chance(0.35) : traffic.chance(newEnvironment ? 0.03 : 0.012);
      const { trace, outcome } = buildIncidentTrace(traffic, topology, startMs, {
        memoryMb: newEnvironment ? MEMORY_AFTER_MB : MEMORY_BEFORE_MB,
        referenceMemoryMb: MEMORY_BEFORE_MB,
        coldStart,
        // Throttling builds up as the slow environments pile up retries on the table.
        throttleProbability: newEnvironment ? 0.3 * Math.min(1, sinceChange / THROTTLE_BUILDUP_MS) : 0.003,
      });
      traces.push(trace);
      outcomes.push({ ...outcome, time: startMs / 1000 });
    }
  }

  const graph = createServiceGraphBuilder(window, accountId);
  const summaries: XRayTraceSummary[] = [];
  let segments = 0;
  for (const trace of traces) {
    const documents = trace.Segments.map((segment) => JSON.parse(segment.Document) as XRaySegmentDocument);
    segments += documents.length;
    graph.addTrace(documents);
    summaries.push(summarizeTrace(trace.Id, documents, accountId));
  }
  summaries.reverse();

  const trail = generateEvents(trailRandom, topology, { windowStart: start, minutes, changeTime, memoryBefore: MEMORY_BEFORE_MB, memoryAfter: MEMORY_AFTER_MB });
  const samples: StageRequestSample[] = outcomes.map((o) => ({ time: o.time, status: o.status, latencyMs: o.stageDurationMs, integrationLatencyMs: o.integrationDurationMs }));
  const metrics = stageMetrics(topology.apiName, topology.stage, window, samples);

  const before = outcomes.filter((o) => o.time < changeTime);
  const after = outcomes.filter((o) => o.time >= changeTime);
  return {
    window,
    region,
    accountId,
    traces,
    summaries,
    serviceGraph: graph.build(),
    events: trail.events,
    metrics,
    samplingRules: generateSamplingRules({ region, accountId, apiName: topology.apiName, stage: topology.stage, windowStart: start }),
    facts: {
      seed,
      region,
      accountId,
      apiName: topology.apiName,
      stage: topology.stage,
      stageNodeName: `${topology.apiName}/${topology.stage}`,
      restApiId: topology.restApiId,
      functionName: topology.functionName,
      functionArn: topology.functionArn,
      roleName: topology.roleName,
      tableName: topology.tableName,
      queueName: topology.queueName,
      queueUrl: topology.queueUrl,
      topicName: topology.topicName,
      topicArn: topology.topicArn,
      externalHost: topology.externalHost,
      changeEventId: trail.changeEventId,
      changeEventName: 'UpdateFunctionConfiguration20150331v2',
      changeTime,
      onsetTime: onsetOf(outcomes, changeTime),
      memoryBefore: MEMORY_BEFORE_MB,
      memoryAfter: MEMORY_AFTER_MB,
      unrelatedChangeEventIds: trail.unrelatedChangeEventIds,
      counts: {
        traces: traces.length,
        segments,
        spans: outcomes.reduce((sum, o) => sum + o.spans, 0),
        tracesBeforeChange: before.length,
        tracesAfterChange: after.length,
        faultsBeforeChange: before.filter((o) => o.status >= 500).length,
        faultsAfterChange: after.filter((o) => o.status >= 500).length,
        errors: outcomes.filter((o) => o.status >= 400 && o.status < 500).length,
        throttledBeforeChange: before.filter((o) => o.throttled).length,
        throttledAfterChange: after.filter((o) => o.throttled).length,
        coldStarts: outcomes.filter((o) => o.coldStart).length,
        events: trail.events.length,
        writeEvents: trail.events.filter((e) => e.ReadOnly === 'false').length,
        metrics: metrics.length,
      },
    },
  };
}

/**
 * Start of the first minute after the change in which ≥ 5 % (and at least 2) of the requests made since
 * the change got a 5xx (never earlier than the change itself).
 */
function onsetOf(outcomes: readonly { time: number; status: number }[], changeTime: number): number {
  const perMinute = new Map<number, { total: number; faults: number }>();
  for (const o of outcomes) {
    if (o.time < changeTime) continue;
    const minute = Math.floor(o.time / 60) * 60;
    const entry = perMinute.get(minute) ?? { total: 0, faults: 0 };
    entry.total++;
    if (o.status >= 500) entry.faults++;
    perMinute.set(minute, entry);
  }
  for (const minute of [...perMinute.keys()].sort((a, b) => a - b)) {
    const entry = perMinute.get(minute) as { total: number; faults: number };
    if (entry.faults >= 2 && entry.faults / entry.total >= 0.05) return Math.max(minute, changeTime);
  }
  return changeTime;
}
