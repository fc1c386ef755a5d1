/**
 * X-Ray GetSamplingRules (aws-reference.md §2): every sampling rule of the account and Region,
 * following NextToken, in the X-Ray lane under the same pacing, journal and error handling as the
 * other X-Ray calls. A capture without the permission (or any failure of this part alone) keeps
 * going: the part becomes a gap naming xray:GetSamplingRules. Each record is one
 * `xray.samplingRule` document, kept once per rule ARN (else name).
 */
import { GetSamplingRulesCommand } from '@aws-sdk/client-xray';
import { MAX_PAGES, runPart, type CaptureContext } from './capture-context.ts';
import type { CaptureState } from './capture-state.ts';
import { toWireJson } from './wire-json.ts';

export const SAMPLING_RULES_TASK = 'rules';

export async function captureSamplingRules(ctx: CaptureContext): Promise<void> {
  const { task } = ctx.state.samplingRules;
  await runPart(ctx, SAMPLING_RULES_TASK, 'xray:GetSamplingRules', async () => {
    for (let page = 0; page < MAX_PAGES && !task.done; page++) {
      const token = task.next;
      const output = await ctx.call(() =>
        ctx.session.xray(ctx.request.region).send(new GetSamplingRulesCommand(token === undefined ? {} : { NextToken: token }), { abortSignal: ctx.sendSignal }),
      );
      const wire = toWireJson(output) as { SamplingRuleRecords?: unknown[]; NextToken?: string };
      ctx.record({
        op: 'GetSamplingRules',
        task: SAMPLING_RULES_TASK,
        ...(token === undefined ? {} : { token }),
        ...(wire.NextToken ? { next: wire.NextToken } : {}),
        data: { records: wire.SamplingRuleRecords ?? [] },
      });
    }
  });
}

/** The rule records fetched, in the order first met. */
export function samplingRuleDocuments(state: CaptureState): Record<string, unknown>[] {
  return [...state.samplingRules.records.values()];
}
