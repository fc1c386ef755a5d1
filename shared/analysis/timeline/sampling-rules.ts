import type { Trace } from '../../model/trace.ts';
import type { XRaySamplingRule, XRaySamplingRuleRecord } from '../../model/xray.ts';
import { jsonObject, ownString } from '../../base/json.ts';
import { nodeKey, serviceIdentity, urlHost } from '../../dataset/index.ts';
import { wildcardMatch } from './wildcard.ts';

/**
 * Which X-Ray sampling rule applies to each service of the map (docs/timeline.md, "Sampling
 * rules"). Services evaluate the rules in ascending Priority (ties by rule name) and the first
 * whose match fields all match the request decides: `ReservoirSize` requests a second, then
 * `FixedRate` of the rest (aws-reference.md §2). The request facts are the ones each completed
 * segment of the node records: the node's name and type, the host, method and path of
 * `http.request`, and the segment's `resource_arn`. A fact the segment does not record matches
 * only `*`. A rule that matches on `Attributes` (request headers and the like, which segments do
 * not record) cannot be decided from the traces: it is named as a rule that may apply first.
 *
 * Only the service where a trace starts makes the decision; the services it calls follow the
 * decision the request brings (the `Sampled` flag of the tracing header), so for them the rule is
 * what would apply to a request arriving without one (`decides: false`).
 */

/** What the view shows of a rule. */
export interface SamplingRuleInfo {
  readonly name: string;
  readonly priority: number;
  readonly reservoir: number;
  readonly fixedRate: number;
  readonly arn: string | undefined;
}

export interface RuleShare {
  readonly rule: SamplingRuleInfo;
  /** Traced requests of the node this rule matched, and their share of the node's. */
  readonly requests: number;
  readonly share: number;
}

export interface ServiceSampling {
  /** The map node's key (`type|name`), name and type. */
  readonly node: string;
  readonly name: string;
  readonly type: string;
  /** Completed segments of the node: its traced requests (the map's count). */
  readonly requests: number;
  /**
   * The requests whose rule was found: all of them, unless its rules depend on the request and
   * the snapshot has more than MAX_READ_TRACES traces; then those of an even sample of the traces.
   * Shares are of these.
   */
  readonly matched: number;
  /** The rules that matched its requests, most requests first (then by evaluation order). */
  readonly matches: readonly RuleShare[];
  /** Requests no rule matched (a rule set without `Default`). */
  readonly unmatched: number;
  /** Rules tried before the match on some request that test attributes the traces do not record: any of them may apply instead. */
  readonly undecided: readonly string[];
  /** The node starts traces: its sampling decision is the trace's. Otherwise it follows its caller's. */
  readonly decides: boolean;
  /** `aws.xray.sampling_rule_name` as the segments record it (API Gateway writes it), with the requests of each. */
  readonly recorded: readonly { readonly name: string; readonly requests: number }[];
  /** Whether the recorded rules are the matched ones, request for request (undefined when none is recorded). */
  readonly recordedAgrees: boolean | undefined;
}

/** The rules in evaluation order, and per service which of them apply. */
export interface SamplingMatch {
  readonly rules: readonly SamplingRuleInfo[];
  readonly services: readonly ServiceSampling[];
}

/** The facts of one request a rule is matched against; undefined where the segment does not say. */
export interface RequestFacts {
  readonly serviceName: string;
  readonly serviceType: string;
  readonly host: string | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly resourceArn: string | undefined;
}

/**
 * Traces whose segments are read at most (an even sample of the rest): a request's facts are in
 * its segment document, parsed again from its text when asked, about 50 µs a segment (24,000
 * traces of the generator's, 3 nodes a trace to read: 1.5–2.5 s of CPU for 20,000 traces, 0.8 s
 * for 5,000). 5,000 requests put a share within about ±1.4 points (two standard errors). Nodes
 * whose rules do not depend on the request are counted exactly without reading anything.
 */
export const MAX_READ_TRACES = 5_000;

const STAGE_TYPE = 'AWS::ApiGateway::Stage';

export interface OrderedRule {
  readonly rule: XRaySamplingRule;
  readonly info: SamplingRuleInfo;
  /** It tests attributes a segment does not record. */
  readonly undecidable: boolean;
}

/** The rules X-Ray would evaluate, in its order: ascending Priority, ties by name. Rules of another format Version are left out. */
export function orderedRules(records: readonly XRaySamplingRuleRecord[]): OrderedRule[] {
  const rules: OrderedRule[] = [];
  for (const record of records) {
    const rule = record.SamplingRule;
    if (typeof rule?.RuleName !== 'string' || typeof rule.Priority !== 'number') continue;
    if (rule.Version !== undefined && rule.Version !== 1) continue;
    const attributes = jsonObject(rule.Attributes) ?? {};
    const undecidable = Object.values(attributes).some((value) => typeof value !== 'string' || !/^\**$/.test(value));
    rules.push({
      rule,
      info: { name: rule.RuleName, priority: rule.Priority, reservoir: Number(rule.ReservoirSize ?? 0), fixedRate: Number(rule.FixedRate ?? 0), arn: typeof rule.RuleARN === 'string' ? rule.RuleARN : undefined },
      undecidable,
    });
  }
  return rules.sort((a, b) => a.info.priority - b.info.priority || (a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0));
}

/** A rule field against a request fact: an absent field is `*` (the API requires each); an unknown fact matches only `*`. */
function fieldMatches(pattern: unknown, value: string | undefined): boolean {
  if (typeof pattern !== 'string') return true;
  if (value === undefined) return /^\**$/.test(pattern);
  return wildcardMatch(pattern, value);
}

/** Whether every match field of the rule matches the request (attributes aside). */
export function ruleMatches(rule: XRaySamplingRule, facts: RequestFacts): boolean {
  return (
    fieldMatches(rule.ServiceName, facts.serviceName) &&
    // Rules spell the stage's type AWS::APIGateway::Stage, segments AWS::ApiGateway::Stage (aws-reference.md §3): matching ignores case.
    fieldMatches(rule.ServiceType, facts.serviceType) &&
    fieldMatches(rule.Host, facts.host) &&
    fieldMatches(rule.HTTPMethod, facts.method) &&
    fieldMatches(rule.URLPath, facts.path) &&
    fieldMatches(rule.ResourceARN, facts.resourceArn)
  );
}

/** A field that matches any request fact, known or not (absent, or only `*`). */
function matchesAnything(pattern: unknown): boolean {
  return typeof pattern !== 'string' || /^\**$/.test(pattern);
}

/** The rule of every request of a node, when it does not depend on the request: undefined when it does. */
interface NodePlan {
  /** The rule's index, -1 for none. */
  readonly rule: number;
  readonly undecided: readonly number[];
}

function planFor(rules: readonly OrderedRule[], name: string, type: string): NodePlan | undefined {
  const undecided: number[] = [];
  for (let r = 0; r < rules.length; r++) {
    const { rule, undecidable } = rules[r]!;
    if (!fieldMatches(rule.ServiceName, name) || !fieldMatches(rule.ServiceType, type)) continue;
    if (!matchesAnything(rule.Host) || !matchesAnything(rule.HTTPMethod) || !matchesAnything(rule.URLPath) || !matchesAnything(rule.ResourceARN)) return undefined;
    if (undecidable) undecided.push(r);
    else return { rule: r, undecided };
  }
  return { rule: -1, undecided };
}

/** The path of a URL (`/prod/orders`), without query or fragment; undefined for no URL. */
export function urlPath(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  const scheme = url.indexOf('://');
  const from = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (from < 0) return '/';
  let to = from;
  while (to < url.length && url[to] !== '?' && url[to] !== '#') to++;
  return url.slice(from, to) || '/';
}

interface NodeTally {
  readonly name: string;
  readonly type: string;
  requests: number;
  /** Requests not read (outside the sample), when the node's rules depend on the request. */
  unread: number;
  unmatched: number;
  decides: boolean;
  /** undefined: every request must be read (its rules depend on it, or it is a stage, whose segments record the rule). */
  readonly plan: NodePlan | undefined;
  readonly byRule: Map<number, number>;
  readonly undecided: Set<number>;
  readonly recorded: Map<string, number>;
}

/**
 * The rule of every completed, emitted segment of the traces, tallied per map node. Inferred nodes
 * run no sampler and are left out. Segments are read only where the rules depend on the request
 * (and for stages, whose segments record the rule), from at most `maxReadTraces` traces.
 */
export function matchSamplingRules(traces: readonly Trace[], records: readonly XRaySamplingRuleRecord[], maxReadTraces = MAX_READ_TRACES): SamplingMatch {
  const rules = orderedRules(records);
  const nodes = new Map<string, NodeTally>();
  const stride = traces.length <= maxReadTraces ? 1 : Math.ceil(traces.length / maxReadTraces);
  for (let t = 0; t < traces.length; t++) {
    const { spans, parent } = traces[t]!;
    const readable = t % stride === 0;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (span.kind !== 'segment' || span.inferred || span.end === undefined) continue;
      const { name, type } = serviceIdentity(span);
      const key = nodeKey(type, name);
      let node = nodes.get(key);
      if (node === undefined) {
        const plan = type === STAGE_TYPE ? undefined : planFor(rules, name, type);
        nodes.set(key, (node = { name, type, requests: 0, unread: 0, unmatched: 0, decides: false, plan, byRule: new Map(), undecided: new Set(plan?.undecided ?? []), recorded: new Map() }));
      }
      node.requests += 1;
      if (parent[i]! < 0) node.decides = true;
      if (node.plan !== undefined) {
        if (node.plan.rule < 0) node.unmatched += 1;
        else node.byRule.set(node.plan.rule, (node.byRule.get(node.plan.rule) ?? 0) + 1);
        continue;
      }
      if (!readable) {
        node.unread += 1;
        continue;
      }
      const doc = span.doc;
      const request = jsonObject(jsonObject(doc.http)?.request);
      const url = request?.url;
      const facts: RequestFacts = {
        serviceName: name,
        serviceType: type,
        host: urlHost(url),
        method: ownString(request ?? {}, 'method'),
        path: urlPath(url),
        resourceArn: ownString(doc, 'resource_arn'),
      };
      const recordedName = ownString(jsonObject(jsonObject(doc.aws)?.xray) ?? {}, 'sampling_rule_name');
      if (recordedName !== undefined) node.recorded.set(recordedName, (node.recorded.get(recordedName) ?? 0) + 1);
      let matched = -1;
      for (let r = 0; r < rules.length; r++) {
        const candidate = rules[r]!;
        if (!ruleMatches(candidate.rule, facts)) continue;
        if (candidate.undecidable) {
          node.undecided.add(r);
          continue;
        }
        matched = r;
        break;
      }
      if (matched < 0) node.unmatched += 1;
      else node.byRule.set(matched, (node.byRule.get(matched) ?? 0) + 1);
    }
  }
  const services: ServiceSampling[] = [];
  for (const [key, node] of nodes) {
    const matches = [...node.byRule]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([r, requests]) => ({ rule: rules[r]!.info, requests, share: requests / (node.requests - node.unread) }));
    services.push({
      node: key,
      name: node.name,
      type: node.type,
      requests: node.requests,
      matched: node.requests - node.unread,
      matches,
      unmatched: node.unmatched,
      undecided: [...node.undecided].sort((a, b) => a - b).map((r) => rules[r]!.info.name),
      decides: node.decides,
      recorded: [...node.recorded].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, requests]) => ({ name, requests })),
      recordedAgrees: node.recorded.size === 0 ? undefined : node.recorded.size === matches.length && matches.every((m) => node.recorded.get(m.rule.name) === m.requests),
    });
  }
  services.sort((a, b) => b.requests - a.requests || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  return { rules: rules.map((r) => r.info), services };
}

/**
 * The share of `counted` requests (per bucket of `stepSeconds`) a rule would trace if all of them
 * went through it: per bucket the reservoir's `reservoir × step` first, then `fixedRate` of the
 * rest. An upper bound of the reservoir's part: it is per second and shared by every service using
 * the rule, and a bucket's requests do not come one per second. Undefined without counted requests.
 */
export function expectedRate(rule: Pick<SamplingRuleInfo, 'reservoir' | 'fixedRate'>, counted: ArrayLike<number>, stepSeconds: number): number | undefined {
  let total = 0;
  let traced = 0;
  for (let b = 0; b < counted.length; b++) {
    const c = counted[b]!;
    if (!(c > 0)) continue;
    const reserved = Math.min(c, rule.reservoir * stepSeconds);
    total += c;
    traced += reserved + rule.fixedRate * (c - reserved);
  }
  return total > 0 ? traced / total : undefined;
}
