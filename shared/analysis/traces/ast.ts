import type { RootCauseKind } from './root-cause.ts';

/**
 * The parsed form of a filter expression. Every node keeps its `start`/`end` offsets in the
 * text. AND and OR are n-ary (a long chain of terms is one node, not a deep tree), so the depth
 * of the tree is the nesting of parentheses, negations and blocks, which the parser caps.
 */
export type NumberOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type StringOp = '=' | '!=' | 'contains' | 'beginswith' | 'endswith';

/** Where an expression is evaluated: the whole trace, one node (service/edge block) or a root-cause block. */
export type FilterScope = 'trace' | 'node' | 'rootcause.service' | 'rootcause.entity' | 'rootcause.exception';

interface At {
  readonly start: number;
  readonly end: number;
}

/** `id(name: "x", type: "AWS::Lambda", account.id: "123")`, or a bare name (`service("x")`). */
export interface NodeSelector extends At {
  readonly name?: string;
  readonly type?: string;
  readonly accountId?: string;
}

export type FilterExpr =
  | (At & { readonly kind: 'and' | 'or'; readonly operands: readonly FilterExpr[] })
  | (At & { readonly kind: 'not'; readonly operand: FilterExpr })
  /** `fault`, `fault = true`, `fault != true` (value false). */
  | (At & { readonly kind: 'bool'; readonly keyword: string; readonly value: boolean })
  | (At & { readonly kind: 'number'; readonly keyword: string; readonly op: NumberOp; readonly value: number })
  | (At & { readonly kind: 'string'; readonly keyword: string; readonly op: StringOp; readonly value: string })
  /** `annotation.key` alone tests that the key is set. */
  | (At & { readonly kind: 'annotation'; readonly key: string; readonly test: AnnotationTest | undefined })
  | (At & { readonly kind: 'service'; readonly selector: NodeSelector | undefined; readonly body: FilterExpr | undefined })
  | (At & { readonly kind: 'edge'; readonly source: NodeSelector; readonly target: NodeSelector; readonly body: FilterExpr | undefined })
  | (At & { readonly kind: 'rootcause'; readonly cause: RootCauseKind; readonly level: 'service' | 'entity' | 'exception'; readonly body: FilterExpr })
  | (At & { readonly kind: 'group'; readonly field: 'name' | 'arn'; readonly value: string });

export type AnnotationTest =
  | { readonly type: 'number'; readonly op: NumberOp; readonly value: number }
  | { readonly type: 'string'; readonly op: StringOp; readonly value: string }
  | { readonly type: 'boolean'; readonly op: '=' | '!='; readonly value: boolean };
