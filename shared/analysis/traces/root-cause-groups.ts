import type { RootCause, RootCauseKind } from './root-cause.ts';

/**
 * Grouping of traces by root cause, like X-Ray Analytics: a fault or error root cause is the
 * service that caused it and the exception it recorded (the first exception of the deepest
 * entity that has one); a response-time root cause is the service and the deepest entity of its
 * path. A trace with several root causes counts in each of its groups.
 */
export interface RootCauseGroup {
  /** Stable identity of the group (JSON text), usable in a URL. */
  readonly key: string;
  readonly kind: RootCauseKind;
  readonly service: string;
  readonly type: string;
  /** Entity names from the service's segment down to the one that carries the cause. */
  readonly path: readonly string[];
  /** Exception type (fault/error), or undefined when none was recorded. */
  readonly exception: string | undefined;
  /** The first message seen for that exception. */
  readonly message: string | undefined;
  /** Traces in the group. */
  readonly count: number;
}

type GroupIdentity = Omit<RootCauseGroup, 'count'>;

/** The distinct groups of one trace's root causes of a kind. */
export function rootCauseIdentities(causes: readonly RootCause[], kind: RootCauseKind): GroupIdentity[] {
  const out: GroupIdentity[] = [];
  for (const cause of causes) {
    for (const service of cause.services) {
      const path = service.entityPath.map((entity) => entity.name);
      let exception: string | undefined;
      let message: string | undefined;
      if (kind !== 'responsetime') {
        for (let e = service.entityPath.length - 1; e >= 0 && exception === undefined; e--) {
          const first = service.entityPath[e]!.exceptions[0];
          if (first) {
            exception = first.name;
            message = first.message || undefined;
          }
        }
      }
      const leaf = kind === 'responsetime' ? (path[path.length - 1] ?? '') : (exception ?? '');
      const key = JSON.stringify([kind, service.type, service.name, leaf]);
      if (!out.some((identity) => identity.key === key)) out.push({ key, kind, service: service.name, type: service.type, path, exception, message });
    }
  }
  return out;
}

/** Groups of the given traces, most traces first (then by service name and exception). */
export function groupRootCauses(indices: ArrayLike<number>, causesOf: (index: number) => readonly RootCause[], kind: RootCauseKind): RootCauseGroup[] {
  const groups = new Map<string, { identity: GroupIdentity; count: number }>();
  for (let n = 0; n < indices.length; n++) {
    for (const identity of rootCauseIdentities(causesOf(indices[n]!), kind)) {
      const group = groups.get(identity.key);
      if (group) group.count++;
      else groups.set(identity.key, { identity, count: 1 });
    }
  }
  return [...groups.values()]
    .map(({ identity, count }) => ({ ...identity, count }))
    .sort((a, b) => b.count - a.count || a.service.localeCompare(b.service) || (a.exception ?? '').localeCompare(b.exception ?? '') || (a.key < b.key ? -1 : 1));
}

/** True when one of the trace's root causes of `kind` is in the group `key`. */
export function hasRootCause(causes: readonly RootCause[], kind: RootCauseKind, key: string): boolean {
  return rootCauseIdentities(causes, kind).some((identity) => identity.key === key);
}
