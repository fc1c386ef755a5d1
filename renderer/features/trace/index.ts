/** The trace (waterfall) view: its public face. */
export { TraceView, type TraceViewProps } from './TraceView.tsx';
export {
  spanStatus,
  statusColor,
  statusColorProperties,
  statusPalette,
  STATUS_COLOR_CSS,
  STATUS_LABELS,
  STATUS_ORDER,
  STATUS_PALETTE,
  STATUS_VARIABLES,
  type ColorScheme,
  type SpanStatus,
} from '../../components/status-colors.ts';
