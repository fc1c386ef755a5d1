/**
 * Status colours, the same on the map's health rings, the trace list and the waterfall bars.
 * They are CSS variables (light and dark values in app/theme.css); canvas code reads them here.
 */
export const STATUS_KEYS = ['ok', 'error', 'throttle', 'fault'] as const;
export type StatusKey = (typeof STATUS_KEYS)[number];

export const STATUS_LABELS: Readonly<Record<StatusKey, string>> = {
  ok: 'OK',
  error: 'Error (4xx)',
  throttle: 'Throttled (429)',
  fault: 'Fault (5xx)',
};

export function statusVariable(status: StatusKey): string {
  return `--status-${status}`;
}

/** The colours in force on `element` (they change with the OS theme). */
export function readStatusColors(element: Element): Record<StatusKey, string> {
  const style = getComputedStyle(element);
  const read = (status: StatusKey): string => style.getPropertyValue(statusVariable(status)).trim();
  return { ok: read('ok'), error: read('error'), throttle: read('throttle'), fault: read('fault') };
}
