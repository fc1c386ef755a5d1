import { memo, useMemo, useState } from 'react';
import type { SpanDetailData, WaterfallAnalysis, WaterfallTrace } from '../../../../shared/analysis/trace/index.ts';
import { SpanFlag } from '../../../../shared/model/trace.ts';
import { CauseDetails, DetailSection, FieldList } from './DetailFields.tsx';
import { formatCount, formatDuration, formatTimestamp } from '../../../../shared/base/format.ts';
import { entriesOf, flattenFields, otherFields, RAW_JSON_PREVIEW, type DetailField } from './span-detail-model.ts';
import { statusOf, STATUS_LABELS } from '../../../components/status-colors.ts';
import { attempt, useMaybePromise, type TraceSource } from '../source/trace-source.ts';

export interface SpanDetailProps {
  readonly trace: WaterfallTrace;
  readonly span: number;
  /** False while the span's values are still coming (a large trace arrives in chunks). */
  readonly arrived: boolean;
  readonly analysis: WaterfallAnalysis;
  /** The span's document: at once for a local trace, from the worker otherwise. */
  readonly source: TraceSource;
  readonly onSelectSpan: (span: number) => void;
}

/**
 * Every X-Ray field of one span: a summary, then http, aws, sql, annotations, metadata (kept
 * apart from annotations: only annotations are indexed for filters), the cause with exceptions and
 * stacks, any other field, and the raw document as pretty-printed JSON text.
 */
export const SpanDetail = memo(function SpanDetail({ trace, span, arrived, analysis, source, onSelectSpan }: SpanDetailProps) {
  const s = trace.spans[span];
  const exists = s !== undefined;
  const request = useMemo(() => (exists ? attempt(() => source.spanDetail(span)) : undefined), [source, span, exists]);
  const detail = useMaybePromise(request);
  if (!s) return <section className="te-detail" aria-label="Span details"><p>No span selected.</p></section>;
  if (!arrived) {
    return (
      <section className="te-detail" aria-label="Span details">
        <p className="te-note" aria-busy="true">{`Reading span ${formatCount(span + 1)}…`}</p>
      </section>
    );
  }
  const flags = trace.flags[span]!;
  const end = s.end;
  const overhead = analysis.gatewayOverheads.get(span);
  const phase = analysis.lambdaPhases.get(span);
  const notes: string[] = [];
  if (s.inProgress) notes.push('in progress');
  if (flags & SpanFlag.orphan) notes.push(`orphan: parent ${s.parentId ?? '?'} is not in the trace`);
  if (flags & SpanFlag.skewed) notes.push('clock skew: starts before its parent or ends after it');
  if (flags & SpanFlag.addedInferred) notes.push('inferred by this app where X-Ray would infer a node');
  const summary: DetailField[] = [
    { label: 'id', value: s.id },
    { label: 'kind', value: s.kind },
    ...(s.origin !== undefined ? [{ label: 'origin', value: s.origin }] : []),
    ...(s.namespace !== undefined ? [{ label: 'namespace', value: s.namespace }] : []),
    { label: 'trace id', value: s.traceId },
    ...(s.parentId !== undefined ? [{ label: 'parent id', value: s.parentId }] : []),
    ...(s.kind === 'subsegment' ? [{ label: 'segment', value: s.segmentId }] : []),
    { label: 'start', value: formatTimestamp(s.start) },
    { label: 'end', value: end === undefined ? 'in progress' : formatTimestamp(end) },
    { label: 'duration', value: end === undefined ? `at least ${formatDuration(trace.end - s.start)}` : formatDuration(end - s.start) },
    { label: 'self time', value: formatDuration(analysis.selfTimes[span]) },
    { label: 'status', value: STATUS_LABELS[statusOf(s)] },
    { label: 'error / throttle / fault', value: `${s.error} / ${s.throttle} / ${s.fault}` },
    { label: 'critical path', value: analysis.criticalPath.onPath[span] === 1 ? 'yes' : 'no' },
    ...(phase ? [{ label: 'Lambda phase', value: phase }] : []),
    ...(notes.length > 0 ? [{ label: 'marks', value: notes.join('; ') }] : []),
  ];
  const integration = overhead?.integration !== undefined ? trace.spans[overhead.integration] : undefined;
  return (
    <section className="te-detail" aria-label="Span details">
      <h2 className="te-detail-title">{s.name}</h2>
      <FieldList fields={summary} label="Summary" />
      <DetailSection title="Gateway overhead" empty={!overhead}>
        <FieldList
          fields={[
            { label: 'stage duration', value: formatDuration(overhead?.stageDuration) },
            { label: 'integration', value: integration ? `${integration.name} (${integration.id})` : 'no integration subsegment' },
            { label: 'integration duration', value: formatDuration(overhead?.integrationDuration) },
            { label: 'overhead', value: formatDuration(overhead?.overhead) },
          ]}
        />
        <p className="te-note">Stage duration minus integration duration; it approximates CloudWatch Latency − IntegrationLatency.</p>
      </DetailSection>
      {detail.status === 'ready' ? (
        <DocumentSections data={detail.value} trace={trace} onSelectSpan={onSelectSpan} />
      ) : detail.status === 'failed' ? (
        <p role="alert" className="te-note">{`The span's document could not be read: ${detail.message}`}</p>
      ) : (
        <p className="te-note" aria-busy="true">
          Reading the span's document…
        </p>
      )}
      <RawJson key={`${trace.id}:${span}`} span={span} source={source} />
    </section>
  );
});

/** The sections read from the document: http, aws, sql, annotations, metadata, cause, the rest. */
function DocumentSections({ data, trace, onSelectSpan }: { readonly data: SpanDetailData; readonly trace: WaterfallTrace; readonly onSelectSpan: (span: number) => void }) {
  const { doc, cause, subsegmentCount } = data;
  const annotations = entriesOf(doc.annotations);
  const metadata = entriesOf(doc.metadata);
  const http = flattenFields(doc.http);
  const aws = flattenFields(doc.aws);
  const sql = entriesOf(doc.sql);
  const others = otherFields(doc);
  const referenced = cause?.referencedSpan !== undefined && cause.referencedSpan >= 0 ? cause.referencedSpan : undefined;
  return (
    <>
      <DetailSection title="HTTP" empty={http.length === 0}>
        <FieldList fields={http} />
      </DetailSection>
      <DetailSection title="AWS" empty={aws.length === 0}>
        <FieldList fields={aws} />
      </DetailSection>
      <DetailSection title="SQL" empty={sql.length === 0}>
        <FieldList fields={sql} />
      </DetailSection>
      <DetailSection title="Annotations" empty={annotations.length === 0}>
        <FieldList fields={annotations} />
      </DetailSection>
      <DetailSection title="Metadata" empty={metadata.length === 0}>
        <FieldList fields={metadata} />
      </DetailSection>
      <DetailSection title="Cause" empty={!cause}>
        {cause ? (
          <CauseDetails
            cause={cause}
            spanName={referenced !== undefined ? trace.spans[referenced]?.name : undefined}
            onShowSpan={referenced !== undefined ? () => onSelectSpan(referenced) : undefined}
          />
        ) : null}
      </DetailSection>
      <DetailSection title="Other fields" empty={others.length === 0 && subsegmentCount === 0}>
        <FieldList fields={subsegmentCount > 0 ? [...others, { label: 'subsegments', value: `${subsegmentCount} (shown in the tree)` }] : others} />
      </DetailSection>
    </>
  );
}

/** The document as pretty-printed JSON text, made only when asked (a segment can hold 100,000 subsegments). */
function RawJson({ span, source }: { readonly span: number; readonly source: TraceSource }) {
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  const request = useMemo(() => (open ? attempt(() => source.rawJson(span, all ? undefined : RAW_JSON_PREVIEW)) : undefined), [open, all, span, source]);
  const json = useMaybePromise(request);
  return (
    <section className="te-detail-section" aria-label="Raw JSON">
      <h3>
        <button type="button" className="te-button" aria-expanded={open} onClick={() => setOpen(!open)}>
          Raw JSON
        </button>
      </h3>
      {json.status === 'ready' ? (
        <>
          <pre className="te-pre te-raw-json" tabIndex={0} aria-label="Raw JSON document">
            {json.value.text}
          </pre>
          {json.value.text.length < json.value.length ? (
            <button type="button" className="te-button" onClick={() => setAll(true)}>
              {`Show all ${formatCount(json.value.length)} characters`}
            </button>
          ) : null}
        </>
      ) : json.status === 'loading' ? (
        <p className="te-note" aria-busy="true">
          Writing the JSON…
        </p>
      ) : json.status === 'failed' ? (
        <p role="alert" className="te-note">{`The JSON could not be shown: ${json.message}`}</p>
      ) : null}
    </section>
  );
}
