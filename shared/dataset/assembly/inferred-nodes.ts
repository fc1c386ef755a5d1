import type { XRaySegmentDocument } from '../../model/xray.ts';
import { inferredNodeOf } from '../naming/service-naming.ts';
import { isJsonObject } from '../../base/json.ts';

/**
 * Inferred segments the assembler adds where X-Ray would have compiled one (aws-reference.md §2
 * "BatchGetTraces": "inferred segments are added"). X-Ray infers a downstream node from a client
 * subsegment with `namespace: "aws"` (an AWS SDK call) or `"remote"` (any other downstream call)
 * when no segment names that subsegment as its parent — raw segment documents sent to the daemon
 * never contain them, and BatchGetTraces output already does.
 *
 * The added document has the shape of the ones X-Ray compiles (developer guide, "Getting data",
 * and the SDK pages on downstream HTTP calls): the subsegment's times, `http`, `aws` and
 * error/throttle/fault flags, `inferred: true`, `parent_id` = the subsegment, and
 *   - for an AWS call: the service as `name` (`DynamoDB`, `SNS`…) and the resource type as
 *     `origin` (AWS::DynamoDB::Table when `aws.table_name` is set…; see service-naming.ts), so the
 *     map names the node after the table, queue, bucket or function exactly as for X-Ray's own;
 *   - for a remote call: the URL's host as `name` (SDKs name these subsegments after the host;
 *     the subsegment's own name when there is no URL, e.g. SQL) and no `origin` (type `remote`).
 */
export { infersDownstream } from '../naming/service-naming.ts';

/** The id of the node added below subsegment `subsegmentId`: deterministic, so bookmarks survive a reload. */
export function inferredIdFor(subsegmentId: string): string {
  return `${subsegmentId}:inferred`;
}

/**
 * The inferred segment for one client subsegment. `sub` must have a string `id` and a finite
 * `start_time` (the assembler checked both).
 */
export function inferredSegmentFor(sub: Readonly<Record<string, unknown>>, traceId: string): XRaySegmentDocument {
  const subId = sub['id'] as string;
  const subName = typeof sub['name'] === 'string' ? sub['name'] : '';
  const http = sub['http'];
  const aws = sub['aws'];
  const { name, origin } = inferredNodeOf(subName, sub['namespace'], aws, http);
  const endTime = sub['end_time'];
  const completed = sub['in_progress'] !== true && typeof endTime === 'number' && Number.isFinite(endTime);
  const doc: Record<string, unknown> = { id: inferredIdFor(subId), name, start_time: sub['start_time'] };
  if (completed) doc['end_time'] = endTime;
  else doc['in_progress'] = true;
  doc['parent_id'] = subId;
  doc['inferred'] = true;
  if (isJsonObject(http)) doc['http'] = http;
  if (isJsonObject(aws)) doc['aws'] = aws;
  if (sub['error'] === true) doc['error'] = true;
  if (sub['throttle'] === true) doc['throttle'] = true;
  if (sub['fault'] === true) doc['fault'] = true;
  doc['trace_id'] = traceId;
  if (origin !== undefined) doc['origin'] = origin;
  return doc as unknown as XRaySegmentDocument;
}
