/**
 * CloudTrail LookupEvents for the window in each Region asked (the app's, and us-east-1 where IAM
 * and STS events land): the write events (`ReadOnly=false`, the one lookup attribute a call may
 * carry) or all of them, 50 a page, newest first, paced at 2 calls per second per Region by the
 * session. A NextToken that is no longer accepted after a resume restarts the lookup below the
 * oldest event already held; events are kept once by EventId.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { isInvalidNextToken } from './aws-errors.ts';
import { MAX_PAGES, runPart, settleAll, type CaptureContext } from './capture-context.ts';
import type { LookupEventWire } from './capture-state.ts';
import { toWireJson } from './wire-json.ts';

export const EVENTS_PER_PAGE = 50;

export function lookupAttributes(mode: 'changes' | 'all'): { AttributeKey: 'ReadOnly'; AttributeValue: string }[] {
  return mode === 'changes' ? [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] : [];
}

export function cloudTrailRegions(region: string, mode: 'changes' | 'all' | 'none', includeGlobal = true): string[] {
  if (mode === 'none') return [];
  return includeGlobal && region !== 'us-east-1' ? [region, 'us-east-1'] : [region];
}

async function captureRegion(ctx: CaptureContext, region: string, mode: 'changes' | 'all'): Promise<void> {
  const state = ctx.state.regions.get(region);
  if (state === undefined) return;
  const task = `cloudtrail:${region}`;
  for (let page = 0; page < MAX_PAGES && !state.task.done; page++) {
    const token = state.task.next;
    const attributes = lookupAttributes(mode);
    let output;
    try {
      output = await ctx.call(() =>
        ctx.session.cloudtrail(region).send(
          new LookupEventsCommand({
            StartTime: new Date(ctx.request.from),
            // LookupEvents' EndTime is inclusive; the window is [from, to).
            EndTime: new Date(state.endTime - 1),
            MaxResults: EVENTS_PER_PAGE,
            ...(attributes.length > 0 ? { LookupAttributes: attributes } : {}),
            ...(token === undefined ? {} : { NextToken: token }),
          }),
          { abortSignal: ctx.sendSignal },
        ),
      );
    } catch (error) {
      if (token !== undefined && isInvalidNextToken(error)) {
        const oldest = ctx.state.oldestEventTime(region);
        ctx.record({ op: 'restart', task, data: { endTime: oldest === undefined ? ctx.request.to : oldest + 1 } });
        continue;
      }
      throw error;
    }
    const wire = toWireJson(output) as { Events?: LookupEventWire[]; NextToken?: string };
    ctx.record({ op: 'LookupEvents', task, ...(token === undefined ? {} : { token }), ...(wire.NextToken ? { next: wire.NextToken } : {}), data: { events: wire.Events ?? [] } });
  }
}

export async function captureCloudTrail(ctx: CaptureContext): Promise<void> {
  const mode = ctx.request.cloudtrail;
  if (mode === 'none') return;
  await settleAll([...ctx.state.regions.keys()].map((region) => runPart(ctx, `cloudtrail:${region}`, 'cloudtrail:LookupEvents', () => captureRegion(ctx, region, mode))));
}
