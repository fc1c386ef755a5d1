import { jsonObject, jsonString } from '../../base/json.ts';
import type { Span } from '../../model/trace.ts';
import type { RootCause, RootCauseEntity, RootCauseException, RootCauseService } from './root-cause.ts';
import { SpanBit, type NodeIndex } from './node-index.ts';
import { TraceFlag, type TraceTable } from './trace-table.ts';

/**
 * How each keyword reads its value in each scope. A string keyword gives one value, none, or
 * several (`user` over every segment, the messages of an entity's exceptions); a comparison is
 * true when some value satisfies it. Numbers are NaN when absent.
 */
export type StringValues = string | undefined | readonly string[];

export interface ScopeAccess<C> {
  boolean(keyword: string): (context: C) => boolean;
  number(keyword: string): (context: C) => number;
  string(keyword: string): (context: C) => StringValues;
}

/** A root-cause block's context; entity and exception are set for the levels that have them. */
export interface RootCauseContext {
  cause: RootCause;
  service: RootCauseService;
  serviceIndex: number;
  entity: RootCauseEntity | undefined;
  entityIndex: number;
  exception: RootCauseException | undefined;
  exceptionIndex: number;
}

function unknownKeyword(keyword: string, scope: string): never {
  // The parser checks keywords against their scopes; reaching this is a bug, not bad input.
  throw new Error(`No ${scope} accessor for '${keyword}'`);
}

/** Top-level keywords read the table's columns at the trace's index. */
export function traceAccess(table: TraceTable): ScopeAccess<number> {
  const { flags, duration, responseTime, httpStatus } = table;
  return {
    boolean(keyword) {
      switch (keyword) {
        case 'ok':
          return (i) => (flags[i]! & (TraceFlag.fault | TraceFlag.error)) === 0;
        case 'error':
          return (i) => (flags[i]! & TraceFlag.error) !== 0;
        case 'throttle':
          return (i) => (flags[i]! & TraceFlag.throttle) !== 0;
        case 'fault':
          return (i) => (flags[i]! & TraceFlag.fault) !== 0;
        case 'partial':
          return (i) => (flags[i]! & TraceFlag.partial) !== 0;
        case 'root':
          return () => true;
        case 'inferred':
          return () => false;
      }
      return unknownKeyword(keyword, 'trace');
    },
    number(keyword) {
      switch (keyword) {
        case 'duration':
          return (i) => duration[i]!;
        case 'responsetime':
          return (i) => responseTime[i]!;
        case 'http.status':
          return (i) => httpStatus[i]!;
      }
      return unknownKeyword(keyword, 'trace');
    },
    string(keyword) {
      const column = (values: readonly StringValues[]) => (i: number) => values[i];
      switch (keyword) {
        case 'http.url':
          return column(table.url);
        case 'http.method':
          return column(table.method);
        case 'http.useragent':
          return column(table.userAgent);
        case 'http.clientip':
          return column(table.clientIp);
        case 'user':
          return column(table.list('users'));
        case 'name':
          return column(table.entryName);
        case 'type':
          return column(table.entryType);
        case 'resource.arn':
          return column(table.list('resourceArns'));
        case 'instance.id':
          return column(table.list('instanceIds'));
        case 'availabilityzone':
          return column(table.list('availabilityZones'));
      }
      return unknownKeyword(keyword, 'trace');
    },
  };
}

const request = (span: Span) => jsonObject(jsonObject(span.doc.http)?.['request']);
const ec2 = (span: Span) => jsonObject(jsonObject(span.doc.aws)?.['ec2']);

/** Keywords in a service()/edge() block read span row `k` of the node index. */
export function nodeAccess(index: NodeIndex): ScopeAccess<number> {
  const { spans, spanBits, spanDuration, spanNode, nodes } = index;
  const bit = (mask: number) => (k: number) => (spanBits[k]! & mask) !== 0;
  return {
    boolean(keyword) {
      switch (keyword) {
        case 'ok':
          return (k) => (spanBits[k]! & (SpanBit.fault | SpanBit.error | SpanBit.throttle)) === 0;
        case 'error':
          return bit(SpanBit.error);
        case 'throttle':
          return bit(SpanBit.throttle);
        case 'fault':
          return bit(SpanBit.fault);
        case 'partial':
          return bit(SpanBit.inProgress);
        case 'inferred':
          return bit(SpanBit.inferred);
        case 'root':
          return bit(SpanBit.root);
      }
      return unknownKeyword(keyword, 'node');
    },
    number(keyword) {
      switch (keyword) {
        case 'duration':
        case 'responsetime':
          return (k) => spanDuration[k]!;
        case 'http.status': {
          const statuses = index.spanHttpStatus();
          return (k) => statuses[k]!;
        }
      }
      return unknownKeyword(keyword, 'node');
    },
    string(keyword) {
      switch (keyword) {
        case 'http.url':
          return (k) => jsonString(request(spans[k]!)?.['url']);
        case 'http.method':
          return (k) => jsonString(request(spans[k]!)?.['method']);
        case 'http.useragent':
          return (k) => jsonString(request(spans[k]!)?.['user_agent']);
        case 'http.clientip':
          return (k) => jsonString(request(spans[k]!)?.['client_ip']);
        case 'user':
          return (k) => jsonString(spans[k]!.doc['user']);
        case 'name':
          return (k) => nodes[spanNode[k]!]!.names;
        case 'type':
          return (k) => nodes[spanNode[k]!]!.type;
        case 'resource.arn':
          return (k) => jsonString(spans[k]!.doc['resource_arn']);
        case 'instance.id':
          return (k) => jsonString(ec2(spans[k]!)?.['instance_id']);
        case 'availabilityzone':
          return (k) => jsonString(ec2(spans[k]!)?.['availability_zone']);
      }
      return unknownKeyword(keyword, 'node');
    },
  };
}

const serviceNames = (service: RootCauseService): readonly string[] => (service.names.length ? service.names : [service.name]);

export const ROOT_CAUSE_SERVICE_ACCESS: ScopeAccess<RootCauseContext> = {
  boolean(keyword) {
    switch (keyword) {
      case 'first':
        return (c) => c.serviceIndex === 0;
      case 'last':
        return (c) => c.serviceIndex === c.cause.services.length - 1;
      case 'remote':
        return (c) => c.service.entityPath[0]?.remote ?? c.service.inferred;
      case 'inferred':
        return (c) => c.service.inferred;
    }
    return unknownKeyword(keyword, 'root-cause service');
  },
  number(keyword) {
    if (keyword === 'index') return (c) => c.serviceIndex;
    if (keyword === 'coverage') return (c) => c.service.entityPath[0]?.coverage ?? Number.NaN;
    return unknownKeyword(keyword, 'root-cause service');
  },
  string(keyword) {
    if (keyword === 'name') return (c) => serviceNames(c.service);
    if (keyword === 'type') return (c) => c.service.type;
    return unknownKeyword(keyword, 'root-cause service');
  },
};

export const ROOT_CAUSE_ENTITY_ACCESS: ScopeAccess<RootCauseContext> = {
  boolean(keyword) {
    switch (keyword) {
      case 'first':
        return (c) => c.entityIndex === 0;
      case 'last':
        return (c) => c.entityIndex === c.service.entityPath.length - 1;
      case 'remote':
        return (c) => c.entity?.remote ?? false;
    }
    return unknownKeyword(keyword, 'root-cause entity');
  },
  number(keyword) {
    if (keyword === 'index') return (c) => c.entityIndex;
    if (keyword === 'coverage') return (c) => c.entity?.coverage ?? Number.NaN;
    return unknownKeyword(keyword, 'root-cause entity');
  },
  string(keyword) {
    if (keyword === 'name') return (c) => c.entity?.name;
    if (keyword === 'message') return (c) => c.entity?.exceptions.map((exception) => exception.message);
    return unknownKeyword(keyword, 'root-cause entity');
  },
};

export const ROOT_CAUSE_EXCEPTION_ACCESS: ScopeAccess<RootCauseContext> = {
  boolean(keyword) {
    switch (keyword) {
      case 'first':
        return (c) => c.exceptionIndex === 0;
      case 'last':
        return (c) => c.exceptionIndex === (c.entity?.exceptions.length ?? 0) - 1;
      case 'remote':
        return (c) => c.entity?.remote ?? false;
    }
    return unknownKeyword(keyword, 'root-cause exception');
  },
  number(keyword) {
    if (keyword === 'index') return (c) => c.exceptionIndex;
    return unknownKeyword(keyword, 'root-cause exception');
  },
  string(keyword) {
    // An exception's name is its type (`ProvisionedThroughputExceededException`).
    if (keyword === 'name' || keyword === 'type') return (c) => c.exception?.name;
    if (keyword === 'message') return (c) => c.exception?.message;
    return unknownKeyword(keyword, 'root-cause exception');
  },
};
