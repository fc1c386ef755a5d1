/**
 * The status colours of spans, map nodes and edges: one palette for the whole app, so the
 * waterfall, the minimap and the service map agree. Used as CSS custom properties whose values
 * follow the OS theme through `light-dark()` (the element or an ancestor needs
 * `color-scheme: light dark`); canvas code, which cannot read `light-dark()`, takes the palette
 * for the current scheme from `statusPalette`.
 */
import { STATUS_ORDER, type RequestStatus } from '../../shared/model/status.ts';

export { statusOf, STATUS_ORDER, type RequestStatus } from '../../shared/model/status.ts';
export type ColorScheme = 'light' | 'dark';

export const STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  ok: 'OK',
  error: 'Error (4xx)',
  throttle: 'Throttled (429)',
  fault: 'Fault (5xx)',
};

/** Hex colours per scheme; contrast ≥ 3:1 against the app's light and dark backgrounds. */
export const STATUS_PALETTE: Readonly<Record<RequestStatus, Readonly<Record<ColorScheme, string>>>> = {
  ok: { light: '#2e7d32', dark: '#66bb6a' },
  error: { light: '#b26a00', dark: '#ffb74d' },
  throttle: { light: '#7b1fa2', dark: '#ce93d8' },
  fault: { light: '#c62828', dark: '#ef5350' },
};

export const STATUS_VARIABLES: Readonly<Record<RequestStatus, string>> = {
  ok: '--te-status-ok',
  error: '--te-status-error',
  throttle: '--te-status-throttle',
  fault: '--te-status-fault',
};

/** `var(--te-status-…)`, for style props and SVG fills. */
export function statusColor(status: RequestStatus): string {
  return `var(${STATUS_VARIABLES[status]})`;
}

/** The custom properties as a style object, to spread on a root element (set through the CSSOM, so a strict CSP allows it). */
export function statusColorProperties(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const status of STATUS_ORDER) out[STATUS_VARIABLES[status]] = `light-dark(${STATUS_PALETTE[status].light}, ${STATUS_PALETTE[status].dark})`;
  return out;
}

/** The same as a stylesheet rule, for a shell that prefers a stylesheet. */
export const STATUS_COLOR_CSS = `:root{color-scheme:light dark;${Object.entries(statusColorProperties())
  .map(([name, value]) => `${name}:${value}`)
  .join(';')}}`;

export function statusPalette(scheme: ColorScheme): Readonly<Record<RequestStatus, string>> {
  return { ok: STATUS_PALETTE.ok[scheme], error: STATUS_PALETTE.error[scheme], throttle: STATUS_PALETTE.throttle[scheme], fault: STATUS_PALETTE.fault[scheme] };
}
