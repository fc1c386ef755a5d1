/**
 * X-Ray read APIs over restJson1 (aws-reference.md §1–§2): POST /TraceSummaries, /Traces,
 * /ServiceGraph, /TimeSeriesServiceStatistics and /GetSamplingRules, with AWS's paging (NextToken, most recent
 * summaries first) and the limits in `EmulatorLimits`.
 */
import type { XRayGraphService, XRayTraceSummary } from '../../shared/model/index.ts';
import { epochSeconds, traceIdSeconds, type EmulatorDataset, type EmulatorTrace } from './dataset.ts';
import type { EmulatorLimits } from './limits.ts';
import { decodeToken, encodeToken, requestHash } from './paging.ts';
import { ApiError, field, numberField, requireTime, stringField, type RouteRequest } from './route-types.ts';
import { compileFilter } from './xray-filter.ts';

const INVALID = 'InvalidRequestException';

/** X-Ray's own rule, as every account has it: one request a second, then 5 % (aws-reference.md §2). */
export function defaultRule(region: string): unknown {
  return {
    SamplingRule: {
      RuleName: 'Default', RuleARN: `arn:aws:xray:${region}::sampling-rule/Default`, ResourceARN: '*', Priority: 10000, FixedRate: 0.05, ReservoirSize: 1,
      ServiceName: '*', ServiceType: '*', Host: '*', HTTPMethod: '*', URLPath: '*', Version: 1, Attributes: {},
    },
    CreatedAt: 0,
    ModifiedAt: 0,
  };
}

function pageOffset(req: RouteRequest): { offset: number; hash: string } {
  const hash = requestHash(req.body);
  const token = stringField(req.body, 'NextToken');
  if (token === undefined) return { offset: 0, hash };
  const offset = decodeToken(token, hash);
  if (offset === undefined) throw new ApiError(INVALID, 'The NextToken is not valid for this request.');
  return { offset, hash };
}

function summaryTime(summary: XRayTraceSummary): number {
  return traceIdSeconds(summary.Id) ?? (typeof summary.StartTime === 'number' ? summary.StartTime : 0);
}

export class XRayRoutes {
  private readonly summariesNewestFirst: readonly XRayTraceSummary[];
  private readonly traceById = new Map<string, EmulatorTrace>();
  private readonly windowStart: number;
  private readonly windowEnd: number;

  constructor(
    private readonly dataset: EmulatorDataset,
    private readonly limits: EmulatorLimits,
  ) {
    this.summariesNewestFirst = [...dataset.summaries].sort((a, b) => summaryTime(b) - summaryTime(a) || (a.Id < b.Id ? 1 : a.Id > b.Id ? -1 : 0));
    for (const trace of dataset.traces) this.traceById.set(trace.Id, trace);
    this.windowStart = epochSeconds(dataset.window.start);
    this.windowEnd = epochSeconds(dataset.window.end);
  }

  handle(path: string, req: RouteRequest): unknown {
    switch (path) {
      case '/TraceSummaries': return this.getTraceSummaries(req);
      case '/Traces': return this.batchGetTraces(req);
      case '/ServiceGraph': return this.getServiceGraph(req);
      case '/TimeSeriesServiceStatistics': return this.getTimeSeriesServiceStatistics(req);
      case '/GetSamplingRules': return this.getSamplingRules(req);
      default: throw new ApiError('UnknownOperationException', `The emulator does not serve POST ${path}`, 404);
    }
  }

  private checkGroup(group: string | undefined): void {
    if (group !== undefined && !this.limits.xrayGroups.includes(group)) {
      throw new ApiError(INVALID, `Group ${group} not found.`);
    }
  }

  private getTraceSummaries(req: RouteRequest): unknown {
    const start = requireTime(req.body, 'StartTime', INVALID);
    const end = requireTime(req.body, 'EndTime', INVALID);
    if (end <= start) throw new ApiError(INVALID, 'EndTime must be after StartTime.');
    if (end - start > this.limits.maxSummariesWindowSeconds) {
      throw new ApiError(INVALID, `Time range too wide: at most ${this.limits.maxSummariesWindowSeconds} seconds per request.`);
    }
    const filter = compileFilter(stringField(req.body, 'FilterExpression'));
    this.checkGroup(filter.group);
    const rangeType = stringField(req.body, 'TimeRangeType') ?? 'TraceId';
    const inRange = (s: XRayTraceSummary): boolean => {
      if (rangeType === 'TraceId') {
        const t = summaryTime(s);
        return t >= start && t < end;
      }
      const t0 = typeof s.StartTime === 'number' ? s.StartTime : summaryTime(s);
      const t1 = t0 + (typeof s.Duration === 'number' ? s.Duration : 0);
      return t0 <= end && t1 >= start;
    };
    const candidates = this.summariesNewestFirst.filter(inRange);
    const matching = candidates.filter((s) => filter.test(s));
    const { offset, hash } = pageOffset(req);
    const page = matching.slice(offset, offset + this.limits.summariesPageSize);
    const next = offset + page.length;
    const approximate = page.length > 0 ? summaryTime(page[0] as XRayTraceSummary) : end;
    return {
      TraceSummaries: page,
      ApproximateTime: approximate,
      TracesProcessedCount: page.length === 0 ? 0 : candidates.length,
      ...(next < matching.length ? { NextToken: encodeToken(next, hash) } : {}),
    };
  }

  private batchGetTraces(req: RouteRequest): unknown {
    const ids = field(req.body, 'TraceIds');
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id): id is string => typeof id === 'string')) {
      throw new ApiError(INVALID, 'TraceIds is required.');
    }
    if (ids.length > this.limits.batchGetTracesMaxIds) {
      throw new ApiError(INVALID, `Too many trace ids: at most ${this.limits.batchGetTracesMaxIds} per request.`);
    }
    if (req.fault?.kind === 'unprocessed') return { Traces: [], UnprocessedTraceIds: ids };
    const { offset, hash } = pageOffset(req);
    const traces: EmulatorTrace[] = [];
    let segments = 0;
    let index = offset;
    for (; index < ids.length; index++) {
      const trace = this.traceById.get(ids[index] as string);
      if (trace === undefined) continue;
      if (traces.length > 0 && segments + trace.Segments.length > this.limits.maxSegmentsPerTracesPage) break;
      traces.push(trace);
      segments += trace.Segments.length;
    }
    return {
      Traces: traces,
      UnprocessedTraceIds: [],
      ...(index < ids.length ? { NextToken: encodeToken(index, hash) } : {}),
    };
  }

  private getServiceGraph(req: RouteRequest): unknown {
    const start = requireTime(req.body, 'StartTime', INVALID);
    const end = requireTime(req.body, 'EndTime', INVALID);
    if (end <= start) throw new ApiError(INVALID, 'EndTime must be after StartTime.');
    this.checkGroup(stringField(req.body, 'GroupName'));
    const overlaps = start < this.windowEnd && end > this.windowStart;
    const services: readonly XRayGraphService[] = overlaps ? this.dataset.serviceGraph.Services : [];
    const { offset, hash } = pageOffset(req);
    const page = services.slice(offset, offset + this.limits.servicesPerGraphPage);
    const next = offset + page.length;
    return {
      StartTime: start,
      EndTime: end,
      Services: page,
      ContainsOldGroupVersions: false,
      ...(next < services.length ? { NextToken: encodeToken(next, hash) } : {}),
    };
  }

  /** The dataset's rules (X-Ray's Default alone when it has none), a page at a time. */
  private getSamplingRules(req: RouteRequest): unknown {
    const rules = this.dataset.samplingRules ?? [defaultRule(this.dataset.region)];
    const { offset, hash } = pageOffset(req);
    const page = rules.slice(offset, offset + this.limits.samplingRulesPageSize);
    const next = offset + page.length;
    return { SamplingRuleRecords: page, ...(next < rules.length ? { NextToken: encodeToken(next, hash) } : {}) };
  }

  private getTimeSeriesServiceStatistics(req: RouteRequest): unknown {
    const start = requireTime(req.body, 'StartTime', INVALID);
    const end = requireTime(req.body, 'EndTime', INVALID);
    const period = numberField(req.body, 'Period') ?? 60;
    if (end <= start || period <= 0) throw new ApiError(INVALID, 'Invalid time range or period.');
    if ((end - start) / period > 10_000) throw new ApiError(INVALID, 'Too many periods for this time range.');
    const buckets = new Map<number, { ok: number; error: number; throttle: number; fault: number; total: number; time: number }>();
    for (const s of this.summariesNewestFirst) {
      const t = summaryTime(s);
      if (t < start || t >= end) continue;
      const key = start + Math.floor((t - start) / period) * period;
      const b = buckets.get(key) ?? { ok: 0, error: 0, throttle: 0, fault: 0, total: 0, time: 0 };
      b.total += 1;
      b.time += typeof s.ResponseTime === 'number' ? s.ResponseTime : 0;
      if (s.HasFault === true) b.fault += 1;
      else if (s.HasThrottle === true) b.throttle += 1;
      else if (s.HasError === true) b.error += 1;
      else b.ok += 1;
      buckets.set(key, b);
    }
    const series = [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([timestamp, b]) => ({
      Timestamp: timestamp,
      ServiceSummaryStatistics: {
        OkCount: b.ok,
        ErrorStatistics: { ThrottleCount: b.throttle, OtherCount: b.error, TotalCount: b.throttle + b.error },
        FaultStatistics: { OtherCount: b.fault, TotalCount: b.fault },
        TotalCount: b.total,
        TotalResponseTime: b.time,
      },
    }));
    return { TimeSeriesServiceStatistics: series, ContainsOldGroupVersions: false };
  }
}
