import type { FilterScope } from './ast.ts';

/**
 * The simple keywords of the filter language (aws-reference.md §4) and where each can be used.
 * Top-level keywords look at the trace's root (its entry segment) — except `user`,
 * `resource.arn`, `instance.id` and `availabilityzone`, which look at every segment. In a
 * `service()`/`edge()` block they look at the node's segments; in a `rootcause` block at the
 * root cause's services, entities or exceptions.
 */
export type KeywordType = 'boolean' | 'number' | 'string';

export interface KeywordSpec {
  readonly type: KeywordType;
  readonly scopes: readonly FilterScope[];
  /** Said when the keyword is used outside its scopes. */
  readonly where: string;
}

const TOP_AND_NODE: readonly FilterScope[] = ['trace', 'node'];
const ROOT_CAUSE: readonly FilterScope[] = ['rootcause.service', 'rootcause.entity', 'rootcause.exception'];
const TOP_NODE_TEXT = 'at the top level or inside service() and edge() blocks';
const IN_ROOT_CAUSE = 'inside rootcause blocks';

export const KEYWORDS: ReadonlyMap<string, KeywordSpec> = new Map<string, KeywordSpec>([
  ['ok', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['error', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['throttle', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['fault', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['partial', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['inferred', { type: 'boolean', scopes: ['trace', 'node', 'rootcause.service'], where: 'at the top level, in service()/edge() blocks and in rootcause.*.service blocks' }],
  ['root', { type: 'boolean', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['first', { type: 'boolean', scopes: ROOT_CAUSE, where: IN_ROOT_CAUSE }],
  ['last', { type: 'boolean', scopes: ROOT_CAUSE, where: IN_ROOT_CAUSE }],
  ['remote', { type: 'boolean', scopes: ROOT_CAUSE, where: IN_ROOT_CAUSE }],
  ['duration', { type: 'number', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['responsetime', { type: 'number', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['http.status', { type: 'number', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['index', { type: 'number', scopes: ROOT_CAUSE, where: IN_ROOT_CAUSE }],
  ['coverage', { type: 'number', scopes: ['rootcause.service', 'rootcause.entity'], where: 'inside rootcause.responsetime.service and rootcause.responsetime.entity blocks' }],
  ['http.url', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['http.method', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['http.useragent', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['http.clientip', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['user', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['name', { type: 'string', scopes: ['trace', 'node', ...ROOT_CAUSE], where: 'anywhere' }],
  ['type', { type: 'string', scopes: ['trace', 'node', 'rootcause.service', 'rootcause.exception'], where: 'at the top level, in service()/edge() blocks and in rootcause service and exception blocks' }],
  ['message', { type: 'string', scopes: ['rootcause.entity', 'rootcause.exception'], where: 'inside rootcause entity and exception blocks' }],
  ['availabilityzone', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['instance.id', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
  ['resource.arn', { type: 'string', scopes: TOP_AND_NODE, where: TOP_NODE_TEXT }],
]);

export const NUMBER_OPS = ['=', '!=', '<', '<=', '>', '>='] as const;
export const STRING_OPS = ['=', '!=', 'contains', 'beginswith', 'endswith'] as const;

/** Words that are operators or literals, never keywords. */
export const RESERVED = new Set(['and', 'or', 'not', 'contains', 'beginswith', 'endswith', 'true', 'false']);

/** The closest keyword to a misspelt one (edit distance ≤ 2), for "did you mean". */
export function closestKeyword(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of [...KEYWORDS.keys(), 'service', 'edge', 'annotation', 'rootcause', 'group.name', 'id']) {
    const distance = editDistance(word, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
