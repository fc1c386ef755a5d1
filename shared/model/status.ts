/**
 * The status of a span as the views colour it, from X-Ray's flags (aws-reference.md §3):
 * fault = 5xx, throttle = 429, error = other 4xx; a span with several flags shows the most severe.
 * The colours themselves live in renderer/features/trace/status-colors.ts.
 */
export type SpanStatus = 'ok' | 'error' | 'throttle' | 'fault';

/** From least to most severe. */
export const STATUS_ORDER: readonly SpanStatus[] = ['ok', 'error', 'throttle', 'fault'];

export function spanStatus(span: { readonly fault: boolean; readonly throttle: boolean; readonly error: boolean }): SpanStatus {
  if (span.fault) return 'fault';
  if (span.throttle) return 'throttle';
  if (span.error) return 'error';
  return 'ok';
}

/** 0 (ok) to 3 (fault). */
export function statusRank(status: SpanStatus): number {
  return status === 'fault' ? 3 : status === 'throttle' ? 2 : status === 'error' ? 1 : 0;
}
