import type { SpanKind } from './trace.ts';

/**
 * How a request ended, from X-Ray's flags (aws-reference.md §3): fault = 5xx, throttle = 429,
 * error = other 4xx; a request with several flags counts as the most severe. The one status of
 * the app: spans in the waterfall and minimap, the trace list's rows (their root's outcome), the
 * service graph's counts and the map's health rings all use this type, its order and `statusOf`.
 * The colours and labels live in renderer/components/status-colors.ts.
 */
export type RequestStatus = 'ok' | 'error' | 'throttle' | 'fault';

/** From least to most severe; a status's index here is its rank. */
export const STATUS_ORDER: readonly RequestStatus[] = ['ok', 'error', 'throttle', 'fault'];

export interface StatusFlags {
  readonly fault: boolean;
  readonly throttle: boolean;
  readonly error: boolean;
}

/** The status of a request by its worst flag: fault, then throttle, then error. */
export function statusOf(flags: StatusFlags): RequestStatus {
  return flags.fault ? 'fault' : flags.throttle ? 'throttle' : flags.error ? 'error' : 'ok';
}

/** 0 (ok) to 3 (fault): the index in STATUS_ORDER. */
export function statusRank(status: RequestStatus): number {
  return status === 'fault' ? 3 : status === 'throttle' ? 2 : status === 'error' ? 1 : 0;
}

/**
 * The one bit layout of the flags, wherever they are packed in numbers: the assembler's working
 * columns, assembled spans, the waterfall's transfer columns, the filter's node index and the
 * trace table (where inProgress means "partial": some segment is in progress).
 */
export const StatusBit = { error: 1, throttle: 2, fault: 4, inProgress: 8 } as const;
/** The bits StatusBit uses; a packed form may put its own bits above them. */
export const STATUS_BITS = 15;

/** The StatusBit bits of some flags. */
export function statusBitsOf(flags: StatusFlags & { readonly inProgress: boolean }): number {
  return (flags.error ? StatusBit.error : 0) | (flags.throttle ? StatusBit.throttle : 0) | (flags.fault ? StatusBit.fault : 0) | (flags.inProgress ? StatusBit.inProgress : 0);
}

/** `statusRank(statusOf(flags))` of StatusBit bits, without making a status on the way (hot loops). */
export function rankOfBits(bits: number): number {
  return bits & StatusBit.fault ? 3 : bits & StatusBit.throttle ? 2 : bits & StatusBit.error ? 1 : 0;
}

/** `statusOf` of StatusBit bits. */
export function statusOfBits(bits: number): RequestStatus {
  return STATUS_ORDER[rankOfBits(bits)]!;
}

/**
 * A span's kind and flags in one byte (assembled spans, the waterfall's transfer columns): the
 * StatusBit bits low, the kind's number (its index in SPAN_KINDS) from bit KIND_SHIFT up.
 */
export const SPAN_KINDS: readonly SpanKind[] = ['segment', 'subsegment', 'inferred'];
export const SpanKindNumber = { segment: 0, subsegment: 1, inferred: 2 } as const;
export const KIND_SHIFT = 4;

export function packSpan(kind: number, bits: number): number {
  return (kind << KIND_SHIFT) | (bits & STATUS_BITS);
}

/** The kind's number of a packed span byte. */
export function kindOfPacked(packed: number): number {
  return packed >> KIND_SHIFT;
}

export function spanKindNumber(kind: SpanKind): number {
  return SpanKindNumber[kind];
}
