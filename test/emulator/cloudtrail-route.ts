/**
 * CloudTrail LookupEvents over awsJson1_1 (aws-reference.md §5): one lookup attribute, at most 50
 * events a page, newest first, NextToken bound to the request's parameters, 2 calls per second per
 * account and Region (ThrottlingException beyond that). Events are served in the Region their
 * record names (`awsRegion`), so IAM events appear in us-east-1 only.
 */
import { epochSeconds, eventRegion, type EmulatorDataset, type EmulatorLookupEvent } from './dataset.ts';
import type { EmulatorLimits } from './limits.ts';
import { decodeToken, encodeToken, requestHash } from './paging.ts';
import { ApiError, field, numberField, stringField, type RouteRequest } from './route-types.ts';
import { RateLimiter } from './faults.ts';

const ATTRIBUTES = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']);

function matchesAttribute(event: EmulatorLookupEvent, key: string, value: string): boolean {
  switch (key) {
    case 'ResourceType': return (event.Resources ?? []).some((r) => r.ResourceType === value);
    case 'ResourceName': return (event.Resources ?? []).some((r) => r.ResourceName === value);
    case 'EventId': return event.EventId === value;
    case 'EventName': return event.EventName === value;
    case 'ReadOnly': return event.ReadOnly === value;
    case 'Username': return event.Username === value;
    case 'EventSource': return event.EventSource === value;
    default: return event.AccessKeyId === value;
  }
}

export class CloudTrailRoute {
  private readonly byRegion = new Map<string, { event: EmulatorLookupEvent; time: number }[]>();
  private readonly limiter: RateLimiter;

  constructor(
    dataset: EmulatorDataset,
    private readonly limits: EmulatorLimits,
    now?: () => number,
  ) {
    this.limiter = new RateLimiter(limits.lookupEventsRate, limits.rateWindowMs, now);
    for (const event of dataset.events) {
      const region = eventRegion(event, dataset.region);
      const list = this.byRegion.get(region) ?? [];
      list.push({ event, time: epochSeconds(event.EventTime) });
      this.byRegion.set(region, list);
    }
    for (const list of this.byRegion.values()) {
      list.sort((a, b) => b.time - a.time || (a.event.EventId < b.event.EventId ? 1 : a.event.EventId > b.event.EventId ? -1 : 0));
    }
  }

  /** Whether a call is within the rate; counted before faults so throttled calls use the budget too. */
  admit(req: RouteRequest): boolean {
    return this.limiter.take(`${req.accessKeyId}|${req.region}`);
  }

  lookupEvents(req: RouteRequest): unknown {
    const attributes = field(req.body, 'LookupAttributes') ?? [];
    if (!Array.isArray(attributes) || attributes.length > 1) {
      throw new ApiError('InvalidLookupAttributesException', 'You can only specify one lookup attribute.');
    }
    let attribute: { key: string; value: string } | undefined;
    if (attributes.length === 1) {
      const a = attributes[0] as Record<string, unknown>;
      const key = Object.hasOwn(a, 'AttributeKey') ? a.AttributeKey : undefined;
      const value = Object.hasOwn(a, 'AttributeValue') ? a.AttributeValue : undefined;
      if (typeof key !== 'string' || !ATTRIBUTES.has(key) || typeof value !== 'string' || value.length === 0) {
        throw new ApiError('InvalidLookupAttributesException', 'The lookup attribute is not valid.');
      }
      attribute = { key, value };
    }
    const maxResults = numberField(req.body, 'MaxResults') ?? this.limits.lookupEventsMaxResults;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > this.limits.lookupEventsMaxResults) {
      throw new ApiError('InvalidMaxResultsException', `MaxResults must be between 1 and ${this.limits.lookupEventsMaxResults}.`);
    }
    const start = numberField(req.body, 'StartTime') ?? Number.NEGATIVE_INFINITY;
    const end = numberField(req.body, 'EndTime') ?? Number.POSITIVE_INFINITY;
    if (end < start) throw new ApiError('InvalidTimeRangeException', 'EndTime is before StartTime.');
    if (stringField(req.body, 'EventCategory') !== undefined) {
      return { Events: [] };
    }
    const hash = requestHash(req.body);
    let offset = 0;
    const token = stringField(req.body, 'NextToken');
    if (token !== undefined) {
      const decoded = decodeToken(token, hash);
      if (decoded === undefined) throw new ApiError('InvalidNextTokenException', 'The NextToken is not valid for these parameters.');
      offset = decoded;
    }
    const events = (this.byRegion.get(req.region) ?? []).filter(
      ({ event, time }) => time >= start && time <= end && (attribute === undefined || matchesAttribute(event, attribute.key, attribute.value)),
    );
    const page = events.slice(offset, offset + maxResults);
    const next = offset + page.length;
    return {
      Events: page.map(({ event, time }) => ({ ...event, EventTime: time })),
      ...(next < events.length ? { NextToken: encodeToken(next, hash) } : {}),
    };
  }
}
