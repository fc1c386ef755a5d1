/**
 * GetServiceGraph output (aws-reference.md §2, Appendix C) `{Services:[…], StartTime?, EndTime?,
 * ContainsOldGroupVersions?, NextToken?}`, and GetTraceGraph output, which has the same `Services`.
 * The whole value is one `xray.serviceGraph` document, kept as it came; a service that is not an
 * object with a `Name` or a `ReferenceId` is reported (the graph builder skips it).
 */
import type { FormatParser, ImportSink } from '../format/types.ts';
import { isFiniteNumber, isJsonObject, joinPath, ownValue, problemAt } from '../../base/json.ts';
import { isCloudTrailShape } from './cloudtrail-shape.ts';

/** A service the graph can place: named, or at least numbered so edges can point at it. */
function serviceProblem(service: unknown): string | undefined {
  if (!isJsonObject(service)) return 'service is not an object; it is skipped';
  const name = ownValue(service, 'Name');
  const referenceId = ownValue(service, 'ReferenceId');
  if (typeof name === 'string' || isFiniteNumber(referenceId)) return undefined;
  return 'service with neither a string `Name` nor a numeric `ReferenceId`; it is skipped';
}

function looksLikeServiceGraph(value: unknown): boolean {
  if (!isJsonObject(value) || isCloudTrailShape(value)) return false;
  const services = ownValue(value, 'Services');
  if (!Array.isArray(services)) return false;
  // GetRetrievedTracesGraph also has `Services` (of `{Service, Links}`), with a status.
  if (Object.hasOwn(value, 'RetrievalStatus')) return false;
  if (services.length === 0) return Object.hasOwn(value, 'StartTime') || Object.hasOwn(value, 'EndTime') || Object.keys(value).length === 1;
  const first: unknown = services[0];
  return isJsonObject(first) && (Object.hasOwn(first, 'Name') || Object.hasOwn(first, 'ReferenceId') || Object.hasOwn(first, 'Edges'));
}

export const serviceGraphParser: FormatParser = {
  format: 'xray.serviceGraph',
  label: 'X-Ray GetServiceGraph or GetTraceGraph output',
  matches: looksLikeServiceGraph,
  parse(value: unknown, sink: ImportSink, at: string): void {
    const services = isJsonObject(value) ? ownValue(value, 'Services') : undefined;
    if (!Array.isArray(services)) {
      sink.problem(problemAt(at), 'expected X-Ray GetServiceGraph output: an object with a `Services` array');
      return;
    }
    const servicesAt = joinPath(at, 'Services');
    for (let i = 0; i < services.length; i++) {
      const problem = serviceProblem(services[i]);
      if (problem !== undefined) sink.problem(joinPath(servicesAt, `[${i}]`), problem);
    }
    sink.add('xray.serviceGraph', value, at);
  },
};
