import { describe, expect, it } from 'vitest';
import { generateIncident, toSnapshotContent } from '../../generator/index.ts';
import { buildDataset } from '../build-dataset.ts';
import { serviceIdentity } from './service-naming.ts';
import { SpanNodes } from './span-nodes.ts';

describe('SpanNodes', () => {
  it('names every segment and inferred span of an incident as serviceIdentity does, making each node once per origin spelling', () => {
    const dataset = buildDataset(toSnapshotContent(generateIncident({ seed: 11, tracesPerMinute: 20, minutes: 10, changeMinute: 5 })));
    const made: string[] = [];
    const keys = new Map<string, string>();
    const nodes = new SpanNodes<string>((type, name) => {
      const key = `${type}|${name}`;
      made.push(key);
      if (!keys.has(key)) keys.set(key, key);
      return keys.get(key)!;
    });
    let spans = 0;
    for (const trace of dataset.traces) {
      for (const span of trace.spans) {
        if (span.kind === 'subsegment') continue;
        spans++;
        const { type, name } = serviceIdentity(span);
        expect(nodes.nodeOf(span)).toBe(`${type}|${name}`);
      }
    }
    // The demo's origins have one spelling each, so each node is made exactly once.
    expect(spans).toBeGreaterThan(500);
    expect(made.length).toBe(keys.size);
    // The demo system (README): an API Gateway stage, the Lambda service and function, DynamoDB, SQS, SNS and an external HTTP API.
    expect([...keys.keys()].sort()).toEqual([
      'AWS::ApiGateway::Stage|orders-api/prod',
      'AWS::DynamoDB::Table|Orders',
      'AWS::Lambda::Function|orders-handler',
      'AWS::Lambda|orders-handler',
      'AWS::SNS|SNS',
      'AWS::SQS::Queue|order-events',
      'remote|api.payments.example.com',
    ]);
  });
});
