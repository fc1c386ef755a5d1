import type { ChangeEvent } from '../../model/change-event.ts';
import { isJsonObject, ownString } from '../../base/json.ts';
import { parseFunctionName } from '../../dataset/index.ts';
import { changesByNode, type JoinableNode } from './node-changes.ts';

/** A node an event joined (its key), and the join key that did it. */
export interface EventJoin {
  readonly node: string;
  readonly by: string;
}

/** The functions each IAM role runs, from the Lambda events' `role` (aws-reference.md §6: roleName joins through the function's role). */
function roleFunctions(events: readonly ChangeEvent[]): Map<string, Set<string>> {
  const byRole = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.eventSource !== 'lambda.amazonaws.com') continue;
    for (const part of [event.record['responseElements'], event.record['requestParameters']]) {
      if (!isJsonObject(part)) continue;
      const role = ownString(part, 'role');
      const fn = parseFunctionName(ownString(part, 'functionName') ?? ownString(part, 'functionArn') ?? '')?.name;
      const roleName = role?.slice(role.lastIndexOf('/') + 1);
      if (roleName === undefined || roleName === '' || fn === undefined) continue;
      let functions = byRole.get(roleName);
      if (functions === undefined) byRole.set(roleName, (functions = new Set()));
      functions.add(fn);
    }
  }
  return byRole;
}

/**
 * Every node each event joined, and how (`by`: the join key used): the joins of changesByNode, and
 * a role's changes joined to the functions that run as the role. Suspects rank by them; the
 * Changes table filters by them.
 */
export function eventJoins(nodes: readonly JoinableNode[], events: readonly ChangeEvent[], arns: ReadonlyMap<string, readonly string[]>): Map<string, EventJoin[]> {
  const joins = new Map<string, EventJoin[]>();
  const add = (eventId: string, node: string, by: string): void => {
    let list = joins.get(eventId);
    if (list === undefined) joins.set(eventId, (list = []));
    if (!list.some((join) => join.node === node)) list.push({ node, by });
  };
  for (const [node, changes] of changesByNode(nodes, events, arns)) for (const change of changes) add(change.eventId, node, change.matchedBy);
  const functions = roleFunctions(events);
  for (const event of events) {
    for (const key of event.change?.joinKeys ?? []) {
      if (key.kind !== 'roleName') continue;
      for (const fn of functions.get(key.value) ?? []) {
        for (const node of nodes) if (node.type.startsWith('AWS::Lambda') && node.name === fn) add(event.eventId, node.key, `roleName=${key.value}, the role of function ${fn}`);
      }
    }
  }
  return joins;
}
