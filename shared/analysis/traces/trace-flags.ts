import { StatusBit } from '../../model/status.ts';

/**
 * Bits of `TraceTable.flags`, in StatusBit's layout (model/status.ts), with X-Ray's trace-level
 * meanings (aws-reference.md §2 GetTraceSummaries): fault and error are the root segment's (5xx,
 * 4xx); throttle is any segment's 429; partial (StatusBit.inProgress) is any segment in progress.
 */
export const TraceFlag = { fault: StatusBit.fault, error: StatusBit.error, throttle: StatusBit.throttle, partial: StatusBit.inProgress } as const;
