import type { WaterfallTrace } from './waterfall-trace.ts';

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
export function lambdaPhaseOf(trace: WaterfallTrace, i: number): LambdaPhase | undefined {
  const p = trace.parent[i] ?? -1;
  if (p < 0 || i >= trace.spans.length) return undefined;
  // The parent's kind first: for nearly every subsegment it is a subsegment, and the kind is at
  // hand where names and origins are read from documents.
  const parent = trace.spans[p]!;
  if (parent.kind === 'subsegment') return undefined;
  const span = trace.spans[i]!;
  if (span.kind !== 'subsegment' || !PHASES.has(span.name)) return undefined;
  return isLambdaFunctionSegment(parent.origin) ? (span.name as LambdaPhase) : undefined;
}

/** Every phase subsegment of the trace: span index → phase. */
export function findLambdaPhases(trace: WaterfallTrace): Map<number, LambdaPhase> {
  const out = new Map<number, LambdaPhase>();
  for (let i = 0; i < trace.spans.length; i++) {
    const phase = lambdaPhaseOf(trace, i);
    if (phase !== undefined) out.set(i, phase);
  }
  return out;
}
