import type { XRaySamplingRuleRecord } from '../model/index.ts';

/**
 * The generated system's X-Ray sampling rules, as GetSamplingRules returns them (aws-reference.md
 * §2): X-Ray's `Default` (priority 10000, one request a second and 5 % of the rest), and custom
 * rules that trace every request of the orders stage — writes (POST) by one rule, reads (GET of
 * /orders…) by another — which is why the demo's traces count as many requests as API Gateway's
 * Count. A health-check rule traces nothing and matches no generated request.
 */
export interface SamplingRulesInput {
  readonly region: string;
  readonly accountId: string;
  readonly apiName: string;
  readonly stage: string;
  /** Epoch seconds: rules were last edited a day before it. */
  readonly windowStart: number;
}

const WRITES = 'orders-api-writes';
const READS = 'orders-api-reads';

/** The rule that samples a request of the stage by its method (what API Gateway writes in `aws.xray.sampling_rule_name`). */
export function stageRuleName(method: string): string {
  return method === 'POST' ? WRITES : READS;
}

interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly reservoir: number;
  readonly fixedRate: number;
  readonly serviceName?: string;
  readonly serviceType?: string;
  readonly method?: string;
  readonly path?: string;
}

export function generateSamplingRules(input: SamplingRulesInput): XRaySamplingRuleRecord[] {
  const { region, accountId, apiName, stage, windowStart } = input;
  const specs: RuleSpec[] = [
    { name: 'health-checks', priority: 50, reservoir: 0, fixedRate: 0, method: 'GET', path: '/*/health' },
    { name: WRITES, priority: 100, reservoir: 10, fixedRate: 1, serviceName: `${apiName}/*`, serviceType: 'AWS::APIGateway::Stage', method: 'POST' },
    { name: READS, priority: 200, reservoir: 5, fixedRate: 1, serviceName: `${apiName}/${stage}`, method: 'GET', path: `/${stage}/orders*` },
    { name: 'Default', priority: 10000, reservoir: 1, fixedRate: 0.05 },
  ];
  const edited = windowStart - 86_400;
  return specs.map((spec) => ({
    SamplingRule: {
      RuleName: spec.name,
      // X-Ray's own Default rule has no account in its ARN (as in the developer guide's example).
      RuleARN: spec.name === 'Default' ? `arn:aws:xray:${region}::sampling-rule/Default` : `arn:aws:xray:${region}:${accountId}:sampling-rule/${spec.name}`,
      ResourceARN: '*',
      Priority: spec.priority,
      FixedRate: spec.fixedRate,
      ReservoirSize: spec.reservoir,
      ServiceName: spec.serviceName ?? '*',
      ServiceType: spec.serviceType ?? '*',
      Host: '*',
      HTTPMethod: spec.method ?? '*',
      URLPath: spec.path ?? '*',
      Version: 1,
      Attributes: {},
    },
    CreatedAt: spec.name === 'Default' ? 0 : edited - 86_400 * 30,
    ModifiedAt: edited,
  }));
}
