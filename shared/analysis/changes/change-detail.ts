import type { Dataset } from '../../model/dataset.ts';
import { configDiff, type ConfigDiff } from './config-diff.ts';
import { changedResource, hiddenReason, type HiddenReason } from './lane.ts';

/** One CloudTrail event as the Changes panel shows it: who, what, where, why it is or is not on the lane, its diff and its whole record. */
export interface ChangeDetail {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  /** ISO-8601. */
  readonly at: string;
  readonly user: string | undefined;
  readonly userArn: string | undefined;
  readonly sourceIp: string | undefined;
  readonly userAgent: string | undefined;
  readonly region: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly resource: string | undefined;
  /** The §6 family when it is a configuration change. */
  readonly family: string | undefined;
  /** Why it is off the default lane, or undefined when it is on it. */
  readonly hidden: HiddenReason | undefined;
  readonly diff: ConfigDiff;
  /** The record, pretty-printed. */
  readonly recordJson: string;
}

export function changeDetail(dataset: Dataset, eventId: string): ChangeDetail | null {
  const event = dataset.events.find((candidate) => candidate.eventId === eventId);
  if (event === undefined) return null;
  return {
    eventId: event.eventId,
    eventName: event.eventName,
    eventSource: event.eventSource,
    at: new Date(event.time).toISOString(),
    user: event.user,
    userArn: event.userArn,
    sourceIp: event.sourceIp,
    userAgent: event.userAgent,
    region: event.region,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    resource: changedResource(event),
    family: event.change?.family,
    hidden: hiddenReason(event),
    diff: configDiff(event, dataset.events),
    recordJson: JSON.stringify(event.record, null, 2),
  };
}
