import type { RootCauseKind } from './root-cause.ts';
import { canonicalType } from '../../dataset/index.ts';
import type { AnnotationTest, FilterExpr, NodeSelector, NumberOp, StringOp } from './ast.ts';
import { FilterError } from './errors.ts';
import {
  nodeAccess,
  ROOT_CAUSE_ENTITY_ACCESS,
  ROOT_CAUSE_EXCEPTION_ACCESS,
  ROOT_CAUSE_SERVICE_ACCESS,
  traceAccess,
  type RootCauseContext,
  type ScopeAccess,
  type StringValues,
} from './scopes.ts';
import type { NodeIndex, NodeInfo } from './node-index.ts';
import type { AnnotationValue } from './trace-facts.ts';
import type { TraceTable } from './trace-table.ts';

/**
 * Turns a parsed expression into one predicate over the traces of a TraceTable: closures built
 * once per table, so testing a trace does no parsing, no keyword lookup and no allocation; the
 * top-level keywords read typed-array columns. Semantics, where X-Ray leaves
 * room: `!=` is the negation of `=` (true when the field is absent); a comparison on a field
 * with several values (`user`, annotation values) is true when one value satisfies it; a
 * missing number (NaN) satisfies no ordering; `service(){f}` holds when one span of a matching
 * node satisfies f, `edge(a,b){f}` when one segment of b called from a does; a rootcause block holds when
 * one service, entity or exception of one root cause of that kind does.
 */
export type Predicate<C> = (context: C) => boolean;

const ALWAYS: Predicate<unknown> = () => true;

function numberTest(op: NumberOp, value: number): (actual: number) => boolean {
  switch (op) {
    case '=':
      return (actual) => actual === value;
    case '!=':
      return (actual) => actual !== value;
    case '<':
      return (actual) => actual < value;
    case '<=':
      return (actual) => actual <= value;
    case '>':
      return (actual) => actual > value;
    case '>=':
      return (actual) => actual >= value;
  }
}

function stringTest(op: StringOp, value: string): (actual: string) => boolean {
  switch (op) {
    case '=':
    case '!=':
      return (actual) => actual === value;
    case 'contains':
      return (actual) => actual.includes(value);
    case 'beginswith':
      return (actual) => actual.startsWith(value);
    case 'endswith':
      return (actual) => actual.endsWith(value);
  }
}

function anyString(values: StringValues, test: (actual: string) => boolean): boolean {
  if (values === undefined) return false;
  if (typeof values === 'string') return test(values);
  for (const value of values) if (test(value)) return true;
  return false;
}

function compileStringTest<C>(read: (context: C) => StringValues, op: StringOp, value: string): Predicate<C> {
  const test = stringTest(op, value);
  if (op === '!=') return (context) => !anyString(read(context), test);
  return (context) => anyString(read(context), test);
}

function compileAnnotation(table: TraceTable, key: string, test: AnnotationTest | undefined): Predicate<number> {
  const column = table.annotation(key);
  if (!test) return (i) => column[i] !== undefined;
  let one: (value: AnnotationValue) => boolean;
  if (test.type === 'number') {
    const compare = numberTest(test.op === '!=' ? '=' : test.op, test.value);
    one = (value) => typeof value === 'number' && compare(value);
  } else if (test.type === 'string') {
    const compare = stringTest(test.op, test.value);
    one = (value) => typeof value === 'string' && compare(value);
  } else {
    one = (value) => value === test.value;
  }
  const any = (i: number): boolean => {
    const values = column[i];
    if (values === undefined) return false;
    for (const value of values) if (one(value)) return true;
    return false;
  };
  return test.op === '!=' ? (i) => !any(i) : any;
}

/** Which nodes of the index a selector names, as a mask over node ids. */
function selectorMask(selector: NodeSelector | undefined, nodes: readonly NodeInfo[]): Uint8Array {
  const mask = new Uint8Array(nodes.length);
  const type = selector?.type === undefined ? undefined : canonicalType(selector.type);
  nodes.forEach((node, id) => {
    const name = selector?.name;
    const accountId = selector?.accountId;
    const named = name === undefined || node.name === name || node.names.includes(name);
    if (named && (type === undefined || node.type === type) && (accountId === undefined || node.accountId === accountId)) mask[id] = 1;
  });
  return mask;
}

/** Compiles `expr` in a scope with simple keywords read through `access`; `complex` handles the top-level-only forms. */
function compileIn<C>(expr: FilterExpr, access: ScopeAccess<C>, complex: (expr: FilterExpr) => Predicate<C>): Predicate<C> {
  switch (expr.kind) {
    case 'and': {
      const parts = expr.operands.map((operand) => compileIn(operand, access, complex));
      if (parts.length === 2) {
        const [a, b] = parts as [Predicate<C>, Predicate<C>];
        return (context) => a(context) && b(context);
      }
      return (context) => {
        for (const part of parts) if (!part(context)) return false;
        return true;
      };
    }
    case 'or': {
      const parts = expr.operands.map((operand) => compileIn(operand, access, complex));
      return (context) => {
        for (const part of parts) if (part(context)) return true;
        return false;
      };
    }
    case 'not': {
      const operand = compileIn(expr.operand, access, complex);
      return (context) => !operand(context);
    }
    case 'bool': {
      const read = access.boolean(expr.keyword);
      return expr.value ? read : (context) => !read(context);
    }
    case 'number': {
      const read = access.number(expr.keyword);
      const test = numberTest(expr.op, expr.value);
      return (context) => test(read(context));
    }
    case 'string':
      return compileStringTest(access.string(expr.keyword), expr.op, expr.value);
    default:
      return complex(expr);
  }
}

/** A block's test over the span rows [from, to) of the node index; true when one row satisfies it (or there is no block). */
function compileNodeBlock(body: FilterExpr | undefined, index: NodeIndex): (from: number, to: number) => boolean {
  if (!body) return () => true;
  const test = compileIn<number>(body, nodeAccess(index), (inner) => {
    throw new FilterError('Only keywords can be used inside a service() or edge() block.', inner.start, inner.end);
  });
  return (from, to) => {
    for (let k = from; k < to; k++) if (test(k)) return true;
    return false;
  };
}

function compileRootCause(table: TraceTable, cause: RootCauseKind, level: 'service' | 'entity' | 'exception', body: FilterExpr): Predicate<number> {
  const access = level === 'service' ? ROOT_CAUSE_SERVICE_ACCESS : level === 'entity' ? ROOT_CAUSE_ENTITY_ACCESS : ROOT_CAUSE_EXCEPTION_ACCESS;
  const test = compileIn<RootCauseContext>(body, access, (inner) => {
    throw new FilterError('Only keywords can be used inside a rootcause block.', inner.start, inner.end);
  });
  const c: RootCauseContext = { cause: undefined as never, service: undefined as never, serviceIndex: 0, entity: undefined, entityIndex: 0, exception: undefined, exceptionIndex: 0 };
  return (i) => {
    for (const rootCause of table.rootCauses(i, cause)) {
      c.cause = rootCause;
      for (let s = 0; s < rootCause.services.length; s++) {
        c.service = rootCause.services[s]!;
        c.serviceIndex = s;
        c.entity = undefined;
        c.exception = undefined;
        if (level === 'service') {
          if (test(c)) return true;
          continue;
        }
        const path = c.service.entityPath;
        for (let e = 0; e < path.length; e++) {
          c.entity = path[e]!;
          c.entityIndex = e;
          if (level === 'entity') {
            if (test(c)) return true;
            continue;
          }
          const exceptions = c.entity.exceptions;
          for (let x = 0; x < exceptions.length; x++) {
            c.exception = exceptions[x]!;
            c.exceptionIndex = x;
            if (test(c)) return true;
          }
        }
      }
    }
    return false;
  };
}

function compileTopLevel(table: TraceTable, expr: FilterExpr): Predicate<number> {
  switch (expr.kind) {
    case 'annotation':
      return compileAnnotation(table, expr.key, expr.test);
    case 'service': {
      const index = table.nodeIndex();
      const { traceNodeStart, entryNode, entrySpanStart, entrySpanEnd } = index;
      const matches = selectorMask(expr.selector, index.nodes);
      const block = compileNodeBlock(expr.body, index);
      return (i) => {
        const end = traceNodeStart[i + 1]!;
        for (let e = traceNodeStart[i]!; e < end; e++) if (matches[entryNode[e]!] === 1 && block(entrySpanStart[e]!, entrySpanEnd[e]!)) return true;
        return false;
      };
    }
    case 'edge': {
      const index = table.nodeIndex();
      const { traceEdgeStart, edgeSource, edgeTarget, edgeSpanStart, edgeSpanEnd } = index;
      const sources = selectorMask(expr.source, index.nodes);
      const targets = selectorMask(expr.target, index.nodes);
      const block = compileNodeBlock(expr.body, index);
      return (i) => {
        const end = traceEdgeStart[i + 1]!;
        for (let e = traceEdgeStart[i]!; e < end; e++) {
          if (sources[edgeSource[e]!] === 1 && targets[edgeTarget[e]!] === 1 && block(edgeSpanStart[e]!, edgeSpanEnd[e]!)) return true;
        }
        return false;
      };
    }
    case 'rootcause':
      return compileRootCause(table, expr.cause, expr.level, expr.body);
    case 'group':
      throw groupError(expr);
    default:
      throw new FilterError('Unsupported expression.', expr.start, expr.end);
  }
}

export function groupError(expr: { readonly field: string; readonly start: number; readonly end: number }): FilterError {
  return new FilterError(
    `group.${expr.field} can't be evaluated locally: an X-Ray group lives in the AWS account, not in the snapshot. Use the group's own filter expression instead.`,
    expr.start,
    expr.end,
  );
}

/** The predicate of a parsed expression over the traces of `table` (by index); undefined matches every trace. */
export function compileExpression(expr: FilterExpr | undefined, table: TraceTable): Predicate<number> {
  return expr ? compileIn(expr, traceAccess(table), (inner) => compileTopLevel(table, inner)) : (ALWAYS as Predicate<number>);
}
