import type { Trace } from '../../model/trace.ts';

/**
 * The phases AWS Lambda records as subsegments of the `AWS::Lambda::Function` segment
 * (aws-reference.md §3 "Lambda"): `Initialization` (cold start; long under provisioned
 * concurrency), `Restore` (SnapStart), `Invocation` (the handler; SDK calls nest in it) and
 * `Overhead` (after the response, before the next invoke).
 */
export type LambdaPhase = 'Initialization' | 'Restore' | 'Invocation' | 'Overhead';

const PHASES: ReadonlySet<string> = new Set<LambdaPhase>(['Initialization', 'Restore', 'Invocation', 'Overhead']);

export function isLambdaFunctionSegment(origin: string | undefined): boolean {
  return origin !== undefined && origin.toLowerCase() === 'aws::lambda::function';
}

/** The phase span i stands for, or undefined when it is not a phase subsegment. O(1). */
export function lambdaPhaseOf(trace: Trace, i: number): LambdaPhase | undefined {
  const span = trace.spans[i];
  const p = trace.parent[i] ?? -1;
  if (span === undefined || p < 0 || span.kind !== 'subsegment' || !PHASES.has(span.name)) return undefined;
  const parent = trace.spans[p]!;
  return parent.kind !== 'subsegment' && isLambdaFunctionSegment(parent.origin) ? (span.name as LambdaPhase) : undefined;
}

/** Every phase subsegment of the trace: span index → phase. */
export function findLambdaPhases(trace: Trace): Map<number, LambdaPhase> {
  const out = new Map<number, LambdaPhase>();
  for (let i = 0; i < trace.spans.length; i++) {
    const phase = lambdaPhaseOf(trace, i);
    if (phase !== undefined) out.set(i, phase);
  }
  return out;
}
