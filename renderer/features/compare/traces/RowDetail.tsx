import { useEffect, useState } from 'react';
import type { TraceComparison } from '../../../../shared/analysis/compare/index.ts';
import type { SpanDetailData } from '../../../../shared/analysis/trace/index.ts';
import { formatDuration, formatChange } from '../../../../shared/base/format.ts';
import { StatusBit } from '../../../../shared/model/status.ts';
import { STATUS_LABELS } from '../../../components/status-colors.ts';
import type { AnalysisClient } from '../../../core/analysis-client.ts';
import { CRITICAL_AFTER, CRITICAL_BEFORE } from '../../../../shared/analysis/compare/index.ts';
import { presence, roundDelta, rowName, sideBits, sideStatus, type Side } from './comparison-rows.ts';

export interface RowDetailProps {
  readonly client: AnalysisClient;
  readonly comparison: TraceComparison;
  readonly row: number;
  /** The Trace view at a span of a trace (its id once the document has come). */
  readonly spanHref: (traceId: string, spanId: string | undefined) => string;
}

type Documents = { readonly key: string; readonly before?: SpanDetailData | string; readonly after?: SpanDetailData | string };

/** The two spans' documents (for their ids and exceptions), asked of the worker for the selected row. */
function useSpanDocuments(client: AnalysisClient, comparison: TraceComparison, row: number): Documents | undefined {
  const key = `${comparison.before.traceId}:${comparison.after.traceId}:${row}`;
  const [documents, setDocuments] = useState<Documents>();
  useEffect(() => {
    let live = true;
    const ask = async (side: Side): Promise<SpanDetailData | string | undefined> => {
      const span = comparison.rows[side][row]!;
      if (span < 0) return undefined;
      const result = await client.query('traceSpanDetail', { traceId: comparison[side].traceId, span });
      return result.ok ? result.value : result.error.message;
    };
    void Promise.all([ask('before'), ask('after')]).then(([before, after]) => live && setDocuments({ key, ...(before ? { before } : {}), ...(after ? { after } : {}) }));
    return () => {
      live = false;
    };
  }, [client, comparison, row, key]);
  return documents?.key === key ? documents : undefined;
}

function flagsText(bits: number): string {
  const flags = [bits & StatusBit.error ? 'error' : '', bits & StatusBit.throttle ? 'throttle' : '', bits & StatusBit.fault ? 'fault' : '', bits & StatusBit.inProgress ? 'in progress' : ''].filter(Boolean);
  return flags.length > 0 ? flags.join(', ') : 'none';
}

function exceptionText(data: SpanDetailData | string | undefined): string {
  if (data === undefined) return '…';
  if (typeof data === 'string') return `Could not read the span: ${data}`;
  const first = data.cause?.exceptions[0];
  if (!first) return '—';
  return [first.type, first.message].filter(Boolean).join(': ') || 'an exception without a message';
}

/** The selected merged row: both spans' fields side by side, with the deltas, and links into the Trace view at each span. */
export function RowDetail({ client, comparison, row, spanHref }: RowDetailProps) {
  const documents = useSpanDocuments(client, comparison, row);
  const rows = comparison.rows;
  const where = presence(comparison, row);
  const { name, node } = rowName(comparison, row);
  const has = (side: Side): boolean => rows[side][row]! >= 0;
  const value = (side: Side, text: string): string => (has(side) ? text : '—');
  const idOf = (side: Side): string | undefined => {
    const data = documents?.[side];
    return data !== undefined && typeof data !== 'string' ? data.doc.id : undefined;
  };
  const critical = rows.critical[row]!;
  const lines: { readonly field: string; readonly before: string; readonly after: string; readonly delta?: string }[] = [
    { field: 'Name', before: value('before', name), after: value('after', name) },
    { field: 'Node', before: value('before', node ?? 'its parent’s'), after: value('after', node ?? 'its parent’s') },
    { field: 'Span id', before: value('before', idOf('before') ?? '…'), after: value('after', idOf('after') ?? '…') },
    { field: 'Start', before: value('before', `+${formatDuration(rows.beforeStart[row]!)}`), after: value('after', `+${formatDuration(rows.afterStart[row]!)}`), delta: formatChange(roundDelta(rows.afterStart[row]! - rows.beforeStart[row]!), formatDuration) },
    { field: 'Duration', before: value('before', formatDuration(rows.beforeDuration[row]!)), after: value('after', formatDuration(rows.afterDuration[row]!)), delta: formatChange(roundDelta(rows.durationDelta[row]!), formatDuration) },
    { field: 'Self time', before: value('before', formatDuration(rows.beforeSelf[row]!)), after: value('after', formatDuration(rows.afterSelf[row]!)), delta: formatChange(roundDelta(rows.selfDelta[row]!), formatDuration) },
    { field: 'Status', before: value('before', STATUS_LABELS[sideStatus(comparison, row, 'before')]), after: value('after', STATUS_LABELS[sideStatus(comparison, row, 'after')]) },
    { field: 'Flags', before: value('before', flagsText(sideBits(comparison, row, 'before'))), after: value('after', flagsText(sideBits(comparison, row, 'after'))) },
    { field: 'Exception', before: value('before', exceptionText(documents?.before)), after: value('after', exceptionText(documents?.after)) },
    { field: 'Critical path', before: value('before', critical & CRITICAL_BEFORE ? 'on it' : 'off it'), after: value('after', critical & CRITICAL_AFTER ? 'on it' : 'off it') },
  ];
  return (
    <section className="te-cmp-detail" aria-label="Selected row">
      <h2 className="te-cmp-detail__title">
        {name}
        {where !== 'both' ? <span className="te-cmp-chip te-cmp-only">{`Only ${where}`}</span> : null}
      </h2>
      <table className="te-cmp-detail__table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col">Δ</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.field}>
              <th scope="row">{line.field}</th>
              <td>{line.before}</td>
              <td>{line.after}</td>
              <td>{line.delta ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="te-cmp-detail__links">
        {(['before', 'after'] as const).map((side) =>
          has(side) ? (
            <a key={side} href={spanHref(comparison[side].traceId, idOf(side))}>
              {`Open the ${side} span in the Trace view`}
            </a>
          ) : null,
        )}
      </p>
    </section>
  );
}
