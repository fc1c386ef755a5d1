import { jsonObject, nonEmptyString } from '../../base/json.ts';
import type { Span } from '../../model/trace.ts';

/**
 * How X-Ray names the nodes of its service map (aws-reference.md §2–§3, Appendices B and C; the
 * X-Ray developer guide's "Getting data" and SDK pages):
 *
 * - an emitted segment is the node (segment `name`, `origin`): `orders-api/prod`
 *   AWS::ApiGateway::Stage, `orders-handler` AWS::Lambda and AWS::Lambda::Function;
 * - an inferred segment is named after the resource it reached: a DynamoDB table
 *   (AWS::DynamoDB::Table, `aws.table_name`), an SQS queue (AWS::SQS::Queue, from `aws.queue_url`),
 *   an S3 bucket (AWS::S3::Bucket, `aws.bucket_name`), a Lambda function (AWS::Lambda); calls that
 *   target no resource get the generic service node (`DynamoDB` AWS::DynamoDB, `SNS` AWS::SNS);
 * - an inferred segment without `origin` (a downstream HTTP call) is type `remote`;
 * - the caller of a root segment is a `client` node carrying the root's name.
 *
 * A segment without `origin` (an instrumented app that set none) has no type in X-Ray's API: the
 * API documents `Type` only for AWS resources and services, `client` and `remote`. It becomes type
 * `''` here, the same as a captured Service whose `Type` is missing, so both graphs key it alike.
 */

/** Types whose spelling we normalise (X-Ray's sampling rules spell `AWS::APIGateway::Stage`). */
const KNOWN_TYPES = [
  'client',
  'remote',
  'AWS::ApiGateway::Stage',
  'AWS::Lambda',
  'AWS::Lambda::Function',
  'AWS::DynamoDB',
  'AWS::DynamoDB::Table',
  'AWS::SQS',
  'AWS::SQS::Queue',
  'AWS::SNS',
  'AWS::S3',
  'AWS::S3::Bucket',
  'AWS::Events',
  'AWS::Kinesis',
  'AWS::STS',
  'AWS::EC2::Instance',
  'AWS::ECS::Container',
  'AWS::EKS::Container',
  'AWS::ElasticBeanstalk::Environment',
  'AWS::StepFunctions::StateMachine',
  'AWS::AppSync::GraphQLAPI',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
];
const CANONICAL_TYPE = new Map(KNOWN_TYPES.map((type) => [type.toLowerCase(), type]));

/**
 * Results kept for strings already seen: the same few types, queue URLs and function ARNs recur
 * in every trace. Bounded, as the strings are data; past the bound results are computed afresh.
 */
const MEMO_LIMIT = 1024;

function remembered(memo: Map<string, string | undefined>, key: string, compute: (key: string) => string | undefined): string | undefined {
  // One lookup for what is remembered (`has` first would hash and probe twice); `has` only for an undefined result.
  const known = memo.get(key);
  if (known !== undefined || memo.has(key)) return known;
  const value = compute(key);
  if (memo.size < MEMO_LIMIT) memo.set(key, value);
  return value;
}

const canonicalTypes = new Map<string, string | undefined>();
const canonicalOf = (type: string): string => CANONICAL_TYPE.get(type.toLowerCase()) ?? type;

/** A type in its canonical spelling; unknown types are returned unchanged. */
export function canonicalType(type: string): string {
  return remembered(canonicalTypes, type, canonicalOf) ?? type;
}

/** The stable key of a map node: `${type}|${name}`, the type in its canonical spelling. */
export function nodeKey(type: string, name: string): string {
  return `${canonicalType(type)}|${name}`;
}

export interface ServiceIdentity {
  readonly name: string;
  readonly type: string;
}

/** What an AWS SDK call reaches, as X-Ray infers it from the client's subsegment. */
export interface AwsCallTarget {
  /** `origin` of the inferred segment. */
  readonly origin: string;
  /** `name` of the inferred segment: the service (`DynamoDB`, `SNS`, `Lambda`…). */
  readonly segmentName: string;
}

/** Service names X-Ray SDKs give AWS call subsegments, by lower-cased name without separators. */
const AWS_SERVICE_NAMES = new Map<string, string>([
  ['dynamodb', 'DynamoDB'],
  ['sqs', 'SQS'],
  ['sns', 'SNS'],
  ['s3', 'S3'],
  ['lambda', 'Lambda'],
  ['events', 'Events'],
  ['eventbridge', 'Events'],
  ['cloudwatchevents', 'Events'],
  ['kinesis', 'Kinesis'],
  ['sts', 'STS'],
  ['sfn', 'StepFunctions'],
  ['stepfunctions', 'StepFunctions'],
]);

/** Service → resource type, and the `aws` field naming the resource. */
const RESOURCE_TYPES = new Map<string, string>([
  ['DynamoDB', 'AWS::DynamoDB::Table'],
  ['SQS', 'AWS::SQS::Queue'],
  ['S3', 'AWS::S3::Bucket'],
]);

const serviceNames = new Map<string, string | undefined>();
const serviceNameOf = (name: string): string => AWS_SERVICE_NAMES.get(name.toLowerCase().replace(/[^a-z0-9]/g, '')) ?? name;

export function awsServiceName(subsegmentName: string): string {
  return remembered(serviceNames, subsegmentName, serviceNameOf) ?? subsegmentName;
}

/**
 * The inferred node of an AWS SDK call subsegment (`namespace: "aws"`): DynamoDB with a table is
 * AWS::DynamoDB::Table, SQS with a queue AWS::SQS::Queue, S3 with a bucket AWS::S3::Bucket, a
 * Lambda Invoke AWS::Lambda; any other call the generic `AWS::<service>`.
 */
export function awsCallTarget(subsegmentName: string, aws: unknown): AwsCallTarget {
  const service = awsServiceName(subsegmentName);
  const resourceType = RESOURCE_TYPES.get(service);
  if (resourceType !== undefined && resourceNameOf(resourceType, aws) !== undefined) return { origin: resourceType, segmentName: service };
  if (service === 'Lambda') return { origin: 'AWS::Lambda', segmentName: service };
  return { origin: `AWS::${service}`, segmentName: service };
}

/** The resource an inferred segment of `type` names in its `aws` block, if it names one. */
export function resourceNameOf(type: string, aws: unknown): string | undefined {
  const fields = jsonObject(aws);
  if (fields === undefined) return undefined;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return nonEmptyString(fields['table_name']);
    case 'AWS::SQS::Queue':
      return lastPathSegment(nonEmptyString(fields['queue_url']));
    case 'AWS::S3::Bucket':
      return nonEmptyString(fields['bucket_name']);
    case 'AWS::Lambda': {
      const names = fields['resource_names'];
      const first = Array.isArray(names) ? names[0] : undefined;
      return functionName(nonEmptyString(fields['function_name']) ?? nonEmptyString(first));
    }
    default:
      return undefined;
  }
}

/**
 * The map node of a segment or inferred span (aws-reference.md §3): emitted segments by name and
 * origin; inferred ones by the resource they reached, `remote` when they have no origin.
 * Subsegments are not nodes; callers pass segment and inferred spans only.
 */
export function serviceIdentity(span: Span): ServiceIdentity {
  const type = canonicalType(span.origin ?? '');
  const inferred = span.inferred;
  return { name: nodeName(span, type, inferred), type: nodeType(type, inferred) };
}

/** The node type of a span whose origin, in canonical spelling, is `type` ('' for none): `remote` for an inferred span without one. */
export function nodeType(type: string, inferred: boolean): string {
  return inferred && type === '' ? 'remote' : type;
}

/** The node name of a span whose origin, in canonical spelling, is `type`: an inferred span's resource when it has an origin, else the span's name. */
export function nodeName(span: Span, type: string, inferred: boolean): string {
  return inferred && type !== '' ? inferredNodeName(type, span) : span.name;
}

/** Whether X-Ray infers a downstream node below a client subsegment of this `namespace` (an AWS SDK call or another remote call; see assembly/inferred-nodes.ts). */
export function infersDownstream(namespace: unknown): boolean {
  return namespace === 'aws' || namespace === 'remote';
}

/**
 * A span that knows its node name already: the assembler's spans read it from their document once,
 * at open (AssembledSpan.nodeResource), so naming a million spans parses no document again.
 */
interface NamedSpan extends Span {
  readonly nodeResource: string | undefined;
}

function isNamedSpan(span: Span): span is NamedSpan {
  return 'nodeResource' in span;
}

/** The name of an inferred span's node whose type (its canonical origin) is `type`: the resource it reached, else its own name. */
export function inferredNodeName(type: string, span: Span): string {
  if (isNamedSpan(span)) return span.nodeResource ?? span.name;
  return resourceNameOf(type, span.doc.aws) ?? span.name;
}

/** The account an `aws` block names: `account_id`, or `api_gateway.account_id`. */
export function awsAccount(aws: unknown): string | undefined {
  const fields = jsonObject(aws);
  return nonEmptyString(fields?.['account_id']) ?? nonEmptyString(jsonObject(fields?.['api_gateway'])?.['account_id']);
}

/** The account of a segment document: `aws.account_id`, `aws.api_gateway.account_id`, or the one in its `resource_arn`. */
export function documentAccount(doc: Readonly<Record<string, unknown>>): string | undefined {
  const own = awsAccount(doc['aws']);
  if (own !== undefined) return own;
  const arn = doc['resource_arn'];
  return typeof arn === 'string' ? remembered(arnAccounts, arn, arnAccountOf) : undefined;
}

const arnAccounts = new Map<string, string | undefined>();

function arnAccountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The host of an absolute URL (lower-cased, without user info and port), or undefined. */
export function urlHost(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const from = authorityStart(url);
  if (from < 0) return undefined;
  let to = from;
  while (to < url.length) {
    const c = url.charCodeAt(to);
    if (c === 0x2f || c === 0x3f || c === 0x23) break; // `/` `?` `#` end the authority
    to++;
  }
  let authority = url.slice(from, to);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : withoutPort(authority);
  return host === '' ? undefined : host.toLowerCase();
}

/**
 * Where the authority starts in `scheme://authority…` (the scheme a letter, then letters, digits,
 * `+`, `-` or `.`, as RFC 3986 spells it), or -1. URLs are scanned by hand rather than with regular
 * expressions: every remote call of a million-span open names its host through urlHost (the
 * expressions were 0.13 s of the 1,020,000-span open's worker profile in Chromium).
 */
function authorityStart(url: string): number {
  if (url.length === 0 || !isAsciiLetter(url.charCodeAt(0))) return -1;
  let i = 1;
  for (; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (!isAsciiLetter(c) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e) break;
  }
  return url.startsWith('://', i) ? i + 3 : -1;
}

/** `host:8080` → `host` (and `host:` → `host`): a last `:` followed by digits only, or none. */
function withoutPort(authority: string): string {
  const colon = authority.lastIndexOf(':');
  if (colon < 0) return authority;
  for (let i = colon + 1; i < authority.length; i++) {
    const c = authority.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return authority;
  }
  return authority.slice(0, colon);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

const lastSegments = new Map<string, string | undefined>();

/** `https://sqs.us-east-1.amazonaws.com/123456789012/orders` → `orders`. */
function lastPathSegment(url: string | undefined): string | undefined {
  return url === undefined ? undefined : remembered(lastSegments, url, lastSegmentOf);
}

function lastSegmentOf(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const parts = path.split('/').filter((part) => part !== '');
  return parts[parts.length - 1];
}

/** A Lambda function ARN (`arn:aws:lambda:us-east-1:123:function:name[:qualifier]`) → its name. */
export function functionName(nameOrArn: string | undefined): string | undefined {
  return nameOrArn === undefined ? undefined : remembered(functionNames, nameOrArn, functionNameOf);
}

const functionNames = new Map<string, string | undefined>();

function functionNameOf(nameOrArn: string): string {
  const match = /(?:^|:)function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/**
 * The node X-Ray infers below a client subsegment: for an `aws` call its target (awsCallTarget),
 * otherwise the host of its `http.request.url` (the subsegment's own name when there is none), with
 * no origin. One definition for the assembler's added documents and the span store's columns.
 */
export function inferredNodeOf(subsegmentName: string, namespace: unknown, aws: unknown, http: unknown): { readonly name: string; readonly origin: string | undefined } {
  if (namespace === 'aws') {
    const target = awsCallTarget(subsegmentName, aws);
    return { name: target.segmentName, origin: target.origin };
  }
  const request = jsonObject(http)?.['request'];
  return { name: urlHost(jsonObject(request)?.['url']) ?? subsegmentName, origin: undefined };
}
