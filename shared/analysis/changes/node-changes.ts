import type { ChangeEvent } from '../../model/change-event.ts';
import { functionName } from '../../dataset/index.ts';

/**
 * Configuration changes (CloudTrail events with `change`, aws-reference.md §6) joined to service
 * map nodes, for the "changed in the window" badge. A simple, explainable match: a join key
 * matches a node when its value — or the last `:`/`/` part of it (a queue URL's queue, an ARN's
 * resource; a function ARN's function) — equals the node's name, one of its names, one of its segments' resource ARNs, or a
 * part of such an ARN's resource (the REST API id in a stage's ARN, the function in a function's
 * ARN). `stageName` alone is too common (`prod`) to join on. Client nodes are not resources.
 */
export interface NodeChange {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly user: string | undefined;
  /** `kind=value` of the join key that matched. */
  readonly matchedBy: string;
}

export interface JoinableNode {
  readonly key: string;
  readonly name: string;
  readonly type: string;
  readonly names: readonly string[];
}

const IGNORED_KINDS = new Set(['stageName']);
/** Changes listed per node; the badge counts them all. */
export const MAX_CHANGES_PER_NODE = 50;

export function changesByNode(nodes: readonly JoinableNode[], events: readonly ChangeEvent[], arns: ReadonlyMap<string, readonly string[]>): Map<string, readonly NodeChange[]> {
  const index = new Map<string, Set<string>>();
  const add = (identifier: string, key: string): void => {
    if (identifier === '') return;
    let keys = index.get(identifier);
    if (keys === undefined) {
      keys = new Set();
      index.set(identifier, keys);
    }
    keys.add(key);
  };
  for (const node of nodes) {
    if (node.type === 'client') continue;
    add(node.name, node.key);
    for (const name of node.names) add(name, node.key);
    for (const arn of arns.get(node.key) ?? []) {
      add(arn, node.key);
      for (const part of arnResourceParts(arn)) add(part, node.key);
    }
  }
  const found = new Map<string, NodeChange[]>();
  for (const event of events) {
    const change = event.change;
    if (change === undefined) continue;
    const matched = new Map<string, string>();
    for (const joinKey of change.joinKeys) {
      if (IGNORED_KINDS.has(joinKey.kind) || typeof joinKey.value !== 'string') continue;
      for (const candidate of candidatesOf(joinKey.value)) {
        for (const key of index.get(candidate) ?? []) if (!matched.has(key)) matched.set(key, `${joinKey.kind}=${joinKey.value}`);
      }
    }
    for (const [key, matchedBy] of matched) {
      let list = found.get(key);
      if (list === undefined) {
        list = [];
        found.set(key, list);
      }
      list.push({ eventId: event.eventId, eventName: event.eventName, eventSource: event.eventSource, time: event.time, user: event.user, matchedBy });
    }
  }
  for (const list of found.values()) list.sort((a, b) => a.time - b.time || (a.eventId < b.eventId ? -1 : 1));
  return found;
}

/**
 * The value, its last part after `:` or `/` (queue URL → queue, ARN → resource name), and a
 * Lambda function ARN's function name (`…:function:name:qualifier` → `name`).
 */
function candidatesOf(value: string): string[] {
  const trimmed = value.replace(/[/:]+$/, '');
  const lastSlash = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const lastColon = trimmed.slice(trimmed.lastIndexOf(':') + 1);
  const fn = /(?:^|:)function:/.test(value) ? functionName(value) : undefined;
  return [...new Set([value, lastSlash, lastColon, fn ?? ''])].filter((candidate) => candidate !== '');
}

/** `arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod` → `restapis`, `abc`, `stages`, `prod`. */
function arnResourceParts(arn: string): string[] {
  const fields = arn.split(':');
  if (fields.length < 6 || fields[0] !== 'arn') return [];
  return fields
    .slice(5)
    .join(':')
    .split(/[/:]/)
    .filter((part) => part !== '');
}
