import type { CriticalPathSection, GatewayOverhead, LambdaPhase, TraceMapEdge, TraceMapNode, WaterfallAnalysis } from '../../analysis/trace/index.ts';

/**
 * A `WaterfallAnalysis` as typed arrays, for the same trip as the trace (trace-transfer.ts): the
 * critical path, its sections, self times, gateway overheads and Lambda phases are columns; only
 * the trace map's nodes (at most MAX_TRACE_MAP_NODES) stay objects. Optional numbers are NaN
 * when undefined, optional span indices -1.
 */
export interface WaterfallAnalysisTransfer {
  readonly count: number;
  readonly onPath: Uint8Array;
  readonly pathSpans: Int32Array;
  /** criticalPath.sections, in their order (latest first). */
  readonly sectionSpans: Int32Array;
  readonly sectionStarts: Float64Array;
  readonly sectionEnds: Float64Array;
  readonly selfTimes: Float64Array;
  readonly overheadStages: Int32Array;
  readonly overheadIntegrations: Int32Array;
  readonly overheadStageDurations: Float64Array;
  readonly overheadIntegrationDurations: Float64Array;
  readonly overheadValues: Float64Array;
  readonly phaseSpans: Int32Array;
  /** Index into LAMBDA_PHASES. */
  readonly phaseCodes: Uint8Array;
  readonly mapNodes: readonly TraceMapNode[];
  readonly mapUnmappedSegments: number;
  readonly mapEdgeSources: Int32Array;
  readonly mapEdgeTargets: Int32Array;
  readonly mapEdgeCalls: Int32Array;
  readonly nodeOfSpan: Int32Array;
  readonly mapColumns: number;
  readonly mapRows: number;
}

const LAMBDA_PHASES: readonly LambdaPhase[] = ['Initialization', 'Restore', 'Invocation', 'Overhead'];

const orNaN = (value: number | undefined): number => value ?? Number.NaN;
const orUndefined = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);

/** Every array is a fresh copy, so transferring them leaves `analysis` intact (the worker keeps it). */
export function encodeWaterfallAnalysis(analysis: WaterfallAnalysis): WaterfallAnalysisTransfer {
  const { criticalPath, traceMap } = analysis;
  const sections = criticalPath.sections;
  const overheads = [...analysis.gatewayOverheads.values()];
  const phases = [...analysis.lambdaPhases.entries()];
  return {
    count: criticalPath.onPath.length,
    onPath: criticalPath.onPath.slice(),
    pathSpans: criticalPath.spans.slice(),
    sectionSpans: Int32Array.from(sections, (s) => s.span),
    sectionStarts: Float64Array.from(sections, (s) => s.start),
    sectionEnds: Float64Array.from(sections, (s) => s.end),
    selfTimes: analysis.selfTimes.slice(),
    overheadStages: Int32Array.from(overheads, (o) => o.stage),
    overheadIntegrations: Int32Array.from(overheads, (o) => o.integration ?? -1),
    overheadStageDurations: Float64Array.from(overheads, (o) => orNaN(o.stageDuration)),
    overheadIntegrationDurations: Float64Array.from(overheads, (o) => orNaN(o.integrationDuration)),
    overheadValues: Float64Array.from(overheads, (o) => orNaN(o.overhead)),
    phaseSpans: Int32Array.from(phases, ([span]) => span),
    phaseCodes: Uint8Array.from(phases, ([, phase]) => LAMBDA_PHASES.indexOf(phase)),
    mapNodes: traceMap.nodes.map((node) => ({ ...node })),
    mapUnmappedSegments: traceMap.unmappedSegments,
    mapEdgeSources: Int32Array.from(traceMap.edges, (e) => e.source),
    mapEdgeTargets: Int32Array.from(traceMap.edges, (e) => e.target),
    mapEdgeCalls: Int32Array.from(traceMap.edges, (e) => e.calls),
    nodeOfSpan: traceMap.nodeOfSpan.slice(),
    mapColumns: traceMap.columns,
    mapRows: traceMap.rows,
  };
}

/** The analysis back, its typed arrays used as they are; O(sections + overheads + phases + edges). */
export function decodeWaterfallAnalysis(transfer: WaterfallAnalysisTransfer): WaterfallAnalysis {
  const sections: CriticalPathSection[] = [];
  const criticalSectionsBySpan = new Map<number, CriticalPathSection[]>();
  for (let k = 0; k < transfer.sectionSpans.length; k++) {
    const section = { span: transfer.sectionSpans[k]!, start: transfer.sectionStarts[k]!, end: transfer.sectionEnds[k]! };
    sections.push(section);
    const list = criticalSectionsBySpan.get(section.span);
    if (list) list.push(section);
    else criticalSectionsBySpan.set(section.span, [section]);
  }
  for (const list of criticalSectionsBySpan.values()) list.sort((a, b) => a.start - b.start);
  const gatewayOverheads = new Map<number, GatewayOverhead>();
  for (let k = 0; k < transfer.overheadStages.length; k++) {
    const integration = transfer.overheadIntegrations[k]!;
    const stage = transfer.overheadStages[k]!;
    gatewayOverheads.set(stage, {
      stage,
      integration: integration < 0 ? undefined : integration,
      stageDuration: orUndefined(transfer.overheadStageDurations[k]!),
      integrationDuration: orUndefined(transfer.overheadIntegrationDurations[k]!),
      overhead: orUndefined(transfer.overheadValues[k]!),
    });
  }
  const lambdaPhases = new Map<number, LambdaPhase>();
  for (let k = 0; k < transfer.phaseSpans.length; k++) {
    const phase = LAMBDA_PHASES[transfer.phaseCodes[k]!];
    if (phase) lambdaPhases.set(transfer.phaseSpans[k]!, phase);
  }
  const edges: TraceMapEdge[] = [];
  for (let k = 0; k < transfer.mapEdgeSources.length; k++) {
    edges.push({ source: transfer.mapEdgeSources[k]!, target: transfer.mapEdgeTargets[k]!, calls: transfer.mapEdgeCalls[k]! });
  }
  return {
    criticalPath: { onPath: transfer.onPath, spans: transfer.pathSpans, sections },
    criticalSectionsBySpan,
    selfTimes: transfer.selfTimes,
    gatewayOverheads,
    lambdaPhases,
    traceMap: {
      nodes: transfer.mapNodes,
      unmappedSegments: transfer.mapUnmappedSegments,
      edges,
      nodeOfSpan: transfer.nodeOfSpan,
      columns: transfer.mapColumns,
      rows: transfer.mapRows,
    },
  };
}
