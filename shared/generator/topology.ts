import type { Random } from './random.ts';

/**
 * The names and identifiers of the generated system: an API Gateway REST stage in front of one
 * Lambda function that writes to a DynamoDB table, sends to an SQS queue, publishes to an SNS
 * topic and calls an external payments API. The names are fixed; the ids come from the seed.
 */
export interface Topology {
  readonly region: string;
  readonly accountId: string;
  readonly apiName: string;
  readonly stage: string;
  readonly restApiId: string;
  /** `arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}` */
  readonly stageArn: string;
  /** `https://{id}.execute-api.{region}.amazonaws.com` */
  readonly invokeOrigin: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly tableName: string;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly topicName: string;
  readonly topicArn: string;
  readonly externalHost: string;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** An API Gateway REST API id: 10 lowercase letters and digits. */
export function restApiIdFrom(random: Random): string {
  return random.chars(10, LOWER_ALNUM);
}

export function createTopology(random: Random, region: string, accountId: string): Topology {
  const apiName = 'orders-api';
  const stage = 'prod';
  const restApiId = restApiIdFrom(random);
  const functionName = 'orders-handler';
  const roleName = 'orders-handler-role';
  const queueName = 'order-events';
  const topicName = 'order-notifications';
  return {
    region,
    accountId,
    apiName,
    stage,
    restApiId,
    stageArn: `arn:aws:apigateway:${region}::/restapis/${restApiId}/stages/${stage}`,
    invokeOrigin: `https://${restApiId}.execute-api.${region}.amazonaws.com`,
    functionName,
    functionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    roleName,
    roleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
    tableName: 'Orders',
    queueName,
    queueUrl: `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}`,
    topicName,
    topicArn: `arn:aws:sns:${region}:${accountId}:${topicName}`,
    externalHost: 'api.payments.example.com',
  };
}

/** X-Ray ids (aws-reference.md §3): `1-{8 hex epoch seconds}-{24 hex}` and 16-hex segment ids. */
export function traceIdAt(random: Random, epochSeconds: number): string {
  return `1-${Math.floor(epochSeconds).toString(16).padStart(8, '0')}-${random.hex(24)}`;
}

export function segmentId(random: Random): string {
  return random.hex(16);
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE64ISH = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** DynamoDB request ids are 52 uppercase letters and digits. */
export function dynamoRequestId(random: Random): string {
  return random.chars(52, UPPER_ALNUM);
}

/** API Gateway's `extended_request_id`, e.g. `XyZ1aGhIoAMEb7Q=`. */
export function extendedRequestId(random: Random): string {
  return `${random.chars(15, BASE64ISH)}=`;
}
